package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.testing.VethPair;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPv6 on a {@link VethPair}: {@link #INNER} on the inner end and any number of source addresses
 * on the outer one, all in {@code fd00:199::/48} (so every source is on-link for the inner side,
 * whatever its /64), added {@code nodad} (usable at once: no duplicate address detection to race),
 * and permanent neighbour entries both ways, so that no neighbour solicitation crosses the veth
 * while a test counts packets, and a reply to a spoofed source goes out without asking for it.
 * The addresses and entries go with the namespaces.
 */
final class Ipv6Peers {
    static final String INNER = "fd00:199::1";
    private static final Pattern MAC = Pattern.compile("link/ether ([0-9a-f:]{17})");

    private Ipv6Peers() {
    }

    /** Adds {@link #INNER} to the inner end and {@code sources} to the outer one, and the neighbour entries between them. */
    static void add(VethPair veth, List<String> sources) throws IOException, InterruptedException {
        VethPair.ip("-n", veth.innerNamespace(), "addr", "add", INNER + "/48", "dev", veth.inner(), "nodad");
        String innerMac = mac(veth.innerNamespace(), veth.inner());
        String outerMac = mac(veth.outerNamespace(), veth.outer());
        VethPair.ip("-n", veth.outerNamespace(), "neigh", "replace", INNER, "lladdr", innerMac, "dev", veth.outer(), "nud", "permanent");
        for (String source : sources) {
            VethPair.ip("-n", veth.outerNamespace(), "addr", "add", source + "/48", "dev", veth.outer(), "nodad");
            VethPair.ip("-n", veth.innerNamespace(), "neigh", "replace", source, "lladdr", outerMac, "dev", veth.inner(), "nud", "permanent");
        }
    }

    private static String mac(String namespace, String device) throws IOException, InterruptedException {
        String link = VethPair.ip("-n", namespace, "link", "show", "dev", device);
        Matcher matcher = MAC.matcher(link);
        if (!matcher.find()) {
            throw new IllegalStateException(device + " in " + namespace + " has no Ethernet address: " + link.strip());
        }
        return matcher.group(1);
    }
}
