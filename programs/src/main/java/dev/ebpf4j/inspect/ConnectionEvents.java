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
 * (the same key and state logic, {@link Flows}), to know when a connection began and what it
 * carried. Events the ring buffer had no room for are counted in {@link #lost}. Passes every packet.
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
        return TcAction.OK;
    }

    /** Watches an outgoing segment; passes it. */
    @Tc(Tc.Direction.EGRESS)
    public static TcAction egress(TcContext ctx) {
        watch(ctx);
        return TcAction.OK;
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
        FlowKey key = new FlowKey(forward ? sourceHigh : destinationHigh, forward ? sourceLow : destinationLow,
                forward ? destinationHigh : sourceHigh, forward ? destinationLow : sourceLow,
                forward ? sourcePort : destinationPort, forward ? destinationPort : sourcePort);
        int flags = tcp.flags();
        long bytes = ctx.length();
        long now = Bpf.nanoTime();

        int kind = 0;
        if ((flags & (Tcp.SYN | Tcp.RST | Tcp.FIN)) == Tcp.SYN) kind = (flags & Tcp.ACK) != 0 ? ACCEPTED : ATTEMPT;
        long first = now;
        long fromSource = bytes;
        long toSource = 0;
        int state;
        Flow flow = flows.get(key);
        if (flow == null || (Flows.closed(flow.state()) && Segments.isSyn(flags))) {
            int flagsAToB = forward ? flags : 0;
            int flagsBToA = forward ? 0 : flags;
            state = Flows.state(flagsAToB, flagsBToA);
            flows.put(key, new Flow(now, now, Flows.onlyIf(forward, 1), Flows.onlyIf(forward, bytes),
                    Flows.onlyIf(!forward, 1), Flows.onlyIf(!forward, bytes), flagsAToB, flagsBToA, state));
            if (Flows.closed(state)) kind = END;
        } else {
            int flagsAToB = flow.flagsAToB() | (forward ? flags : 0);
            int flagsBToA = flow.flagsBToA() | (forward ? 0 : flags);
            state = Flows.state(flagsAToB, flagsBToA);
            long bytesAToB = flow.bytesAToB() + Flows.onlyIf(forward, bytes);
            long bytesBToA = flow.bytesBToA() + Flows.onlyIf(!forward, bytes);
            flows.put(key, new Flow(flow.firstNanos(), now, flow.packetsAToB() + Flows.onlyIf(forward, 1), bytesAToB,
                    flow.packetsBToA() + Flows.onlyIf(!forward, 1), bytesBToA, flagsAToB, flagsBToA, state));
            if (Flows.closed(state) && !Flows.closed(flow.state())) kind = END;
            first = flow.firstNanos();
            fromSource = forward ? bytesAToB : bytesBToA;
            toSource = forward ? bytesBToA : bytesAToB;
        }
        if (kind == 0) return;
        boolean end = kind == END;
        ConnectionEvent event = new ConnectionEvent(now, Flows.onlyIf(end, now - first), sourceHigh, sourceLow,
                destinationHigh, destinationLow, Flows.onlyIf(end, fromSource), Flows.onlyIf(end, toSource),
                sourcePort, destinationPort, kind, state);
        if (!events.output(event)) lost.increment(0);
    }
}
