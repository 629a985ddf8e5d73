package dev.ebpf4j.maps;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The four fixed-width integers. One final class each, so that a map's call of {@code read} or
 * {@code add} has one receiver and the JIT can inline it down to the box, which escape analysis
 * then removes: the counter path allocates nothing.
 */
abstract sealed class PrimitiveCodec<T> implements Codec<T> {
    static final ByteOrder ORDER = ByteOrder.nativeOrder();
    static final Codec<Byte> U8 = new U8();
    static final Codec<Short> U16 = new U16();
    static final Codec<Integer> U32 = new U32();
    static final Codec<Long> U64 = new U64();

    private final String name;
    private final ValueLayout layout;

    private PrimitiveCodec(String name, ValueLayout layout) {
        this.name = name;
        this.layout = layout;
    }

    @Override
    public final MemoryLayout layout() {
        return layout;
    }

    /**
     * Adds {@code delta} to the integer at {@code offset} in place, wrapping in its own width as
     * Java's arithmetic does ({@link dev.ebpf4j.program.maps.Counters#add} on the boxed value), with
     * no box in between.
     */
    abstract void add(MemorySegment at, long offset, long delta);

    /** The integer at {@code offset}, sign-extended to a long as Java widens it. */
    abstract long longAt(MemorySegment from, long offset);

    @Override
    public final String toString() {
        return "Codec." + name;
    }

    private static final class U8 extends PrimitiveCodec<Byte> {
        private static final ValueLayout.OfByte LAYOUT = ValueLayout.JAVA_BYTE;

        U8() {
            super("u8", LAYOUT);
        }

        @Override
        public void write(Byte value, MemorySegment to, long offset) {
            to.set(LAYOUT, offset, value);
        }

        @Override
        public Byte read(MemorySegment from, long offset) {
            return from.get(LAYOUT, offset);
        }

        @Override
        void add(MemorySegment at, long offset, long delta) {
            at.set(LAYOUT, offset, (byte) (at.get(LAYOUT, offset) + delta));
        }

        @Override
        long longAt(MemorySegment from, long offset) {
            return from.get(LAYOUT, offset);
        }
    }

    private static final class U16 extends PrimitiveCodec<Short> {
        private static final ValueLayout.OfShort LAYOUT = ValueLayout.JAVA_SHORT.withOrder(ORDER);

        U16() {
            super("u16", LAYOUT);
        }

        @Override
        public void write(Short value, MemorySegment to, long offset) {
            to.set(LAYOUT, offset, value);
        }

        @Override
        public Short read(MemorySegment from, long offset) {
            return from.get(LAYOUT, offset);
        }

        @Override
        void add(MemorySegment at, long offset, long delta) {
            at.set(LAYOUT, offset, (short) (at.get(LAYOUT, offset) + delta));
        }

        @Override
        long longAt(MemorySegment from, long offset) {
            return from.get(LAYOUT, offset);
        }
    }

    private static final class U32 extends PrimitiveCodec<Integer> {
        private static final ValueLayout.OfInt LAYOUT = ValueLayout.JAVA_INT.withOrder(ORDER);

        U32() {
            super("u32", LAYOUT);
        }

        @Override
        public void write(Integer value, MemorySegment to, long offset) {
            to.set(LAYOUT, offset, value);
        }

        @Override
        public Integer read(MemorySegment from, long offset) {
            return from.get(LAYOUT, offset);
        }

        @Override
        void add(MemorySegment at, long offset, long delta) {
            at.set(LAYOUT, offset, (int) (at.get(LAYOUT, offset) + delta));
        }

        @Override
        long longAt(MemorySegment from, long offset) {
            return from.get(LAYOUT, offset);
        }
    }

    private static final class U64 extends PrimitiveCodec<Long> {
        private static final ValueLayout.OfLong LAYOUT = ValueLayout.JAVA_LONG.withOrder(ORDER);

        U64() {
            super("u64", LAYOUT);
        }

        @Override
        public void write(Long value, MemorySegment to, long offset) {
            to.set(LAYOUT, offset, value);
        }

        @Override
        public Long read(MemorySegment from, long offset) {
            return from.get(LAYOUT, offset);
        }

        @Override
        void add(MemorySegment at, long offset, long delta) {
            at.set(LAYOUT, offset, at.get(LAYOUT, offset) + delta);
        }

        @Override
        long longAt(MemorySegment from, long offset) {
            return from.get(LAYOUT, offset);
        }
    }
}
