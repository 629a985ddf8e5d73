package dev.ebpf4j.program.maps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the hash maps share: entries by key, at most {@link MapDef#maxEntries()} of them. A
 * subclass decides what inserting into a full table does ({@link #makeRoom()}).
 */
abstract sealed class HashTable<K, V> extends InMemoryMap<K, V> permits BpfHashMap, BpfLruHashMap {
    /** By {@link StructCopies#key}: records with arrays compare by their elements, as the kernel compares bytes. */
    final LinkedHashMap<Object, V> entries;

    HashTable(LinkedHashMap<Object, V> entries) {
        this.entries = entries;
    }

    /** Makes room for one more entry in a full table; false if insertion must fail instead. */
    abstract boolean makeRoom();

    @Override
    public synchronized V get(K key) {
        declaration();
        return StructCopies.copyOut(entries.get(StructCopies.key(required(key, "key"))));
    }

    @Override
    public synchronized boolean containsKey(K key) {
        return get(key) != null;
    }

    @Override
    public synchronized boolean put(K key, V value) {
        Object stored = StructCopies.key(StructCopies.copyIn(required(key, "key")));
        V copy = StructCopies.copyIn(required(value, "value"));
        if (!entries.containsKey(stored) && entries.size() >= declaration().maxEntries() && !makeRoom()) return false;
        entries.put(stored, copy);
        return true;
    }

    @Override
    public synchronized boolean putIfAbsent(K key, V value) {
        StructCopies.copyIn(required(key, "key"));
        StructCopies.copyIn(required(value, "value"));
        return !containsKey(key) && put(key, value);
    }

    @Override
    public synchronized boolean remove(K key) {
        declaration();
        return entries.remove(StructCopies.key(required(key, "key"))) != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void increment(K key, long delta) {
        V value = get(key);
        if (value != null) {
            entries.put(StructCopies.key(key), (V) Values.add(value, delta, name()));
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
        Map<K, V> copy = new LinkedHashMap<>();
        entries.forEach((key, value) -> copy.put(StructCopies.unwrap(key), StructCopies.copyOut(value)));
        return copy;
    }
}
