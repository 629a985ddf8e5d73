package dev.ebpf4j.inspect;

import dev.ebpf4j.program.Bpf;
import dev.ebpf4j.program.BpfProgram;
import dev.ebpf4j.program.Tc;
import dev.ebpf4j.program.TcAction;
import dev.ebpf4j.program.TcContext;
import dev.ebpf4j.program.maps.BpfLruHashMap;
import dev.ebpf4j.program.maps.MapDef;
import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.Ipv4;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;

/**
 * Tracks TCP connections at tc ingress and egress, over IPv4 and IPv6: one entry per connection in
 * an LRU hash, keyed so that both directions meet in it ({@link Flows#sourceIsA}), with packets
 * and bytes each way, when it was first and last seen, the flags each way, and its state
 * ({@link Flows#state}). A SYN on a closed connection's key starts the entry again. A known
 * connection's counters and last-seen time are updated in place, atomically, through one lookup
 * (its flags and state, which change a few times a connection, are stored only when they do). User space
 * expires idle flows by {@link Flow#lastNanos()}; the LRU evicts the idlest when full. Passes
 * every packet.
 */
@BpfProgram(license = "Dual MIT/GPL")
public final class FlowTracker {
    /**
     * A connection's key: endpoint A (the smaller, see {@link Flows#sourceIsA}) then B. Addresses in
     * the 128-bit form of {@link Segments} (IPv4 mapped). Four longs and two ints: no padding.
     *
     * @param aHigh upper half of A's address
     * @param aLow  lower half of A's address
     * @param bHigh upper half of B's address
     * @param bLow  lower half of B's address
     * @param aPort A's port
     * @param bPort B's port
     */
    public record FlowKey(long aHigh, long aLow, long bHigh, long bLow, int aPort, int bPort) {
    }

    /**
     * A connection's state.
     *
     * @param firstNanos  when its first segment was seen ({@link Bpf#nanoTime()})
     * @param lastNanos   when its latest segment was seen
     * @param packetsAToB segments from A to B
     * @param bytesAToB   their bytes (frame lengths, with a VLAN tag the kernel keeps in metadata: {@link Segments#frameLength})
     * @param packetsBToA segments from B to A
     * @param bytesBToA   their bytes
     * @param flagsAToB   the OR of the flags A sent
     * @param flagsBToA   the OR of the flags B sent
     * @param state       one of {@link Flows#SYN_SENT} ... {@link Flows#CLOSED_RST}
     */
    public record Flow(long firstNanos, long lastNanos, long packetsAToB, long bytesAToB, long packetsBToA, long bytesBToA,
                       int flagsAToB, int flagsBToA, int state) {
    }

    /** The connections. */
    @MapDef(maxEntries = 65536)
    static final BpfLruHashMap<FlowKey, Flow> flows = new BpfLruHashMap<>();

    private FlowTracker() {
    }

    /** Tracks an incoming segment; passes it. */
    @Tc(Tc.Direction.INGRESS)
    public static TcAction ingress(TcContext ctx) {
        track(ctx);
        return TcAction.UNSPEC;
    }

    /** Tracks an outgoing segment; passes it. */
    @Tc(Tc.Direction.EGRESS)
    public static TcAction egress(TcContext ctx) {
        track(ctx);
        return TcAction.UNSPEC;
    }

    static void track(TcContext ctx) {
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
        Flows.Share share = Flows.share(forward, bytes, flags);
        long now = Bpf.nanoTime();
        Flow flow = flows.get(key);
        if (flow == null || (Flows.closed(flow.state()) && Segments.isSyn(flags))) {
            // a connection this segment starts (or starts again): the whole record, once
            flows.put(key, new Flow(now, now, share.packetsAToB(), share.bytesAToB(), share.packetsBToA(), share.bytesBToA(),
                    share.flagsAToB(), share.flagsBToA(), Flows.state(share.flagsAToB(), share.flagsBToA())));
            return;
        }
        // a known connection: its counters and last-seen time in place, atomically, through the one
        // lookup; flags and state change a few times a connection and are stored only then, as
        // plain stores (an atomic or needs 5.12 on a map shared by CPUs; two CPUs adding different
        // new flags of one direction at the same instant is the one update this can lose)
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
        // the state from both directions' flags, checked on every segment and stored where it
        // differs: when each side's FIN is counted at once on two CPUs, each reads the other
        // direction's flags before the other's store and both store CLOSING; the next segment (the
        // last ACK) puts it right (seen on 5.10 under emulation: a connection left closing)
        int state = Flows.state(sentAToB, sentBToA);
        if (state != flow.state()) flows.set(key, Flow::state, state);
    }
}
