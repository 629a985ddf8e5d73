package dev.ebpf4j.maps;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.program.maps.SpinLock;
import dev.ebpf4j.sys.MapCalls;
import dev.ebpf4j.sys.PerThread;
import dev.ebpf4j.types.MapType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One kernel map with its key and value codecs and per-thread native buffers, so an operation
 * allocates no native memory. What the two map implementations share: encoding a key, the
 * element system calls with the kernel's refusals turned into the {@code false} results of the
 * map interfaces, a value's read-modify-write, and walking the keys.
 */
final class MapAccess<K, V> {
    final MapHandle map;
    final Codec<K> keys;
    final Codec<V> values;
    final String name;
    /** An array or per-CPU array: every index inside is present, and nothing can be removed. */
    private final boolean array;
    private final PerThread<MapBuffers> buffers;

    MapAccess(MapHandle map, Codec<K> keys, Codec<V> values) {
        this.map = Objects.requireNonNull(map, "map");
        this.keys = keys;
        this.values = values;
        this.name = map.name();
        this.array = map.type() == MapType.ARRAY || map.type() == MapType.PERCPU_ARRAY;
        KernelMaps.checkSize(map, "key", keys, map.keySize());
        KernelMaps.checkSize(map, "value", values, map.valueSize());
        // BPF_F_LOCK where the value holds a SpinLock: every copy in or out takes it, so user space
        // never sees, nor leaves, a value half-changed against a program's withLock
        long lockFlag = values instanceof RecordCodec<?> record && holdsLock(record.type()) ? MapCalls.F_LOCK : 0;
        this.buffers = MapBuffers.perThread(map, lockFlag);
    }

    private static boolean holdsLock(Class<?> record) {
        for (var component : record.getRecordComponents()) if (component.getType() == SpinLock.class) return true;
        return false;
    }

    /** This thread's buffers with {@code key} encoded in {@link MapBuffers#key}. */
    MapBuffers withKey(K key) {
        Objects.requireNonNull(key, "key must not be null");
        MapBuffers b = buffers.get();
        keys.write(key, b.key, 0);
        return b;
    }

    /** Looks the key in {@code b} up into {@code b.value}; false if absent (or outside an array). */
    boolean lookup(MapBuffers b) {
        return b.calls.lookup();
    }

    /**
     * Writes {@code b.value} under {@code b.key}; false where a program's update would fail too:
     * the mode's condition does not hold, the map is full, or the index is outside an array.
     */
    boolean update(MapBuffers b, UpdateMode mode) {
        try {
            return b.calls.update(mode.flag());
        } catch (BpfException e) {
            if (Errno.E2BIG.equals(e.errno())) return false;
            throw e;
        }
    }

    /** Deletes {@code key}; never true for an array, whose elements cannot be removed (the kernel refuses). */
    boolean remove(K key) {
        MapBuffers b = withKey(key);
        return !array && map.delete(b.key);
    }

    /**
     * Stores under {@code key} what {@code edit} makes of the value buffer, which holds the stored
     * value, or zeros where the key is absent and {@code insert} holds (as the kernel's other bytes
     * are when a program inserts). False if nothing was stored: absent and not to be inserted, a
     * full map, or an index outside an array.
     */
    boolean rewrite(K key, boolean insert, Consumer<MemorySegment> edit) {
        // the kernel has no read-modify-write for user space: write back on the condition that the
        // key is still present (or still absent), and go round again if another writer got in between
        while (true) {
            MapBuffers b = withKey(key);
            boolean present = lookup(b);
            if (!present && !insert) return false;
            if (!present) b.value.asSlice(0, map.valueBufferSize()).fill((byte) 0);
            edit.accept(b.value);
            if (update(b, present ? UpdateMode.EXIST : UpdateMode.NOEXIST)) return true;
            if (!present && !lookup(withKey(key))) return false;  // full, or outside an array
        }
    }

    /**
     * Adds {@code delta} to the counter at byte {@code at} of the value (a per-CPU map's CPU slot,
     * or 0), inserting the delta where a hash map has no value; at an index outside an array there
     * is nothing to add to.
     */
    void increment(K key, long at, long delta) {
        // rewrite's loop without its lambda and boxes: the counter path allocates nothing
        while (true) {
            MapBuffers b = withKey(key);
            boolean present = lookup(b);
            if (!present && array) return;  // an index outside the array: nothing to add to
            if (!(values instanceof PrimitiveCodec<V> counter)) {
                // the JVM's maps refuse alike where there is a value to add to
                throw new UnsupportedOperationException(name + ": increment needs Long or Integer values, not " + values);
            }
            if (!present) b.value.asSlice(0, map.valueBufferSize()).fill((byte) 0);
            counter.add(b.value, at, delta);
            if (update(b, present ? UpdateMode.EXIST : UpdateMode.NOEXIST)) return;
            if (!present && !lookup(withKey(key))) return;  // full
        }
    }

    List<K> keys() {
        List<K> out = new ArrayList<>();
        MapBuffers b = buffers.get();
        MemorySegment from = null;
        while (map.nextKey(from, b.next)) {
            MemorySegment.copy(b.next, 0, b.key, 0, map.keySize());
            out.add(keys.read(b.key, 0));
            from = b.key;
        }
        return out;
    }
}
