package dev.ebpf4j.maps;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** The four fixed-width integers, and counter arithmetic on them in place. */
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

    /** The integer at {@code offset}, sign-extended to a long as Java widens it. */
    long longAt(MemorySegment from, long offset) {
        return switch (layout) {
            case ValueLayout.OfByte b -> from.get(b, offset);
            case ValueLayout.OfShort s -> from.get(s, offset);
            case ValueLayout.OfInt i -> from.get(i, offset);
            case ValueLayout.OfLong l -> from.get(l, offset);
            default -> throw new AssertionError(layout);
        };
    }

    /**
     * Adds {@code delta} to the integer at {@code offset} in place, wrapping in its own width as
     * Java's arithmetic does ({@link dev.ebpf4j.program.maps.Counters#add} on the boxed value), with
     * no box in between.
     */
    void add(MemorySegment at, long offset, long delta) {
        switch (layout) {
            case ValueLayout.OfByte b -> at.set(b, offset, (byte) (at.get(b, offset) + delta));
            case ValueLayout.OfShort s -> at.set(s, offset, (short) (at.get(s, offset) + delta));
            case ValueLayout.OfInt i -> at.set(i, offset, (int) (at.get(i, offset) + delta));
            case ValueLayout.OfLong l -> at.set(l, offset, at.get(l, offset) + delta);
            default -> throw new AssertionError(layout);
        }
    }

    @Override
    public String toString() {
        return "Codec." + name;
    }
}
