package dev.ebpf4j.program;

import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.Frame;

/**
 * What a {@link Tc} program sees: the socket buffer's linear data from the Ethernet header on.
 *
 * <p>In the kernel this is {@code struct __sk_buff}; packet views read the linear data directly
 * ({@code data}, {@code data_end}). On the JVM it wraps a byte array: {@code TcContext.of(frame)}.
 */
public final class TcContext {
    private final Frame frame;
    private final int mark;

    private TcContext(Frame frame, int mark) {
        this.frame = frame;
        this.mark = mark;
    }

    /** A context for running an entry method on the JVM over {@code frame} (not copied). */
    public static TcContext of(byte[] frame) {
        return new TcContext(new Frame(frame), 0);
    }

    /** The Ethernet header at the start of the data, or {@code null} if the data is shorter than one. */
    public Ethernet ethernet() {
        return Ethernet.at(frame);
    }

    /** The packet's length in bytes ({@code len}). */
    public int length() {
        return frame.length();
    }

    /** The packet's mark ({@code mark}). */
    public int mark() {
        return mark;
    }
}
