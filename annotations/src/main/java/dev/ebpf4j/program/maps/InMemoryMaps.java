package dev.ebpf4j.program.maps;

import dev.ebpf4j.program.Config;
import dev.ebpf4j.program.Shared;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * On the JVM a program's maps and globals are static fields, shared by every test of a class:
 * {@link #clear} empties all of the maps and puts the {@link Config} and {@link Shared} fields back
 * to their initial values at once, for a {@code @BeforeEach}.
 *
 * <pre>{@code
 * @BeforeEach
 * void freshMaps() {
 *     InMemoryMaps.clear(PortFilter.class);   // every map, trie and ring buffer PortFilter declares
 * }
 * }</pre>
 */
public final class InMemoryMaps {
    /** Per program class, the values of its globals when it was first cleared: what clear puts back. */
    private static final Map<Class<?>, Map<Field, Object>> INITIAL = new ConcurrentHashMap<>();

    private InMemoryMaps() {
    }

    /**
     * Empties every map, LPM trie and ring buffer held in a static field of {@code program}: hash
     * maps lose their entries, arrays return to zeros, ring buffers drop their events; and puts
     * every {@link Config} and {@link Shared} field back to the value it had when {@code program} was
     * first cleared (in a {@code @BeforeEach}, before any test changed it: its initial value).
     *
     * @throws IllegalArgumentException if a field cannot be read (a program in a named module must
     *     open its package to {@code dev.ebpf4j.annotations})
     */
    public static void clear(Class<?> program) {
        resetGlobals(program);
        for (Field field : program.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) continue;
            Class<?> type = field.getType();
            if (!InMemoryMap.class.isAssignableFrom(type) && type != BpfLpmTrie.class && type != BpfRingBuffer.class) continue;
            Object map;
            try {
                field.setAccessible(true);
                map = field.get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read the map field " + program.getName() + "." + field.getName()
                        + ": " + e.getMessage(), e);
            }
            switch (map) {
                case InMemoryMap<?, ?> m -> m.clear();
                case BpfLpmTrie<?, ?> trie -> trie.clear();
                case BpfRingBuffer<?> ring -> ring.drain();
                case null -> { }
                default -> throw new AssertionError(map.getClass());
            }
        }
    }

    private static void resetGlobals(Class<?> program) {
        Map<Field, Object> initial = INITIAL.computeIfAbsent(program, InMemoryMaps::snapshot);
        initial.forEach((field, value) -> {
            try {
                switch (field.get(null)) {
                    case AtomicLong atomic -> atomic.set((Long) value);
                    case AtomicInteger atomic -> atomic.set((Integer) value);
                    default -> field.set(null, value);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("cannot reset the global " + program.getName() + "." + field.getName()
                        + ": " + e.getMessage(), e);
            }
        });
    }

    private static Map<Field, Object> snapshot(Class<?> program) {
        Map<Field, Object> values = new LinkedHashMap<>();
        for (Field field : program.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())
                    || (!field.isAnnotationPresent(Config.class) && !field.isAnnotationPresent(Shared.class))) continue;
            try {
                field.setAccessible(true);
                Object value = field.get(null);
                switch (value) {
                    case AtomicLong atomic -> values.put(field, atomic.get());
                    case AtomicInteger atomic -> values.put(field, atomic.get());
                    case null -> { }
                    default -> {
                        if (!Modifier.isFinal(field.getModifiers())) values.put(field, value);
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read the global " + program.getName() + "." + field.getName()
                        + ": " + e.getMessage(), e);
            }
        }
        return values;
    }
}
