package dev.ebpf4j.processor.c;

import dev.ebpf4j.program.BpfProgram;
import dev.ebpf4j.program.Xdp;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfArray;
import dev.ebpf4j.program.maps.BpfHashMap;
import dev.ebpf4j.program.maps.MapDef;
import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.Ipv4;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;

/** The TCP port filter as its author writes it: the JVM oracle of {@link ExamplePrograms#portFilter}. */
@BpfProgram(license = "GPL")
final class JvmPortFilter {
    /** Blocked destination ports, each with the number of segments dropped for it. */
    @MapDef(maxEntries = 1024)
    static final BpfHashMap<Integer, Long> blockedPorts = new BpfHashMap<>();

    /** All drops, in element 0. */
    @MapDef(maxEntries = 1)
    static final BpfArray<Long> dropped = new BpfArray<>();

    private JvmPortFilter() {
    }

    @Xdp
    static XdpAction filter(XdpContext ctx) {
        Ethernet eth = ctx.ethernet();
        if (eth == null) return XdpAction.PASS;
        int port = -1;
        Ipv4 ip4 = eth.ipv4();
        if (ip4 != null) {
            Tcp tcp = ip4.tcp();
            if (tcp != null) port = tcp.destinationPort();
        } else {
            Ipv6 ip6 = eth.ipv6();
            if (ip6 != null) {
                Tcp tcp6 = ip6.tcp();
                if (tcp6 != null) port = tcp6.destinationPort();
            }
        }
        if (port < 0) return XdpAction.PASS;
        Long drops = blockedPorts.get(port);
        if (drops == null) return XdpAction.PASS;
        blockedPorts.increment(port);
        dropped.increment(0);
        return XdpAction.DROP;
    }
}
