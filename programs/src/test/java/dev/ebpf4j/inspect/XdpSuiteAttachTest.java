package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.inspect.CidrFirewall.Rule;
import dev.ebpf4j.inspect.SynGuard.Source;
import dev.ebpf4j.links.NetworkAttachments;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.links.XdpMode;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.VethPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The suite's XDP programs attached through their skeletons to a veth in a namespace of the test's
 * own, in native and generic mode, against SYNs hping3 sends from the peer namespace from several
 * (spoofed) source addresses: counters equal what hping3 says it sent, exactly.
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class XdpSuiteAttachTest {
    private static final int SYNS = 30;
    private static final int PORT = 8080;
    /** SYNs without ACK, as the guard limits them. */
    private static final String SYN_FILTER = "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn";
    private static final String LIMITED_A = "10.199.0.10", LIMITED_B = "10.199.0.11", ALLOWED = "10.199.0.30";

    private VethPair veth;
    private NetworkNamespace inner;

    @BeforeEach
    void namespaces() throws Exception {
        veth = VethPair.create();
        inner = new NetworkNamespace(veth.innerNamespace());
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (veth != null) veth.close();
    }

    private long flood(String source) throws Exception {
        return Hping.send(veth.outerNamespace(), source, VethPair.INNER_ADDRESS, PORT, SYNS, "-S");
    }

    private static int address(String dotted) {
        int address = 0;
        for (String part : dotted.split("\\.")) address = address << 8 | Integer.parseInt(part);
        return address;
    }

    @Test
    void theGuardDropsExactlyTheSynsOverEachSourcesBurstAndNoneOfAnAllowlistedSource() throws Exception {
        int burst = 4;
        for (XdpMode mode : List.of(XdpMode.NATIVE, XdpMode.GENERIC)) {
            try (SynGuardSkeleton guard = SynGuardSkeleton.load()) {
                guard.config().put(SynGuard.RATE, 0L); // no refill: what passes is the burst, whatever the timing
                guard.config().put(SynGuard.BURST, (long) burst);
                guard.allow4().put(address(ALLOWED), 32, (byte) 1);
                inner.call(() -> guard.guard().attachXdp(veth.inner(), mode));

                // tcpdump counts the SYNs on both ends of the veth: all that left the peer, and those the guard let in
                long a, b, allowed, sentSeen, arrivedSeen;
                try (PacketCount sent = PacketCount.start(veth.outerNamespace(), veth.outer(), "out", SYN_FILTER);
                     PacketCount arrived = PacketCount.start(veth.innerNamespace(), veth.inner(), "in", SYN_FILTER)) {
                    a = flood(LIMITED_A);
                    b = flood(LIMITED_B);
                    allowed = flood(ALLOWED);
                    sentSeen = sent.stopAt(a + b + allowed);
                    arrivedSeen = arrived.stopAt(2L * burst + allowed);
                }
                assertEquals(List.of((long) SYNS, (long) SYNS, (long) SYNS), List.of(a, b, allowed), mode + ": hping3 sent them all");
                assertEquals(a + b + allowed, sentSeen, mode + ": tcpdump saw them all leave the peer");
                assertEquals(guard.synCounts().sum(SynGuard.PASSED) + guard.synCounts().sum(SynGuard.ALLOWLISTED), arrivedSeen,
                        mode + ": tcpdump behind the guard saw exactly the SYNs it passed");

                assertEquals(2L * burst, guard.synCounts().sum(SynGuard.PASSED), mode + ": each limited source's burst passed");
                assertEquals(a + b - 2L * burst, guard.synCounts().sum(SynGuard.DROPPED), mode + ": the rest dropped");
                assertEquals(allowed, guard.synCounts().sum(SynGuard.ALLOWLISTED), mode + ": the allowlisted source never limited");
                assertEquals(Map.of(new Source(0, Segments.mapped(address(LIMITED_A))), a - burst,
                        new Source(0, Segments.mapped(address(LIMITED_B))), b - burst), guard.overLimit().entries(),
                        mode + ": the sources over the limit, with their drops");
            }
            assertEquals(List.of(), NetworkAttachments.on(NetworkDevice.named(veth.inner(), inner)), mode + ": detached on close");
        }
    }

    @Test
    void theFirewallDropsExactlyTheBlockedPrefixsPackets() throws Exception {
        for (XdpMode mode : List.of(XdpMode.NATIVE, XdpMode.GENERIC)) {
            try (CidrFirewallSkeleton firewall = CidrFirewallSkeleton.load()) {
                firewall.block4().put(address("10.199.0.0"), 24, new Rule(1, 24, CidrFirewall.ANY_PORT));
                firewall.allow4().put(address(ALLOWED), 32, new Rule(2, 32, CidrFirewall.ANY_PORT));
                firewall.block4().put(address(LIMITED_B), 32, new Rule(3, 32, 9999)); // another port: not these SYNs
                inner.call(() -> firewall.filter().attachXdp(veth.inner(), mode));

                long blocked, portRule, allowed, arrivedSeen;
                try (PacketCount arrived = PacketCount.start(veth.innerNamespace(), veth.inner(), "in", "tcp")) {
                    blocked = flood(LIMITED_A);
                    portRule = flood(LIMITED_B);
                    allowed = flood(ALLOWED);
                    arrivedSeen = arrived.stopAt(portRule + allowed);
                }
                assertEquals(portRule + allowed, arrivedSeen, mode + ": tcpdump behind the firewall saw exactly the SYNs not blocked");

                // .10 falls to the /24 block; .11's longest blocklist match is its own /32, which is for
                // port 9999 only and so does not apply (a trie keeps one rule per prefix: the /24 is
                // not tried for .11); .30 is allowed
                assertEquals(blocked, firewall.ruleHits().sum(1), mode + ": the /24's hits");
                assertEquals(allowed, firewall.ruleHits().sum(2), mode + ": the allowed /32's hits");
                assertEquals(0, firewall.ruleHits().sum(3), mode + ": the port-limited rule never applied");
                assertEquals(blocked, firewall.verdicts().sum(CidrFirewall.DROPPED), mode + ": dropped: exactly the blocked prefix's SYNs");
                // the allowed SYNs passed, and with them whatever IPv6 neighbour discovery the namespaces sent
                long passed = firewall.verdicts().sum(CidrFirewall.PASSED);
                assertTrue(passed >= allowed + portRule, mode + ": passed " + passed + ", allowed and port-rule SYNs " + (allowed + portRule));
            }
        }
    }
}
