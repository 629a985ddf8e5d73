package dev.ebpf4j.program.net;

/**
 * A TCP header (RFC 9293): its fixed 20 bytes, ports and numbers read in host order, and the
 * options a program most often needs.
 *
 * <p>The options are found by one walk, the same for every accessor: the options are the bytes
 * from offset 20 up to {@link #headerLength()}. Kind 0 (end of list) ends them; kind 1 (no
 * operation) is one byte; every other kind has a length byte, at least 2, that counts the kind and
 * length bytes, and the whole option must lie inside the header and inside the packet. A malformed
 * option (a length below 2, or an option running past the header or the packet), or an option of
 * the wanted kind with the wrong length, ends the walk and the option is absent; otherwise the
 * first option of the wanted kind counts. A walk looks at most 40 bytes.
 *
 * <pre>{@code
 * Tcp tcp = ip.tcp();
 * if (tcp != null && tcp.syn() && tcp.mss() >= 0 && tcp.mss() < 536) drops.increment(0, 1);
 * }</pre>
 */
public final class Tcp {
    /** The length of the header without options. */
    public static final int MIN_LENGTH = 20;
    /** The kinds of the options this view reads (RFC 9293, RFC 7323, RFC 2018). */
    public static final int OPTION_END = 0, OPTION_NOP = 1, OPTION_MSS = 2, OPTION_WINDOW_SCALE = 3,
            OPTION_SACK_PERMITTED = 4, OPTION_TIMESTAMPS = 8;
    /** Flag bits of {@link #flags()}. */
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20,
            ECE = 0x40, CWR = 0x80;

    private final Frame frame;
    private final int offset;

    private Tcp(Frame frame, int offset) {
        this.frame = frame;
        this.offset = offset;
    }

    static Tcp at(Frame frame, int offset) {
        return frame.fits(offset, MIN_LENGTH) ? new Tcp(frame, offset) : null;
    }

    /** The source port, 0 to 65535. */
    public int sourcePort() {
        return frame.u16(offset);
    }

    /** The destination port, 0 to 65535. */
    public int destinationPort() {
        return frame.u16(offset + 2);
    }

    /** The sequence number, 0 to 2³² - 1. */
    public long sequenceNumber() {
        return frame.u32(offset + 4);
    }

    /** The acknowledgment number, 0 to 2³² - 1. */
    public long acknowledgmentNumber() {
        return frame.u32(offset + 8);
    }

    /** The header's length in bytes as the data offset field says (20 to 60 in a valid header). */
    public int headerLength() {
        return (frame.u8(offset + 12) >>> 4) * 4;
    }

    /** The eight flag bits: CWR, ECE, URG, ACK, PSH, RST, SYN, FIN (see the constants). */
    public int flags() {
        return frame.u8(offset + 13);
    }

    /** True if SYN is set. */
    public boolean syn() {
        return (flags() & SYN) != 0;
    }

    /** True if ACK is set. */
    public boolean ack() {
        return (flags() & ACK) != 0;
    }

    /** True if FIN is set. */
    public boolean fin() {
        return (flags() & FIN) != 0;
    }

    /** True if RST is set. */
    public boolean rst() {
        return (flags() & RST) != 0;
    }

    /** True if PSH is set. */
    public boolean psh() {
        return (flags() & PSH) != 0;
    }

    /** True if URG is set. */
    public boolean urg() {
        return (flags() & URG) != 0;
    }

    /** The receive window. */
    public int window() {
        return frame.u16(offset + 14);
    }

    /** The checksum. */
    public int checksum() {
        return frame.u16(offset + 16);
    }

    /** The urgent pointer. */
    public int urgentPointer() {
        return frame.u16(offset + 18);
    }

    /** The maximum segment size option's value (kind 2, length 4), 0 to 65535, or -1 if absent. */
    public int mss() {
        int at = option(OPTION_MSS, 4);
        return at < 0 ? -1 : frame.u16(at + 2);
    }

    /** The window scale option's shift count (kind 3, length 3), 0 to 255, or -1 if absent. */
    public int windowScale() {
        int at = option(OPTION_WINDOW_SCALE, 3);
        return at < 0 ? -1 : frame.u8(at + 2);
    }

    /** True if the SACK-permitted option (kind 4, length 2) is present. */
    public boolean sackPermitted() {
        return option(OPTION_SACK_PERMITTED, 2) >= 0;
    }

    /** The timestamps option's TSval (kind 8, length 10), 0 to 2³² - 1, or -1 if absent. */
    public long timestampValue() {
        int at = option(OPTION_TIMESTAMPS, 10);
        return at < 0 ? -1 : frame.u32(at + 2);
    }

    /** The timestamps option's TSecr (kind 8, length 10), 0 to 2³² - 1, or -1 if absent. */
    public long timestampEcho() {
        int at = option(OPTION_TIMESTAMPS, 10);
        return at < 0 ? -1 : frame.u32(at + 6);
    }

    /** The frame offset of the first option of {@code kind} if it has {@code length} bytes, else -1 (see the class comment). */
    private int option(int kind, int length) {
        int end = headerLength();
        int at = MIN_LENGTH;
        while (at < end) {
            if (!frame.fits(offset + at, 1)) return -1;
            int k = frame.u8(offset + at);
            if (k == OPTION_END) return -1;
            if (k == OPTION_NOP) {
                at++;
                continue;
            }
            if (at + 2 > end || !frame.fits(offset + at, 2)) return -1;
            int n = frame.u8(offset + at + 1);
            if (n < 2 || at + n > end || !frame.fits(offset + at, n)) return -1;
            if (k == kind) return n == length ? offset + at : -1;
            at += n;
        }
        return -1;
    }
}
