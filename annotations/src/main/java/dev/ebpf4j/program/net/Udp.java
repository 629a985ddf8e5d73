package dev.ebpf4j.program.net;

/** A UDP header (RFC 768, 8 bytes); fields read in host order. */
public final class Udp {
    /** The header's length. */
    public static final int LENGTH = 8;

    private final Frame frame;
    private final int offset;

    private Udp(Frame frame, int offset) {
        this.frame = frame;
        this.offset = offset;
    }

    static Udp at(Frame frame, int offset) {
        return frame.fits(offset, LENGTH) ? new Udp(frame, offset) : null;
    }

    /** The source port, 0 to 65535. */
    public int sourcePort() {
        return frame.u16(offset);
    }

    /** The destination port, 0 to 65535. */
    public int destinationPort() {
        return frame.u16(offset + 2);
    }

    /** The datagram's length in bytes, header included. */
    public int length() {
        return frame.u16(offset + 4);
    }

    /** The checksum (0 when unused over IPv4). */
    public int checksum() {
        return frame.u16(offset + 6);
    }
}
