package dev.ebpf4j.program.net;

/** An IPv4 header (RFC 791), options included; its length is {@link #headerLength()}. */
public final class Ipv4 {
    /** The length of a header without options. */
    public static final int MIN_LENGTH = 20;
    /** The protocol number of TCP. */
    public static final int TCP = 6;
    /** The protocol number of UDP. */
    public static final int UDP = 17;

    private final Frame frame;
    private final int offset;

    private Ipv4(Frame frame, int offset) {
        this.frame = frame;
        this.offset = offset;
    }

    static Ipv4 at(Frame frame, int offset) {
        if (!frame.fits(offset, MIN_LENGTH)) return null;
        int versionAndLength = frame.u8(offset);
        int headerLength = (versionAndLength & 0x0f) * 4;
        if (versionAndLength >>> 4 != 4 || headerLength < MIN_LENGTH) return null;
        if (!frame.fits(offset, headerLength)) return null;
        return new Ipv4(frame, offset);
    }

    /** The header's length in bytes, 20 to 60 (IHL × 4). */
    public int headerLength() {
        return (frame.u8(offset) & 0x0f) * 4;
    }

    /** The type-of-service byte (DSCP and ECN). */
    public int tos() {
        return frame.u8(offset + 1);
    }

    /** The datagram's total length in bytes, header included. */
    public int totalLength() {
        return frame.u16(offset + 2);
    }

    /** The identification field. */
    public int identification() {
        return frame.u16(offset + 4);
    }

    /** True if the don't-fragment flag is set. */
    public boolean dontFragment() {
        return (frame.u8(offset + 6) & 0x40) != 0;
    }

    /** True if the more-fragments flag is set. */
    public boolean moreFragments() {
        return (frame.u8(offset + 6) & 0x20) != 0;
    }

    /** The fragment offset in 8-byte units (0 for an unfragmented datagram or a first fragment). */
    public int fragmentOffset() {
        return frame.u16(offset + 6) & 0x1fff;
    }

    /** The time to live. */
    public int ttl() {
        return frame.u8(offset + 8);
    }

    /** The protocol of the payload ({@link #TCP}, {@link #UDP}, ...). */
    public int protocol() {
        return frame.u8(offset + 9);
    }

    /** The header checksum. */
    public int checksum() {
        return frame.u16(offset + 10);
    }

    /** The source address, most significant byte first ({@code 10.0.0.1} is {@code 0x0A000001}). */
    public int source() {
        return (int) frame.u32(offset + 12);
    }

    /** The destination address, most significant byte first. */
    public int destination() {
        return (int) frame.u32(offset + 16);
    }

    /**
     * The TCP header after this one, or {@code null} unless the protocol is TCP, this is the first
     * (or only) fragment, and 20 bytes of TCP header fit in the frame.
     */
    public Tcp tcp() {
        if (protocol() != TCP || fragmentOffset() != 0) return null;
        return Tcp.at(frame, offset + headerLength());
    }

    /** The UDP header after this one, on the same conditions as {@link #tcp()} with 8 bytes. */
    public Udp udp() {
        if (protocol() != UDP || fragmentOffset() != 0) return null;
        return Udp.at(frame, offset + headerLength());
    }
}
