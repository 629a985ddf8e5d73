package dev.ebpf4j.program.maps;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/** Zero values of the key and value types maps allow ({@link Counters} does their arithmetic). */
final class Values {
    private Values() {
    }

    /** The value a freshly created array element holds: all bytes zero. */
    static Object zero(Class<?> type) {
        if (type == Long.class || type == long.class) return 0L;
        if (type == Integer.class || type == int.class) return 0;
        if (type == Short.class || type == short.class) return (short) 0;
        if (type == Byte.class || type == byte.class) return (byte) 0;
        if (type == Character.class || type == char.class) return (char) 0;
        if (type == Boolean.class || type == boolean.class) return false;
        if (type.isRecord()) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            Object[] zeros = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                zeros[i] = types[i].isArray() ? StructCopies.zeroArray(type, components[i]) : zero(types[i]);
            }
            try {
                var constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return constructor.newInstance(zeros);
            } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(type.getName() + ": cannot create its zero value: " + e, e);
            }
        }
        throw new IllegalStateException(type.getName() + " is not a map key or value type: use a boxed integral type or a record of primitives");
    }

    /** {@code delta} as a value of {@code type}. */
    static Object of(Class<?> type, long delta, String map) {
        return Counters.add(zero(type), delta, map);
    }
}
