package dev.ebpf4j.processor.differential;

/**
 * Programs in the record-heavy style of issue 13 part 4, written as a user would and tuned for
 * nobody: records as keys, values and events, several maps, the 5-tuple parsed from either IP
 * family. The code-size comparison against clang runs on them.
 */
final class RecordHeavyPrograms {
    private RecordHeavyPrograms() {
    }

    /**
     * A flow tracker over IPv4 and IPv6: a 5-tuple key of 128-bit addresses (IPv4 in the low
     * half), a stats value of five fields updated in place, per-protocol totals in a second map.
     */
    static final String DUAL_STACK_FLOWS = """
            package heavy;

            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.maps.*;
            import dev.ebpf4j.program.net.*;

            @BpfProgram(license = "GPL")
            public final class DualStackFlows {
                public record FlowKey(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow,
                                      int sourcePort, int destinationPort, int protocol) {}
                public record FlowStats(long packets, long bytes, long firstSeen, long lastSeen, int flags) {}
                public record Totals(long packets, long bytes) {}

                @MapDef(maxEntries = 4096)
                static final BpfLruHashMap<FlowKey, FlowStats> flows = new BpfLruHashMap<>();
                @MapDef(maxEntries = 256)
                static final BpfHashMap<Integer, Totals> byProtocol = new BpfHashMap<>();

                @Xdp
                public static XdpAction track(XdpContext ctx) {
                    Ethernet eth = ctx.ethernet();
                    if (eth == null) return XdpAction.PASS;
                    FlowKey key;
                    int flags = 0;
                    Ipv4 ip = eth.ipv4();
                    if (ip != null) {
                        Tcp tcp = ip.tcp();
                        if (tcp != null) {
                            key = new FlowKey(0, ip.source(), 0, ip.destination(), tcp.sourcePort(), tcp.destinationPort(), 6);
                            flags = tcp.flags();
                        } else {
                            Udp udp = ip.udp();
                            if (udp == null) return XdpAction.PASS;
                            key = new FlowKey(0, ip.source(), 0, ip.destination(), udp.sourcePort(), udp.destinationPort(), 17);
                        }
                    } else {
                        Ipv6 ip6 = eth.ipv6();
                        if (ip6 == null) return XdpAction.PASS;
                        Tcp tcp = ip6.tcp();
                        if (tcp != null) {
                            key = new FlowKey(ip6.sourceHigh(), ip6.sourceLow(), ip6.destinationHigh(), ip6.destinationLow(),
                                    tcp.sourcePort(), tcp.destinationPort(), 6);
                            flags = tcp.flags();
                        } else {
                            Udp udp = ip6.udp();
                            if (udp == null) return XdpAction.PASS;
                            key = new FlowKey(ip6.sourceHigh(), ip6.sourceLow(), ip6.destinationHigh(), ip6.destinationLow(),
                                    udp.sourcePort(), udp.destinationPort(), 17);
                        }
                    }
                    long now = Bpf.nanoTime();
                    long length = ctx.length();
                    if (!flows.addOrInsert(key, FlowStats::packets, 1, new FlowStats(0, 0, now, now, 0))) return XdpAction.DROP;
                    flows.add(key, FlowStats::bytes, length);
                    flows.set(key, FlowStats::lastSeen, now);
                    flows.or(key, FlowStats::flags, flags);
                    byProtocol.addOrInsert(key.protocol(), Totals::packets, 1, new Totals(0, 0));
                    byProtocol.add(key.protocol(), Totals::bytes, length);
                    return XdpAction.PASS;
                }
            }
            """;
}
