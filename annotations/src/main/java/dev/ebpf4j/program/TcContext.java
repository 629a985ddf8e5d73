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
    private final boolean vlanPresent;

    private TcContext(Frame frame, int mark, boolean vlanPresent) {
        this.frame = frame;
        this.mark = mark;
        this.vlanPresent = vlanPresent;
    }

    /** A context for running an entry method on the JVM over {@code frame} (not copied). */
    public static TcContext of(byte[] frame) {
        return new TcContext(new Frame(frame), 0, false);
    }

    /**
     * A context over {@code frame} (not copied) whose outermost VLAN tag the kernel keeps beside
     * the data, in the socket buffer's metadata, as it does after VLAN acceleration (a NIC's, or
     * veth's, which passes the tag of a VLAN sub-interface that way): {@code frame} is the data
     * without that tag, and {@link #vlanPresent()} is true. At tc ingress the kernel has always
     * moved an outermost tag there, wherever it arrived.
     */
    public static TcContext withVlanTagInMetadata(byte[] frame) {
        return new TcContext(new Frame(frame), 0, true);
    }

    /** The Ethernet header at the start of the data, or {@code null} if the data is shorter than one. */
    public Ethernet ethernet() {
        return Ethernet.at(frame);
    }

    /** The packet's length in bytes ({@code len}): the data, without a VLAN tag kept in metadata. */
    public int length() {
        return frame.length();
    }

    /** The packet's mark ({@code mark}). */
    public int mark() {
        return mark;
    }

    /**
     * Whether the kernel keeps a VLAN tag of this packet in metadata rather than in the data
     * ({@code vlan_present}): the frame on the wire was 4 bytes longer than {@link #length()}, and
     * {@link #ethernet()} shows the EtherType that followed the tag.
     */
    public boolean vlanPresent() {
        return vlanPresent;
    }
}
