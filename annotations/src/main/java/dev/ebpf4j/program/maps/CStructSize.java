package dev.ebpf4j.program.maps;

import java.lang.reflect.RecordComponent;

/**
 * The size of the C struct a record stands for, as clang lays it out (each member at its natural
 * alignment, the whole rounded up to the largest): what a ring buffer record of it takes.
 */
final class CStructSize {
    private static final ClassValue<long[]> SIZES = new ClassValue<>() {
        @Override
        protected long[] computeValue(Class<?> type) {
            return sizeAndAlignment(type);
        }
    };

    private CStructSize() {
    }

    /** The {@code sizeof} of {@code type}'s C equivalent: a record of primitives, arrays with {@link Size}, records. */
    static int of(Class<?> type) {
        return Math.toIntExact(SIZES.get(type)[0]);
    }

    private static long[] sizeAndAlignment(Class<?> type) {
        if (type.isPrimitive()) {
            long width = primitive(type);
            return new long[] {width, width};
        }
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " has no C layout: use a record of primitives");
        }
        long offset = 0;
        long align = 1;
        for (RecordComponent component : type.getRecordComponents()) {
            long[] member;
            if (component.getType().isArray()) {
                Size size = component.getAnnotation(Size.class);
                if (size == null || size.value() <= 0) {
                    throw new IllegalArgumentException("record " + type.getName() + ", component '" + component.getName()
                            + "': an array needs a positive @Size");
                }
                long[] element = sizeAndAlignment(component.getType().getComponentType());
                member = new long[] {element[0] * size.value(), element[1]};
            } else {
                member = sizeAndAlignment(component.getType());
            }
            offset = (offset + member[1] - 1) / member[1] * member[1] + member[0];
            align = Math.max(align, member[1]);
        }
        return new long[] {(offset + align - 1) / align * align, align};
    }

    private static long primitive(Class<?> type) {
        if (type == byte.class || type == boolean.class) return 1;
        if (type == short.class || type == char.class) return 2;
        if (type == int.class) return 4;
        if (type == long.class) return 8;
        throw new IllegalArgumentException(type.getName() + " has no C equivalent here: use byte, boolean, short, char, int or long");
    }
}
