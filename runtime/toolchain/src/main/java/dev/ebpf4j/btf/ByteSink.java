package dev.ebpf4j.btf;

import java.util.Arrays;

/** A growing little-endian byte buffer for writing sections. */
final class ByteSink {
    private byte[] data = new byte[256];
    private int size;

    int size() {
        return size;
    }

    ByteSink u8(int v) {
        ensure(1);
        data[size++] = (byte) v;
        return this;
    }

    ByteSink u16(int v) {
        return u8(v).u8(v >>> 8);
    }

    ByteSink u32(long v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            data[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    ByteSink bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, data, size, b.length);
        size += b.length;
        return this;
    }

    /** Overwrites the 32-bit value at {@code offset}. */
    void putU32(int offset, long v) {
        for (int i = 0; i < 4; i++) {
            data[offset + i] = (byte) (v >>> (8 * i));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(data, size);
    }

    private void ensure(int more) {
        if (size + more > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
        }
    }
}
