package dev.ebpf4j.inspect;

import dev.ebpf4j.program.BpfProgram;
import dev.ebpf4j.program.Tc;
import dev.ebpf4j.program.TcAction;
import dev.ebpf4j.program.TcContext;
import dev.ebpf4j.program.maps.BpfPerCpuArray;
import dev.ebpf4j.program.maps.BpfPerCpuHashMap;
import dev.ebpf4j.program.maps.MapDef;
import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.Ipv4;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;

/**
 * Counts traffic at tc ingress and egress, over IPv4 and IPv6: TCP packets and bytes by direction,
 * by flag combination and by destination port; everything else counted apart. Passes every packet.
 * Counters are per CPU (no atomics on the hot path; user space sums them); bytes are the packet's
 * length on the wire ({@link Segments#frameLength}: {@code skb->len} from the Ethernet header on, plus
 * a VLAN tag the kernel keeps in metadata).
 */
@BpfProgram(license = "Dual MIT/GPL")
public final class TrafficCounters {
    /** Directions, the first part of every counter's index. */
    public static final int IN = 0, OUT = 1;
    /** Indexes of {@link #totals} within a direction: {@code direction * TOTALS + counter}. */
    public static final int TCP_PACKETS = 0, TCP_BYTES = 1, OTHER_PACKETS = 2, OTHER_BYTES = 3, TOTALS = 4;

    /** TCP and other packets and bytes by direction ({@code direction * TOTALS + counter}). */
    @MapDef(maxEntries = 2 * TOTALS)
    static final BpfPerCpuArray<Long> totals = new BpfPerCpuArray<>();

    /** TCP packets by direction and flag combination ({@code direction * COMBINATIONS + combination}). */
    @MapDef(maxEntries = 2 * Segments.COMBINATIONS)
    static final BpfPerCpuArray<Long> flagPackets = new BpfPerCpuArray<>();

    /** TCP bytes by direction and flag combination, indexed as {@link #flagPackets}. */
    @MapDef(maxEntries = 2 * Segments.COMBINATIONS)
    static final BpfPerCpuArray<Long> flagBytes = new BpfPerCpuArray<>();

    /** TCP packets by direction and destination port ({@code direction << 16 | port}). */
    @MapDef(maxEntries = 8192)
    static final BpfPerCpuHashMap<Integer, Long> portPackets = new BpfPerCpuHashMap<>();

    /** TCP bytes by direction and destination port, keyed as {@link #portPackets}. */
    @MapDef(maxEntries = 8192)
    static final BpfPerCpuHashMap<Integer, Long> portBytes = new BpfPerCpuHashMap<>();

    private TrafficCounters() {
    }

    /** Counts an incoming packet; lets the next program on the hook (and the stack) have it: {@code TC_ACT_UNSPEC}. */
    @Tc(Tc.Direction.INGRESS)
    public static TcAction ingress(TcContext ctx) {
        count(ctx, IN);
        return TcAction.UNSPEC;
    }

    /** Counts an outgoing packet; lets the next program on the hook (and the stack) have it: {@code TC_ACT_UNSPEC}. */
    @Tc(Tc.Direction.EGRESS)
    public static TcAction egress(TcContext ctx) {
        count(ctx, OUT);
        return TcAction.UNSPEC;
    }

    static void count(TcContext ctx, int direction) {
        long bytes = Segments.frameLength(ctx);
        Tcp tcp = null;
        Ethernet ethernet = ctx.ethernet();
        if (ethernet != null) {
            Ipv4 ipv4 = ethernet.ipv4();
            Ipv6 ipv6 = null;
            if (ipv4 == null) ipv6 = ethernet.ipv6();
            tcp = Segments.tcp(ipv4, ipv6);
        }
        if (tcp == null) {
            totals.increment(direction * TOTALS + OTHER_PACKETS);
            totals.increment(direction * TOTALS + OTHER_BYTES, bytes);
            return;
        }
        totals.increment(direction * TOTALS + TCP_PACKETS);
        totals.increment(direction * TOTALS + TCP_BYTES, bytes);
        int combination = direction * Segments.COMBINATIONS + Segments.combination(tcp.flags());
        flagPackets.increment(combination);
        flagBytes.increment(combination, bytes);
        int port = direction << 16 | tcp.destinationPort();
        portPackets.increment(port);
        portBytes.increment(port, bytes);
    }
}
