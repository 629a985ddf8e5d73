package dev.ebpf4j.program.net;

import java.util.Objects;

/**
 * The bytes of a packet as the JVM execution of a program sees them: a byte array read in network
 * order. Contexts create it; program code never names it (the compiler rejects it there).
 */
public final class Frame {
    private final byte[] bytes;

    /** A frame over {@code bytes}, not copied: a program's writes (none yet) would show in it. */
    public Frame(byte[] bytes) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    /** The frame's length in bytes. */
    public int length() {
        return bytes.length;
    }

    boolean fits(int offset, int length) {
        return offset >= 0 && length >= 0 && offset <= bytes.length - length;
    }

    int u8(int offset) {
        return bytes[offset] & 0xff;
    }

    int u16(int offset) {
        return (u8(offset) << 8) | u8(offset + 1);
    }

    long u32(int offset) {
        return ((long) u16(offset) << 16) | u16(offset + 2);
    }

    long u48(int offset) {
        return ((long) u16(offset) << 32) | u32(offset + 2);
    }

    long u64(int offset) {
        return (u32(offset) << 32) | u32(offset + 4);
    }
}
