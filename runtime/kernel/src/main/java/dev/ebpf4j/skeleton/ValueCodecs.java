package dev.ebpf4j.skeleton;

import dev.ebpf4j.maps.typed.Codec;
import dev.ebpf4j.maps.typed.RecordCodec;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The codec of each key and value type a program may declare: the boxed primitives at their Java
 * widths ({@code boolean} as one byte, 0 or 1; {@code char} as two) and records as C structs.
 */
final class ValueCodecs {
    private ValueCodecs() {
    }

    @SuppressWarnings("unchecked")
    static <T> Codec<T> of(Class<T> type) {
        Codec<?> codec;
        if (type == Long.class) codec = Codec.u64();
        else if (type == Integer.class) codec = Codec.u32();
        else if (type == Short.class) codec = Codec.u16();
        else if (type == Byte.class) codec = Codec.u8();
        else if (type == Character.class) codec = CharCodec.INSTANCE;
        else if (type == Boolean.class) codec = BooleanCodec.INSTANCE;
        else if (type.isRecord()) codec = recordCodec(type.asSubclass(Record.class));
        else throw new IllegalArgumentException(type.getName() + " is not a map key or value type:"
                    + " use Long, Integer, Short, Byte, Character, Boolean or a record of primitives");
        return (Codec<T>) codec;
    }

    private static <R extends Record> Codec<R> recordCodec(Class<R> type) {
        return RecordCodec.of(type);
    }

    /** {@code char} as the two bytes of a {@code __u16}. */
    private enum CharCodec implements Codec<Character> {
        INSTANCE;

        private static final ValueLayout.OfChar LAYOUT = ValueLayout.JAVA_CHAR.withOrder(ByteOrder.nativeOrder());

        @Override
        public MemoryLayout layout() {
            return LAYOUT;
        }

        @Override
        public void write(Character value, MemorySegment to, long offset) {
            to.set(LAYOUT, offset, value);
        }

        @Override
        public Character read(MemorySegment from, long offset) {
            return from.get(LAYOUT, offset);
        }
    }

    /**
     * {@code boolean} as one byte. Any non-zero byte a program stored reads as true, as C's
     * {@code _Bool} conversion does; true is written as 1.
     */
    private enum BooleanCodec implements Codec<Boolean> {
        INSTANCE;

        @Override
        public MemoryLayout layout() {
            return ValueLayout.JAVA_BYTE;
        }

        @Override
        public void write(Boolean value, MemorySegment to, long offset) {
            to.set(ValueLayout.JAVA_BYTE, offset, value ? (byte) 1 : 0);
        }

        @Override
        public Boolean read(MemorySegment from, long offset) {
            return from.get(ValueLayout.JAVA_BYTE, offset) != 0;
        }
    }
}
