package dev.ebpf4j.program.net;

/** A TCP header's fixed 20 bytes (RFC 9293); ports and numbers read in host order. */
public final class Tcp {
    /** The length of the header without options. */
    public static final int MIN_LENGTH = 20;
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
}
