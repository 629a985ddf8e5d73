package dev.ebpf4j.program.maps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A least-recently-used hash map ({@code BPF_MAP_TYPE_LRU_HASH}): inserting into a full map evicts
 * an entry instead of failing. The kernel's LRU is approximate (per-CPU free lists), so which entry
 * goes may differ between the JVM and the kernel once the map is full; below that they agree.
 */
public final class BpfLruHashMap<K, V> extends InMemoryMap<K, V> {
    private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(16, 0.75f, true);

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
        if (!entries.containsKey(key) && entries.size() >= declaration().maxEntries()) {
            entries.remove(entries.keySet().iterator().next());
        }
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
        put(key, (V) (value != null ? Values.add(value, delta, name()) : Values.of(declaration().valueType(), delta, name())));
    }

    /** A copy of the entries, least recently used first. */
    public synchronized Map<K, V> entries() {
        return new LinkedHashMap<>(entries);
    }

    @Override
    public synchronized void clear() {
        entries.clear();
    }
}
