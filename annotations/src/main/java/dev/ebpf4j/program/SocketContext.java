package dev.ebpf4j.program;

/**
 * What a {@link SocketFilter} program sees. Socket filters may not read packet memory directly, so
 * this context offers the packet's length only; header views are for {@link Xdp} and {@link Tc}.
 */
public final class SocketContext {
    private final int length;

    private SocketContext(int length) {
        this.length = length;
    }

    /** The length of the Ethernet header a socket does not see. */
    private static final int ETHERNET_HEADER = 14;

    /**
     * A context for running an entry method on the JVM over an Ethernet {@code frame}, as the
     * kernel's test run takes it: the socket sees the packet from its network header on, so
     * {@link #length()} is 14 bytes less than the frame's (never below 0).
     */
    public static SocketContext of(byte[] frame) {
        return new SocketContext(Math.max(0, frame.length - ETHERNET_HEADER));
    }

    /** The packet's length in bytes from the network header on ({@code len}). */
    public int length() {
        return length;
    }
}
