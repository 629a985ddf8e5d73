package dev.ebpf4j.maps.typed;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.maps.UpdateMode;
import dev.ebpf4j.types.MapType;

import java.lang.foreign.MemorySegment;

/**
 * Queues and stacks have no keys: push is an update with a null key, pop a lookup-and-delete with a
 * null key, peek a lookup with a null key. The subclasses differ only in the order the kernel keeps.
 */
abstract sealed class KeylessView<V> extends TypedView permits QueueView, StackView {
    private final Codec<V> values;

    KeylessView(BpfMap map, String view, MapType type, Codec<V> values) {
        super(map, view, type);
        checkFixedSize(map, "key", 0, map.keySize());
        checkSize(map, "value", values, map.valueSize());
        this.values = values;
    }

    /**
     * Adds {@code value}.
     *
     * @throws dev.ebpf4j.sys.BpfException (E2BIG) when full
     */
    public void push(V value) {
        Scratch s = scratch();
        values.write(value, s.value, 0);
        map.update(MemorySegment.NULL, s.value, UpdateMode.ANY);
    }

    /** Adds {@code value}, dropping the oldest element if full ({@code BPF_EXIST}). */
    public void pushOverwriting(V value) {
        Scratch s = scratch();
        values.write(value, s.value, 0);
        map.update(MemorySegment.NULL, s.value, UpdateMode.EXIST);
    }

    /** Removes and returns the next element, or null if empty. */
    public V pop() {
        Scratch s = scratch();
        return map.lookupAndDelete(null, s.value) ? values.read(s.value, 0) : null;
    }

    /** The next element without removing it, or null if empty. */
    public V peek() {
        Scratch s = scratch();
        return map.lookup(MemorySegment.NULL, s.value) ? values.read(s.value, 0) : null;
    }
}
