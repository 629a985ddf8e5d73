package dev.ebpf4j.program.maps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the hash maps share: entries by key, at most {@link MapDef#maxEntries()} of them. A
 * subclass decides what inserting into a full table does ({@link #makeRoom()}).
 */
abstract sealed class HashTable<K, V> extends InMemoryMap<K, V> permits BpfHashMap, BpfLruHashMap {
    final LinkedHashMap<K, V> entries;

    HashTable(LinkedHashMap<K, V> entries) {
        this.entries = entries;
    }

    /** Makes room for one more entry in a full table; false if insertion must fail instead. */
    abstract boolean makeRoom();

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
        if (!entries.containsKey(key) && entries.size() >= declaration().maxEntries() && !makeRoom()) return false;
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

    @Override
    public synchronized void clear() {
        entries.clear();
    }

    synchronized Map<K, V> copy() {
        return new LinkedHashMap<>(entries);
    }
}
