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

    /** A context for running an entry method on the JVM over {@code packet}. */
    public static SocketContext of(byte[] packet) {
        return new SocketContext(packet.length);
    }

    /** The packet's length in bytes ({@code len}). */
    public int length() {
        return length;
    }
}
