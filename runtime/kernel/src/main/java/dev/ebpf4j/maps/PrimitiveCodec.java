package dev.ebpf4j.maps;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The four fixed-width integers, and counter arithmetic on them in place.
 *
 * <p>One final class per width, each reading and writing through a {@code static final} layout:
 * the JIT folds a memory access only where the layout is a constant. A single class switching on a
 * layout held in a field sent every access through the slow, non-constant path, about 20 ns a key
 * and value — a twentieth of a map lookup. The accesses use the unaligned layout of the width (the
 * {@link #layout()} a struct is built from stays aligned): that drops an alignment check and its
 * deoptimization exit from every access, code that counts against the budget within which the JIT
 * inlines a typed map's operation into its caller.
 */
abstract sealed class PrimitiveCodec<T> implements Codec<T> {
    static final ByteOrder ORDER = ByteOrder.nativeOrder();
    static final Codec<Byte> U8 = new U8();
    static final Codec<Short> U16 = new U16();
    static final Codec<Integer> U32 = new U32();
    static final Codec<Long> U64 = new U64();

    private final String name;

    private PrimitiveCodec(String name) {
        this.name = name;
    }

    /** The integer at {@code offset}, sign-extended to a long as Java widens it. */
    abstract long longAt(MemorySegment from, long offset);

    /**
     * Adds {@code delta} to the integer at {@code offset} in place, wrapping in its own width as
     * Java's arithmetic does ({@link dev.ebpf4j.program.maps.Counters#add} on the boxed value), with
     * no box in between.
     */
    abstract void add(MemorySegment at, long offset, long delta);

    @Override
    public String toString() {
        return "Codec." + name;
    }

    private static final class U8 extends PrimitiveCodec<Byte> {
        private static final ValueLayout.OfByte LAYOUT = ValueLayout.JAVA_BYTE;

        U8() {
            super("u8");
        }

        @Override
        public MemoryLayout layout() {
            return LAYOUT;
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
        long longAt(MemorySegment from, long offset) {
            return from.get(LAYOUT, offset);
        }

        @Override
        void add(MemorySegment at, long offset, long delta) {
            at.set(LAYOUT, offset, (byte) (at.get(LAYOUT, offset) + delta));
        }
    }

    private static final class U16 extends PrimitiveCodec<Short> {
        private static final ValueLayout.OfShort LAYOUT = ValueLayout.JAVA_SHORT.withOrder(ORDER);
        private static final ValueLayout.OfShort ACCESS = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ORDER);

        U16() {
            super("u16");
        }

        @Override
        public MemoryLayout layout() {
            return LAYOUT;
        }

        @Override
        public void write(Short value, MemorySegment to, long offset) {
            to.set(ACCESS, offset, value);
        }

        @Override
        public Short read(MemorySegment from, long offset) {
            return from.get(ACCESS, offset);
        }

        @Override
        long longAt(MemorySegment from, long offset) {
            return from.get(ACCESS, offset);
        }

        @Override
        void add(MemorySegment at, long offset, long delta) {
            at.set(ACCESS, offset, (short) (at.get(ACCESS, offset) + delta));
        }
    }

    private static final class U32 extends PrimitiveCodec<Integer> {
        private static final ValueLayout.OfInt LAYOUT = ValueLayout.JAVA_INT.withOrder(ORDER);
        private static final ValueLayout.OfInt ACCESS = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ORDER);

        U32() {
            super("u32");
        }

        @Override
        public MemoryLayout layout() {
            return LAYOUT;
        }

        @Override
        public void write(Integer value, MemorySegment to, long offset) {
            to.set(ACCESS, offset, value);
        }

        @Override
        public Integer read(MemorySegment from, long offset) {
            return from.get(ACCESS, offset);
        }

        @Override
        long longAt(MemorySegment from, long offset) {
            return from.get(ACCESS, offset);
        }

        @Override
        void add(MemorySegment at, long offset, long delta) {
            at.set(ACCESS, offset, (int) (at.get(ACCESS, offset) + delta));
        }
    }

    private static final class U64 extends PrimitiveCodec<Long> {
        private static final ValueLayout.OfLong LAYOUT = ValueLayout.JAVA_LONG.withOrder(ORDER);
        private static final ValueLayout.OfLong ACCESS = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ORDER);

        U64() {
            super("u64");
        }

        @Override
        public MemoryLayout layout() {
            return LAYOUT;
        }

        @Override
        public void write(Long value, MemorySegment to, long offset) {
            to.set(ACCESS, offset, value);
        }

        @Override
        public Long read(MemorySegment from, long offset) {
            return from.get(ACCESS, offset);
        }

        @Override
        long longAt(MemorySegment from, long offset) {
            return from.get(ACCESS, offset);
        }

        @Override
        void add(MemorySegment at, long offset, long delta) {
            at.set(ACCESS, offset, at.get(ACCESS, offset) + delta);
        }
    }
}
