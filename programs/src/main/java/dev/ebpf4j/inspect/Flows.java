package dev.ebpf4j.inspect;

import dev.ebpf4j.inspect.FlowTracker.FlowKey;
import dev.ebpf4j.program.net.Tcp;

/**
 * The flow logic the flow tracker and the connection events share, as static methods they inline:
 * which endpoint of a segment is a flow's endpoint A, and the state a connection is in given the
 * flags each direction has sent.
 *
 * <p>A flow's key orders its two endpoints (address, then port, compared unsigned) so that both
 * directions of a connection meet in one entry: A is the smaller endpoint, B the larger.
 */
public final class Flows {
    /** Connection states, from the flags each direction has sent. */
    public static final int SYN_SENT = 1, ESTABLISHED = 2, CLOSING = 3, CLOSED_FIN = 4, CLOSED_RST = 5;

    private Flows() {
    }

    /** True if the segment's source (address and port) is the flow's endpoint A: not larger than its destination. */
    public static boolean sourceIsA(long sourceHigh, long sourceLow, int sourcePort,
                                    long destinationHigh, long destinationLow, int destinationPort) {
        if (sourceHigh != destinationHigh) return Long.compareUnsigned(sourceHigh, destinationHigh) < 0;
        if (sourceLow != destinationLow) return Long.compareUnsigned(sourceLow, destinationLow) < 0;
        return sourcePort <= destinationPort;
    }

    /**
     * The state of a connection whose directions have sent {@code flagsAToB} and {@code flagsBToA}
     * (each the OR of its segments' flags): closed by a RST from either side; closed by FIN once
     * both sides sent one; closing after one FIN; established once both sides sent a SYN (the
     * handshake) or when no SYN was seen at all (a connection found in mid-stream); else SYN sent.
     */
    public static int state(int flagsAToB, int flagsBToA) {
        int both = flagsAToB | flagsBToA;
        if ((both & Tcp.RST) != 0) return CLOSED_RST;
        if ((flagsAToB & flagsBToA & Tcp.FIN) != 0) return CLOSED_FIN;
        if ((both & Tcp.FIN) != 0) return CLOSING;
        if ((flagsAToB & flagsBToA & Tcp.SYN) != 0 || (both & Tcp.SYN) == 0) return ESTABLISHED;
        return SYN_SENT;
    }

    /** True for the states a connection ends in. */
    public static boolean closed(int state) {
        return state == CLOSED_FIN || state == CLOSED_RST;
    }

    /**
     * The key of a segment's connection: its source and destination in the key's order, endpoint A
     * first; {@code forward} is {@link #sourceIsA} of them.
     */
    public static FlowKey key(boolean forward, long sourceHigh, long sourceLow, int sourcePort,
                              long destinationHigh, long destinationLow, int destinationPort) {
        if (forward) return new FlowKey(sourceHigh, sourceLow, destinationHigh, destinationLow, sourcePort, destinationPort);
        return new FlowKey(destinationHigh, destinationLow, sourceHigh, sourceLow, destinationPort, sourcePort);
    }

    /**
     * One segment's share of each direction of its connection: one packet, its bytes and its flags
     * on the side it was sent from ({@code forward}: A to B), nothing on the other.
     *
     * @param packetsAToB segments from A to B: 1 or 0
     * @param bytesAToB   their bytes
     * @param packetsBToA segments from B to A: 0 or 1
     * @param bytesBToA   their bytes
     * @param flagsAToB   the flags A sent
     * @param flagsBToA   the flags B sent
     */
    public record Share(long packetsAToB, long bytesAToB, long packetsBToA, long bytesBToA, int flagsAToB, int flagsBToA) {
    }

    /** The {@link Share} of a segment of {@code bytes} with {@code flags}, sent A to B if {@code forward}. */
    public static Share share(boolean forward, long bytes, int flags) {
        if (forward) return new Share(1, bytes, 0, 0, flags, 0);
        return new Share(0, 0, 1, bytes, 0, flags);
    }
}
