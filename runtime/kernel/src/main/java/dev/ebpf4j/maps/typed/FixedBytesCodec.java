package dev.ebpf4j.maps.typed;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Fixed-size opaque bytes. */
record FixedBytesCodec(int length) implements Codec<byte[]> {
    FixedBytesCodec {
        if (length <= 0) {
            throw new IllegalArgumentException("Codec.bytes: size must be positive, got " + length);
        }
    }

    @Override
    public MemoryLayout layout() {
        return MemoryLayout.sequenceLayout(length, ValueLayout.JAVA_BYTE);
    }

    @Override
    public void write(byte[] value, MemorySegment to, long offset) {
        if (value.length != length) {
            throw new IllegalArgumentException(this + ": array is " + value.length + " bytes, expected " + length);
        }
        MemorySegment.copy(value, 0, to, ValueLayout.JAVA_BYTE, offset, length);
    }

    @Override
    public byte[] read(MemorySegment from, long offset) {
        byte[] out = new byte[length];
        MemorySegment.copy(from, ValueLayout.JAVA_BYTE, offset, out, 0, length);
        return out;
    }

    @Override
    public String toString() {
        return "Codec.bytes(" + length + ")";
    }
}
