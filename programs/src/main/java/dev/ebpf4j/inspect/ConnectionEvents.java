package dev.ebpf4j.inspect;

import dev.ebpf4j.inspect.FlowTracker.Flow;
import dev.ebpf4j.inspect.FlowTracker.FlowKey;
import dev.ebpf4j.program.Bpf;
import dev.ebpf4j.program.BpfProgram;
import dev.ebpf4j.program.Tc;
import dev.ebpf4j.program.TcAction;
import dev.ebpf4j.program.TcContext;
import dev.ebpf4j.program.maps.BpfLruHashMap;
import dev.ebpf4j.program.maps.BpfPerCpuArray;
import dev.ebpf4j.program.maps.BpfRingBuffer;
import dev.ebpf4j.program.maps.MapDef;
import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.Ipv4;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;

/**
 * Connection events at tc ingress and egress, over IPv4 and IPv6, into a ring buffer (bcc's
 * tcplife and tcpconnect, without the process): an attempt on each SYN, an acceptance on each
 * SYN-ACK, and an end when a connection closes (its second FIN, or its first RST), with its
 * duration and its bytes each way. It keeps its own flow table, updated as {@link FlowTracker}'s
 * (the same key and state logic, {@link Flows}, and the same in-place updates of a known
 * connection), to know when a connection began and what it carried. Events the ring buffer had no room for are counted in {@link #lost}. Passes every packet.
 */
@BpfProgram(license = "Dual MIT/GPL")
public final class ConnectionEvents {
    /** Event kinds. */
    public static final int ATTEMPT = 1, ACCEPTED = 2, END = 3;

    /**
     * One event. Addresses in the 128-bit form of {@link Segments} (IPv4 mapped); source and
     * destination are those of the segment that caused it.
     *
     * @param timestampNanos  when ({@link Bpf#nanoTime()})
     * @param durationNanos   on an end, since the connection's first segment; else 0
     * @param sourceHigh      upper half of the source address
     * @param sourceLow       lower half of the source address
     * @param destinationHigh upper half of the destination address
     * @param destinationLow  lower half of the destination address
     * @param bytesFromSource on an end, the bytes the source sent over the connection; else 0
     * @param bytesToSource   on an end, the bytes the source received; else 0
     * @param sourcePort      the source port
     * @param destinationPort the destination port
     * @param kind            {@link #ATTEMPT}, {@link #ACCEPTED} or {@link #END}
     * @param state           the connection's state after the segment ({@link Flows#CLOSED_FIN} or {@link Flows#CLOSED_RST} on an end)
     */
    public record ConnectionEvent(long timestampNanos, long durationNanos, long sourceHigh, long sourceLow,
                                  long destinationHigh, long destinationLow, long bytesFromSource, long bytesToSource,
                                  int sourcePort, int destinationPort, int kind, int state) {
    }

    /** The connections, as {@link FlowTracker#flows}. */
    @MapDef(maxEntries = 65536)
    static final BpfLruHashMap<FlowKey, Flow> flows = new BpfLruHashMap<>();

    /** The events. */
    @MapDef(maxEntries = 256 * 1024)
    static final BpfRingBuffer<ConnectionEvent> events = new BpfRingBuffer<>();

    /** Events the ring buffer refused (index 0). */
    @MapDef(maxEntries = 1)
    static final BpfPerCpuArray<Long> lost = new BpfPerCpuArray<>();

    private ConnectionEvents() {
    }

    /** Watches an incoming segment; passes it. */
    @Tc(Tc.Direction.INGRESS)
    public static TcAction ingress(TcContext ctx) {
        watch(ctx);
        return TcAction.UNSPEC;
    }

    /** Watches an outgoing segment; passes it. */
    @Tc(Tc.Direction.EGRESS)
    public static TcAction egress(TcContext ctx) {
        watch(ctx);
        return TcAction.UNSPEC;
    }

