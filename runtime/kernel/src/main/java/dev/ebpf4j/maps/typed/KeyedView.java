package dev.ebpf4j.maps.typed;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.types.MapType;

import java.util.ArrayList;
import java.util.List;

/**
 * What the hash views share: keys and values through codecs checked against the map's sizes, and
 * the operations that need only a key. The subclasses differ in what a key holds: one value, or
 * one per possible CPU.
 */
abstract sealed class KeyedView<K, V> extends TypedView permits HashMapView, PerCpuHashView {
    final Codec<K> keys;
    final Codec<V> values;

    KeyedView(BpfMap map, String view, Codec<K> keys, Codec<V> values, MapType... types) {
        super(map, view, types);
        checkSize(map, "key", keys, map.keySize());
        checkSize(map, "value", values, map.valueSize());
        this.keys = keys;
        this.values = values;
    }

    /** This thread's scratch buffers with {@code key} encoded in {@link Scratch#key}. */
    final Scratch scratch(K key) {
        Scratch s = scratch();
        keys.write(key, s.key, 0);
        return s;
    }

    /** True if {@code key} is present. */
    public boolean containsKey(K key) {
        Scratch s = scratch(key);
        return map.lookup(s.key, s.value);
    }

    /** Deletes the element; true if it was present. */
    public boolean remove(K key) {
        return map.delete(scratch(key).key);
    }

    /** Every key, in the kernel's order (a snapshot that may miss concurrent changes). */
    public List<K> keys() {
        List<K> out = new ArrayList<>();
        forEachKey(k -> out.add(keys.read(k, 0)));
        return out;
    }
}
