package dev.ebpf4j.maps;

/**
 * A {@code STACK} map: last in, first out, with {@link java.util.Deque}'s stack names.
 *
 * <pre>{@code
 * KernelStack<Long> s = KernelMaps.stack(map, Long.class);
 * s.push(1L);
 * s.push(2L);
 * s.pop();  // 2
 * }</pre>
 *
 * @param <V> the element: a boxed primitive or a record of primitives laid out as a C struct
 */
public final class KernelStack<V> extends KeylessMap<V> {
    KernelStack(MapHandle map, Codec<V> values) {
        super(map, values);
    }

    /** Pushes {@code value}; false if the stack is full. */
    public boolean push(V value) {
        return add(value, UpdateMode.ANY);
    }

    /** Pushes {@code value}, dropping the oldest element if the stack is full ({@code BPF_EXIST}). */
    public void pushOverwriting(V value) {
        add(value, UpdateMode.EXIST);
    }

    /** Removes and returns the top, or null if the stack is empty. */
    public V pop() {
        return take();
    }

    @Override
    public String toString() {
        return "KernelStack[" + map.name() + "]";
    }
}
