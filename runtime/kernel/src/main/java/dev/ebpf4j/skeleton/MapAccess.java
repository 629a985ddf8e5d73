package dev.ebpf4j.skeleton;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.maps.UpdateMode;
import dev.ebpf4j.maps.typed.Codec;
import dev.ebpf4j.program.maps.Counters;
import dev.ebpf4j.sys.BpfException;
import dev.ebpf4j.sys.Errno;
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
    final BpfMap map;
    final Codec<K> keys;
    final Codec<V> values;
    final String name;
    /** An array or per-CPU array: every index inside is present, and nothing can be removed. */
    private final boolean array;
    private final ThreadLocal<Buffers> buffers;

    /** One thread's buffers: a key, the next key of a walk, and a whole value (every CPU's slot). */
    static final class Buffers {
        final MemorySegment key;
        final MemorySegment next;
        final MemorySegment value;

        private Buffers(BpfMap map) {
            // freed when the thread's slot is collected; any thread may use its own
            Arena arena = Arena.ofAuto();
            key = arena.allocate(Math.max(8, map.keySize()), 8);
            next = arena.allocate(Math.max(8, map.keySize()), 8);
            value = arena.allocate(Math.max(8, map.valueBufferSize()), 8);
        }
    }

    MapAccess(BpfMap map, Codec<K> keys, Codec<V> values) {
        this.map = Objects.requireNonNull(map, "map");
        this.keys = keys;
        this.values = values;
        this.name = map.name();
        this.array = map.type() == MapType.ARRAY || map.type() == MapType.PERCPU_ARRAY;
        checkSize("key", keys, map.keySize());
        checkSize("value", values, map.valueSize());
        this.buffers = ThreadLocal.withInitial(() -> new Buffers(map));
    }

    private void checkSize(String what, Codec<?> codec, int size) {
        if (codec.size() != size) {
            throw new IllegalArgumentException("map '" + name + "': " + what + "s are " + size + " bytes in the kernel, "
                    + codec + " is " + codec.size() + " bytes: the object does not match the program's declaration");
        }
    }

    /** This thread's buffers with {@code key} encoded in {@link Buffers#key}. */
    Buffers withKey(K key) {
        Objects.requireNonNull(key, "key must not be null");
        Buffers b = buffers.get();
        keys.write(key, b.key, 0);
        return b;
    }

    /** Looks the key in {@code b} up into {@code b.value}; false if absent (or outside an array). */
    boolean lookup(Buffers b) {
        return map.lookup(b.key, b.value);
    }

    /**
     * Writes {@code b.value} under {@code b.key}; false where a program's update would fail too:
     * the mode's condition does not hold, the map is full, or the index is outside an array.
     */
    boolean update(Buffers b, UpdateMode mode) {
        try {
            return map.update(b.key, b.value, mode);
        } catch (BpfException e) {
            if (Errno.E2BIG.equals(e.errno())) return false;
            throw e;
        }
    }

    /** Deletes {@code key}; never true for an array, whose elements cannot be removed (the kernel refuses). */
    boolean remove(K key) {
        Buffers b = withKey(key);
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
            Buffers b = withKey(key);
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
        rewrite(key, !array, value -> values.write(Counters.add(values.read(value, at), delta, name), value, at));
    }

    List<K> keys() {
        List<K> out = new ArrayList<>();
        Buffers b = buffers.get();
        MemorySegment from = null;
        while (map.nextKey(from, b.next)) {
            MemorySegment.copy(b.next, 0, b.key, 0, map.keySize());
            out.add(keys.read(b.key, 0));
            from = b.key;
        }
        return out;
    }
}
