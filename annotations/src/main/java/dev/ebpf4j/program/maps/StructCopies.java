package dev.ebpf4j.program.maps;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the kernel's copying of keys and values means for records with {@link Size} array
 * components: a map stores its own copy of the arrays (later writes to the array given to
 * {@code put} do not change the map), hands out a copy on {@code get} (writes to it do not either),
 * refuses an array whose length is not its {@code @Size}, and compares keys by their elements,
 * byte for byte as the kernel does, where a record's own {@code equals} compares array identities.
 * Values of other types pass through unchanged.
 */
final class StructCopies {
    private StructCopies() {
    }

    /** The array components of a record class, and how to rebuild it. */
    private record Shape(RecordComponent[] components, Method[] accessors, int[] sizes, Constructor<?> constructor) {
        boolean hasArrays() {
            for (int size : sizes) if (size >= 0) return true;
            return false;
        }
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            if (!type.isRecord()) return null;
            RecordComponent[] components = type.getRecordComponents();
            Method[] accessors = new Method[components.length];
            Class<?>[] types = new Class<?>[components.length];
            int[] sizes = new int[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
                types[i] = components[i].getType();
                sizes[i] = -1;
                if (types[i].isArray()) {
                    Size size = components[i].getAnnotation(Size.class);
                    if (size == null || size.value() <= 0 || !types[i].getComponentType().isPrimitive()) {
                        throw new IllegalArgumentException("record " + type.getName() + ", component '" + components[i].getName()
                                + "': a map key or value array needs a positive @Size and primitive elements");
                    }
                    sizes[i] = size.value();
                }
            }
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return new Shape(components, accessors, sizes, constructor);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type.getName() + ": no canonical constructor", e);
            }
        }
    };

    private static Shape arrayShape(Object value) {
        if (value == null) return null;
        Shape shape = SHAPES.get(value.getClass());
        return shape != null && shape.hasArrays() ? shape : null;
    }

    /**
     * The copy a map stores of {@code value} (a key, value or event): its arrays cloned after
     * checking each has its {@code @Size} length.
     *
     * @throws IllegalArgumentException naming the record and component of an array of another length
     */
    static <T> T copyIn(T value) {
        Shape shape = arrayShape(value);
        if (shape == null) return value;
        Object[] parts = parts(shape, value);
        for (int i = 0; i < parts.length; i++) {
            if (shape.sizes()[i] < 0) continue;
            String where = "record " + value.getClass().getSimpleName() + ", component '" + shape.components()[i].getName() + "'";
            if (parts[i] == null) throw new IllegalArgumentException(where + ": the array is null; a struct holds its elements");
            int length = Array.getLength(parts[i]);
            if (length != shape.sizes()[i]) {
                throw new IllegalArgumentException(where + ": the array has " + length + " elements and @Size says "
                        + shape.sizes()[i] + "; the C struct has room for exactly that many");
            }
        }
        return rebuild(shape, parts);
    }

    /** The copy a map hands out of a value it stores: its arrays cloned. */
    static <T> T copyOut(T value) {
        Shape shape = arrayShape(value);
        return shape == null ? value : rebuild(shape, parts(shape, value));
    }

    /** {@code key} as a hash table key: compared by its arrays' elements where it has arrays. */
    static Object key(Object key) {
        return arrayShape(key) == null ? key : new ByElements(key);
    }

    /** The key {@link #key} wrapped. */
    @SuppressWarnings("unchecked")
    static <K> K unwrap(Object key) {
        return (K) (key instanceof ByElements(Object record) ? copyOut(record) : key);
    }

    /** A zero value of record {@code type}: zero primitives and zeroed arrays of their {@code @Size}. */
    static Object zeroArray(Class<?> record, RecordComponent component) {
        Size size = component.getAnnotation(Size.class);
        if (size == null || size.value() <= 0) {
            throw new IllegalStateException("record " + record.getName() + ", component '" + component.getName()
                    + "': a map key or value array needs @Size(n) with a positive n");
        }
        return Array.newInstance(component.getType().getComponentType(), size.value());
    }

    private static Object[] parts(Shape shape, Object value) {
        Object[] parts = new Object[shape.accessors().length];
        try {
            for (int i = 0; i < parts.length; i++) parts[i] = shape.accessors()[i].invoke(value);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(value.getClass().getName() + ": cannot read its components: " + e, e);
        }
        return parts;
    }

    @SuppressWarnings("unchecked")
    private static <T> T rebuild(Shape shape, Object[] parts) {
        for (int i = 0; i < parts.length; i++) {
            if (shape.sizes()[i] >= 0 && parts[i] != null) parts[i] = cloneArray(parts[i]);
        }
        try {
            return (T) shape.constructor().newInstance(parts);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(shape.constructor().getDeclaringClass().getName() + ": cannot copy it: " + e, e);
        }
    }

    private static Object cloneArray(Object array) {
        int length = Array.getLength(array);
        Object copy = Array.newInstance(array.getClass().getComponentType(), length);
        System.arraycopy(array, 0, copy, 0, length);
        return copy;
    }

    /** A record key compared component by component, arrays by their elements (a stored copy: never written). */
    private record ByElements(Object record) {
        @Override
        public boolean equals(Object other) {
            if (!(other instanceof ByElements(Object that)) || that.getClass() != record.getClass()) return false;
            Shape shape = SHAPES.get(record.getClass());
            Object[] mine = parts(shape, record);
            Object[] theirs = parts(shape, that);
            for (int i = 0; i < mine.length; i++) {
                if (!Objects.deepEquals(mine[i], theirs[i])) return false;
            }
            return true;
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(parts(SHAPES.get(record.getClass()), record));
        }
    }
}