    static void watch(TcContext ctx) {
        Ethernet ethernet = ctx.ethernet();
        if (ethernet == null) return;
        Ipv4 ipv4 = ethernet.ipv4();
        Ipv6 ipv6 = null;
        if (ipv4 == null) ipv6 = ethernet.ipv6();
        Tcp tcp = Segments.tcp(ipv4, ipv6);
        if (tcp == null) return;
        long sourceHigh = Segments.sourceHigh(ipv4, ipv6);
        long sourceLow = Segments.sourceLow(ipv4, ipv6);
        long destinationHigh = Segments.destinationHigh(ipv4, ipv6);
        long destinationLow = Segments.destinationLow(ipv4, ipv6);
        int sourcePort = tcp.sourcePort();
        int destinationPort = tcp.destinationPort();
        boolean forward = Flows.sourceIsA(sourceHigh, sourceLow, sourcePort, destinationHigh, destinationLow, destinationPort);
        FlowKey key = Flows.key(forward, sourceHigh, sourceLow, sourcePort, destinationHigh, destinationLow, destinationPort);
        int flags = tcp.flags();
        long bytes = Segments.frameLength(ctx);
        // this segment's share of each direction, as FlowTracker.track counts it
        Flows.Share share = Flows.share(forward, bytes, flags);
        long bytesAToB = share.bytesAToB(), bytesBToA = share.bytesBToA();
        long now = Bpf.nanoTime();
        long first = now;
        int before = 0; // the state before this segment; 0 for a connection it starts
        int state;
        Flow flow = flows.get(key);
        if (flow == null || (Flows.closed(flow.state()) && Segments.isSyn(flags))) {
            // a connection this segment starts (or starts again): the whole record, once
            state = Flows.state(share.flagsAToB(), share.flagsBToA());
            flows.put(key, new Flow(now, now, share.packetsAToB(), bytesAToB, share.packetsBToA(), bytesBToA, share.flagsAToB(),
                    share.flagsBToA(), state));
        } else {
            // a known connection: updated in place as FlowTracker.track does (see there); the
            // totals an end reports are the record's as read plus this segment
            before = flow.state();
            first = flow.firstNanos();
            bytesAToB += flow.bytesAToB();
            bytesBToA += flow.bytesBToA();
            flows.set(key, Flow::lastNanos, now);
            int sentAToB = flow.flagsAToB(), sentBToA = flow.flagsBToA();
            if (forward) {
                flows.add(key, Flow::packetsAToB, 1);
                flows.add(key, Flow::bytesAToB, bytes);
                int seen = sentAToB | flags;
                if (seen != sentAToB) flows.set(key, Flow::flagsAToB, seen);
                sentAToB = seen;
            } else {
                flows.add(key, Flow::packetsBToA, 1);
                flows.add(key, Flow::bytesBToA, bytes);
                int seen = sentBToA | flags;
                if (seen != sentBToA) flows.set(key, Flow::flagsBToA, seen);
                sentBToA = seen;
            }
            // checked on every segment, as FlowTracker.track does (see there): two FINs counted at
            // once on two CPUs leave the end to the next segment rather than to no one
            state = Flows.state(sentAToB, sentBToA);
            if (state != before) flows.set(key, Flow::state, state);
        }

        int kind;
        if (Flows.closed(state) && !Flows.closed(before)) kind = END;
        else if ((flags & (Tcp.SYN | Tcp.RST | Tcp.FIN)) == Tcp.SYN) kind = (flags & Tcp.ACK) != 0 ? ACCEPTED : ATTEMPT;
        else return;
        long fromSource = 0, toSource = 0, duration = 0;
        if (kind == END) {
            duration = now - first;
            fromSource = forward ? bytesAToB : bytesBToA;
            toSource = forward ? bytesBToA : bytesAToB;
        }
        ConnectionEvent event = new ConnectionEvent(now, duration, sourceHigh, sourceLow, destinationHigh, destinationLow,
                fromSource, toSource, sourcePort, destinationPort, kind, state);
        if (!events.output(event)) lost.increment(0);
    }
}
