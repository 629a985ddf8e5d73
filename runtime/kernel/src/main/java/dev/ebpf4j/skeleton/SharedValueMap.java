package dev.ebpf4j.skeleton;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.maps.UpdateMode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A hash, LRU hash or array map: one value per key, shared by every CPU. An array index outside
 * the array behaves as an absent key does (the kernel reports it so), which gives arrays their
 * in-memory semantics with the hash map's code; only {@link #remove} differs.
 */
final class SharedValueMap<K, V> implements KernelMap<K, V> {
    private final MapAccess<K, V> access;

    SharedValueMap(MapAccess<K, V> access) {
        this.access = access;
    }

    @Override
    public V get(K key) {
        MapAccess.Buffers b = access.withKey(key);
        return access.lookup(b) ? access.values.read(b.value, 0) : null;
    }

    @Override
    public boolean containsKey(K key) {
        return access.lookup(access.withKey(key));
    }

    @Override
    public boolean put(K key, V value) {
        return write(key, value, UpdateMode.ANY);
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        return write(key, value, UpdateMode.NOEXIST);
    }

    private boolean write(K key, V value, UpdateMode mode) {
        Objects.requireNonNull(value, "value must not be null");
        MapAccess.Buffers b = access.withKey(key);
        access.values.write(value, b.value, 0);
        return access.update(b, mode);
    }

    /** Always false for an array: its elements cannot be removed (the kernel refuses). */
    @Override
    public boolean remove(K key) {
        return access.remove(key);
    }

    @Override
    public void increment(K key, long delta) {
        access.increment(key, 0, delta);
    }

    @Override
    public BpfMap bpfMap() {
        return access.map;
    }

    @Override
    public List<K> keys() {
        return access.keys();
    }

    @Override
    public Map<K, V> entries() {
        Map<K, V> out = new LinkedHashMap<>();
        for (K key : keys()) {
            V value = get(key);
            if (value != null) out.put(key, value);
        }
        return out;
    }

    @Override
    public String toString() {
        return "KernelMap[" + access.map.type() + " '" + access.name + "']";
    }
}
