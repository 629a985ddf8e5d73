package dev.ebpf4j.maps.typed;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

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
        return Primitive.U8;
    }

    /** {@code __u16}, as a Java short holding the same bits. */
    static Codec<Short> u16() {
        return Primitive.U16;
    }

    /** {@code __u32}, as a Java int holding the same bits. */
    static Codec<Integer> u32() {
        return Primitive.U32;
    }

    /** {@code __u64}, as a Java long holding the same bits. */
    static Codec<Long> u64() {
        return Primitive.U64;
    }

    /** Exactly {@code size} opaque bytes; writing an array of another length is an error. */
    static Codec<byte[]> bytes(int size) {
        return new FixedBytes(size);
    }

    /** A record laid out as the equivalent C struct; see {@link RecordCodec}. */
    static <R extends Record> Codec<R> of(Class<R> recordType) {
        return RecordCodec.of(recordType);
    }

    /** The four fixed-width integers. */
    final class Primitive<T> implements Codec<T> {
        static final ByteOrder ORDER = ByteOrder.nativeOrder();
        static final Codec<Byte> U8 = new Primitive<>("u8", ValueLayout.JAVA_BYTE);
        static final Codec<Short> U16 = new Primitive<>("u16", ValueLayout.JAVA_SHORT.withOrder(ORDER));
        static final Codec<Integer> U32 = new Primitive<>("u32", ValueLayout.JAVA_INT.withOrder(ORDER));
        static final Codec<Long> U64 = new Primitive<>("u64", ValueLayout.JAVA_LONG.withOrder(ORDER));

        private final String name;
        private final ValueLayout layout;

        private Primitive(String name, ValueLayout layout) {
            this.name = name;
            this.layout = layout;
        }

        @Override
        public MemoryLayout layout() {
            return layout;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void write(T value, MemorySegment to, long offset) {
            switch (layout) {
                case ValueLayout.OfByte b -> to.set(b, offset, (Byte) value);
                case ValueLayout.OfShort s -> to.set(s, offset, (Short) value);
                case ValueLayout.OfInt i -> to.set(i, offset, (Integer) value);
                case ValueLayout.OfLong l -> to.set(l, offset, (Long) value);
                default -> throw new AssertionError(layout);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public T read(MemorySegment from, long offset) {
            Object value = switch (layout) {
                case ValueLayout.OfByte b -> from.get(b, offset);
                case ValueLayout.OfShort s -> from.get(s, offset);
                case ValueLayout.OfInt i -> from.get(i, offset);
                case ValueLayout.OfLong l -> from.get(l, offset);
                default -> throw new AssertionError(layout);
            };
            return (T) value;
        }

        @Override
        public String toString() {
            return "Codec." + name;
        }
    }

    /** Fixed-size opaque bytes. */
    record FixedBytes(int length) implements Codec<byte[]> {
        public FixedBytes {
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
}
