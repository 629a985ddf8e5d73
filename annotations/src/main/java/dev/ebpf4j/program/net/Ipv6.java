package dev.ebpf4j.program.net;

/**
 * An IPv6 header (RFC 8200, 40 bytes). {@link #tcp()} and {@link #udp()} walk up to
 * {@link #MAX_EXTENSION_HEADERS} extension headers (hop-by-hop, routing, fragment, destination
 * options, authentication) to reach the transport header.
 */
public final class Ipv6 {
    /** The length of the fixed header. */
    public static final int LENGTH = 40;
    /** How many extension headers the walk to the transport header steps over at most. */
    public static final int MAX_EXTENSION_HEADERS = 6;
    /** Next-header values of the extension headers the walk understands. */
    public static final int HOP_BY_HOP = 0, ROUTING = 43, FRAGMENT = 44, AUTHENTICATION = 51,
            DESTINATION_OPTIONS = 60;

    private final Frame frame;
    private final int offset;

    private Ipv6(Frame frame, int offset) {
        this.frame = frame;
        this.offset = offset;
    }

    static Ipv6 at(Frame frame, int offset) {
        if (!frame.fits(offset, LENGTH) || frame.u8(offset) >>> 4 != 6) return null;
        return new Ipv6(frame, offset);
    }

    /** The traffic class (DSCP and ECN). */
    public int trafficClass() {
        return (frame.u16(offset) >>> 4) & 0xff;
    }

    /** The flow label (20 bits). */
    public int flowLabel() {
        return (int) (frame.u32(offset) & 0xfffff);
    }

    /** The payload's length in bytes, extension headers included. */
    public int payloadLength() {
        return frame.u16(offset + 4);
    }

    /** The next-header field of this header (the first extension header's type, or the transport protocol). */
    public int nextHeader() {
        return frame.u8(offset + 6);
    }

    /** The hop limit. */
    public int hopLimit() {
        return frame.u8(offset + 7);
    }

    /** The 64 high bits of the source address. */
    public long sourceHigh() {
        return frame.u64(offset + 8);
    }

    /** The 64 low bits of the source address. */
    public long sourceLow() {
        return frame.u64(offset + 16);
    }

    /** The 64 high bits of the destination address. */
    public long destinationHigh() {
        return frame.u64(offset + 24);
    }

    /** The 64 low bits of the destination address. */
    public long destinationLow() {
        return frame.u64(offset + 32);
    }

    /**
     * The TCP header after this one and its extension headers, or {@code null} unless the walk
     * ends at TCP within {@link #MAX_EXTENSION_HEADERS} headers, no fragment header says this is a
     * later fragment, every header on the way fits, and 20 bytes of TCP header fit.
     */
    public Tcp tcp() {
        int transport = transportOffset(Ipv4.TCP);
        return transport < 0 ? null : Tcp.at(frame, transport);
    }

    /** The UDP header, on the same conditions as {@link #tcp()} with 8 bytes. */
    public Udp udp() {
        int transport = transportOffset(Ipv4.UDP);
        return transport < 0 ? null : Udp.at(frame, transport);
    }

    private int transportOffset(int protocol) {
        int next = nextHeader();
        int at = offset + LENGTH;
        for (int step = 0; step < MAX_EXTENSION_HEADERS; step++) {
            if (next == HOP_BY_HOP || next == ROUTING || next == DESTINATION_OPTIONS) {
                if (!frame.fits(at, 2)) return -1;
                int length = (frame.u8(at + 1) + 1) * 8;
                next = frame.u8(at);
                at += length;
            } else if (next == FRAGMENT) {
                if (!frame.fits(at, 8)) return -1;
                if ((frame.u16(at + 2) & 0xfff8) != 0) return -1;
                next = frame.u8(at);
                at += 8;
            } else if (next == AUTHENTICATION) {
                if (!frame.fits(at, 2)) return -1;
                int length = (frame.u8(at + 1) + 2) * 4;
                next = frame.u8(at);
                at += length;
            } else {
                break;
            }
        }
        return next == protocol ? at : -1;
    }
}
