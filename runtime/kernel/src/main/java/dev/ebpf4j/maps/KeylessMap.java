package dev.ebpf4j.maps;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.sys.PerThread;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Queues and stacks have no keys: adding is an update with no key, taking a lookup-and-delete with
 * no key, looking a lookup with no key. The two differ only in the order the kernel keeps.
 */
abstract sealed class KeylessMap<V> permits KernelQueue, KernelStack {
    final MapHandle map;
    private final Codec<V> values;
    private final PerThread<MapBuffers> buffers;

    KeylessMap(MapHandle map, Codec<V> values) {
        this.map = Objects.requireNonNull(map, "map");
        this.values = values;
        KernelMaps.checkSize(map, "value", values, map.valueSize());
        this.buffers = MapBuffers.perThread(map);
    }

    /** Adds {@code value}; false if the map is full (the kernel refuses with E2BIG). */
    final boolean add(V value, UpdateMode mode) {
        MapBuffers b = buffers.get();
        values.write(Objects.requireNonNull(value, "value must not be null"), b.value, 0);
        try {
            return map.update(MemorySegment.NULL, b.value, mode);
        } catch (BpfException e) {
            if (Errno.E2BIG.equals(e.errno())) return false;
            throw e;
        }
    }

    /** Removes and returns the next element, or null if there is none. */
    final V take() {
        MapBuffers b = buffers.get();
        return map.lookupAndDelete(null, b.value) ? values.read(b.value, 0) : null;
    }

    /** The next element without removing it, or null if there is none. */
    public final V peek() {
        MapBuffers b = buffers.get();
        return map.lookup(MemorySegment.NULL, b.value) ? values.read(b.value, 0) : null;
    }

    /** The kernel map underneath (owned by whoever loaded or created it, not by this view). */
    public final MapHandle handle() {
        return map;
    }
}
