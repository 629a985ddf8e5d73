package dev.ebpf4j.program.maps;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * On the JVM a program's maps are static fields, shared by every test of a class: {@link #clear}
 * empties all of them at once, for a {@code @BeforeEach}.
 *
 * <pre>{@code
 * @BeforeEach
 * void freshMaps() {
 *     InMemoryMaps.clear(PortFilter.class);   // every map, trie and ring buffer PortFilter declares
 * }
 * }</pre>
 */
public final class InMemoryMaps {
    private InMemoryMaps() {
    }

    /**
     * Empties every map, LPM trie and ring buffer held in a static field of {@code program}: hash
     * maps lose their entries, arrays return to zeros, ring buffers drop their events.
     *
     * @throws IllegalArgumentException if a field cannot be read (a program in a named module must
     *     open its package to {@code dev.ebpf4j.annotations})
     */
    public static void clear(Class<?> program) {
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
}
