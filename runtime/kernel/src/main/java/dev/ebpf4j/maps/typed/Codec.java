package dev.ebpf4j.maps.typed;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Turns a Java value into the bytes of a map key or value and back. Multi-byte numbers are in the
 * machine's byte order, which is what the kernel and BPF programs use (little-endian on x86-64 and
 * arm64).
 *
 * <pre>{@code
 * Codec<Integer> port = Codec.u32();
 * Codec<Flow> flow = Codec.of(Flow.class);       // record Flow(int saddr, int daddr, short sport, short dport, byte proto)
 * flow.layout().byteSize();                      // 16, as clang lays out the equivalent C struct
 * }</pre>
 *
 * @param <T> the Java type
 */
public interface Codec<T> {
    /** The layout of the encoded value; its byte size is the map's key or value size. */
    MemoryLayout layout();

    /** Writes {@code value} at {@code offset} of {@code to}. */
    void write(T value, MemorySegment to, long offset);

    /** Reads a value at {@code offset} of {@code from}. */
    T read(MemorySegment from, long offset);

    /** The encoded size in bytes. */
    default int size() {
        return Math.toIntExact(layout().byteSize());
    }

    /** The value's bytes, for logging and tests. */
    default byte[] encode(T value) {
        // native, because heap byte[] segments cannot hold aligned multi-byte accesses
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(layout());
            write(value, segment, 0);
            return segment.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** The value these bytes encode. */
    default T decode(byte[] bytes) {
        if (bytes.length != size()) {
            throw new IllegalArgumentException(this + ": " + bytes.length + " bytes given, the encoding is " + size());
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(layout());
            MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
            return read(segment, 0);
        }
    }

    /** An unsigned byte ({@code __u8}); Java's signed byte holds the same bits. */
    static Codec<Byte> u8() {
        return PrimitiveCodec.U8;
    }

    /** {@code __u16}, as a Java short holding the same bits. */
    static Codec<Short> u16() {
        return PrimitiveCodec.U16;
    }

    /** {@code __u32}, as a Java int holding the same bits. */
    static Codec<Integer> u32() {
        return PrimitiveCodec.U32;
    }

    /** {@code __u64}, as a Java long holding the same bits. */
    static Codec<Long> u64() {
        return PrimitiveCodec.U64;
    }

    /** Exactly {@code size} opaque bytes; writing an array of another length is an error. */
    static Codec<byte[]> bytes(int size) {
        return new FixedBytesCodec(size);
    }

    /** A record laid out as the equivalent C struct; see {@link RecordCodec}. */
    static <R extends Record> Codec<R> of(Class<R> recordType) {
        return RecordCodec.of(recordType);
    }
}
