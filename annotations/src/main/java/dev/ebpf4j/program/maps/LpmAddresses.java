package dev.ebpf4j.program.maps;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * The address bytes of an {@link LpmTrie} key as the kernel compares them: the address type's
 * components in order, each big-endian, packed. What the JVM trie and the kernel-backed one in
 * user space share, so both read and write prefixes alike.
 *
 * <pre>{@code
 * LpmAddresses<Integer> ipv4 = LpmAddresses.of(Integer.class, "zones");
 * ipv4.bytes(0x0A000001);   // {10, 0, 0, 1}
 * }</pre>
 *
 * @param <K> the address type: Integer, Long, Short, Byte or a record of integral components
 */
public final class LpmAddresses<K> {
    private final Class<K> type;
    private final Class<?>[] components;
    private final RecordComponent[] accessors;
    private final int size;

    private LpmAddresses(Class<K> type, Class<?>[] components, RecordComponent[] accessors) {
        this.type = type;
        this.components = components;
        this.accessors = accessors;
        int bytes = 0;
        for (Class<?> c : components) bytes += width(c);
        this.size = bytes;
    }

    /**
     * The encoding of {@code type}.
     *
     * @param map the map's name, for the message when {@code type} cannot be an address
     * @throws IllegalArgumentException if {@code type} is not an integral boxed type or a record of
     *     integral components
     */
    public static <K> LpmAddresses<K> of(Class<K> type, String map) {
        if (type.isRecord()) {
            RecordComponent[] accessors = type.getRecordComponents();
            Class<?>[] components = new Class<?>[accessors.length];
            for (int i = 0; i < accessors.length; i++) {
                components[i] = accessors[i].getType();
                if (width(components[i]) == 0) {
                    throw new IllegalArgumentException(map + ": component " + accessors[i].getName() + " of " + type.getSimpleName()
                            + " is a " + components[i].getSimpleName() + "; address components must be long, int, short or byte");
                }
            }
            if (accessors.length == 0) throw new IllegalArgumentException(map + ": the address record " + type.getSimpleName() + " is empty");
            return new LpmAddresses<>(type, components, accessors);
        }
        if (width(type) == 0) {
            throw new IllegalArgumentException(map + ": an LPM trie's address is Long, Integer, Short, Byte or a record of"
                    + " those primitives, not " + type.getSimpleName());
        }
        return new LpmAddresses<>(type, new Class<?>[] {type}, null);
    }

    /** The address's size in bytes. */
    public int size() {
        return size;
    }

    /** The longest prefix length: 8 times {@link #size()}. */
    public int bits() {
        return size * 8;
    }

    /** {@code address} as the kernel's key data: components in order, big-endian, packed. */
    public byte[] bytes(K address) {
        byte[] out = new byte[size];
        int at = 0;
        for (int i = 0; i < components.length; i++) {
            long value = asLong(accessors == null ? address : component(address, i));
            int width = width(components[i]);
            for (int b = 0; b < width; b++) out[at + b] = (byte) (value >>> (8 * (width - 1 - b)));
            at += width;
        }
        return out;
    }

    /** The address whose key data is {@code bytes}. */
    public K address(byte[] bytes) {
        if (bytes.length != size) throw new IllegalArgumentException(bytes.length + " bytes are no " + type.getSimpleName() + " address");
        Object[] values = new Object[components.length];
        int at = 0;
        for (int i = 0; i < components.length; i++) {
            int width = width(components[i]);
            long value = 0;
            for (int b = 0; b < width; b++) value = value << 8 | (bytes[at + b] & 0xFF);
            values[i] = box(components[i], value);
            at += width;
        }
        if (accessors == null) return type.cast(values[0]);
        try {
            Constructor<K> constructor = type.getDeclaredConstructor(components);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(type.getName() + ": cannot create an address: " + e, e);
        }
    }

    /** {@code bytes} with every bit past the first {@code length} cleared (a copy). */
    public static byte[] masked(byte[] bytes, int length) {
        byte[] out = Arrays.copyOf(bytes, bytes.length);
        for (int i = 0; i < out.length; i++) {
            int keep = Math.clamp(length - 8L * i, 0, 8);
            out[i] &= (byte) (0xFF00 >>> keep);
        }
        return out;
    }

    private Object component(K address, int i) {
        try {
            var accessor = accessors[i].getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(address);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(type.getName() + ": cannot read " + accessors[i].getName() + ": " + e, e);
        }
    }

    private static int width(Class<?> c) {
        if (c == Long.class || c == long.class) return 8;
        if (c == Integer.class || c == int.class) return 4;
        if (c == Short.class || c == short.class) return 2;
        if (c == Byte.class || c == byte.class) return 1;
        return 0;
    }

    private static long asLong(Object value) {
        return ((Number) value).longValue();
    }

    private static Object box(Class<?> c, long value) {
        if (c == Long.class || c == long.class) return value;
        if (c == Integer.class || c == int.class) return (int) value;
        if (c == Short.class || c == short.class) return (short) value;
        return (byte) value;
    }
}
