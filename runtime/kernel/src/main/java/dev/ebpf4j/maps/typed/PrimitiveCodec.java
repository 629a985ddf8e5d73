package dev.ebpf4j.maps.typed;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** The four fixed-width integers. */
final class PrimitiveCodec<T> implements Codec<T> {
    static final ByteOrder ORDER = ByteOrder.nativeOrder();
    static final Codec<Byte> U8 = new PrimitiveCodec<>("u8", ValueLayout.JAVA_BYTE);
    static final Codec<Short> U16 = new PrimitiveCodec<>("u16", ValueLayout.JAVA_SHORT.withOrder(ORDER));
    static final Codec<Integer> U32 = new PrimitiveCodec<>("u32", ValueLayout.JAVA_INT.withOrder(ORDER));
    static final Codec<Long> U64 = new PrimitiveCodec<>("u64", ValueLayout.JAVA_LONG.withOrder(ORDER));

    private final String name;
    private final ValueLayout layout;

    private PrimitiveCodec(String name, ValueLayout layout) {
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
