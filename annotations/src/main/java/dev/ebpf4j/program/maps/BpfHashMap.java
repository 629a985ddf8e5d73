package dev.ebpf4j.program.maps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hash map ({@code BPF_MAP_TYPE_HASH}) of at most {@link MapDef#maxEntries()} entries; inserting
 * into a full map fails.
 *
 * <pre>{@code
 * @MapDef(maxEntries = 1024)
 * static final BpfHashMap<Integer, Long> packetsByPort = new BpfHashMap<>();
 * }</pre>
 */
public final class BpfHashMap<K, V> extends InMemoryMap<K, V> {
    private final Map<K, V> entries = new LinkedHashMap<>();

    @Override
    public synchronized V get(K key) {
        declaration();
        return entries.get(required(key, "key"));
    }

    @Override
    public synchronized boolean containsKey(K key) {
        return get(key) != null;
    }

    @Override
    public synchronized boolean put(K key, V value) {
        required(key, "key");
        required(value, "value");
        if (!entries.containsKey(key) && entries.size() >= declaration().maxEntries()) return false;
        entries.put(key, value);
        return true;
    }

    @Override
    public synchronized boolean putIfAbsent(K key, V value) {
        return !containsKey(key) && put(key, value);
    }

    @Override
    public synchronized boolean remove(K key) {
        declaration();
        return entries.remove(required(key, "key")) != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void increment(K key, long delta) {
        V value = get(key);
        if (value != null) {
            entries.put(key, (V) Values.add(value, delta, name()));
        } else {
            put(key, (V) Values.of(declaration().valueType(), delta, name()));
        }
    }

    /** The number of entries. */
    public synchronized int size() {
        return entries.size();
    }

    /** A copy of the entries, in insertion order. */
    public synchronized Map<K, V> entries() {
        return new LinkedHashMap<>(entries);
    }

    @Override
    public synchronized void clear() {
        entries.clear();
    }
}
