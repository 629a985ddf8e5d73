package dev.ebpf4j.program.maps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the hash maps share: entries by key, at most {@link MapDef#maxEntries()} of them, each a
 * {@link Slots slot} (one value, or one per CPU). A subclass decides what inserting into a full
 * table does ({@link #makeRoom()}).
 */
abstract sealed class HashTable<K, V> extends InMemoryMap<K, V> permits BpfHashMap, BpfLruHashMap, BpfPerCpuHashMap {
    /** By {@link StructCopies#key}: records with arrays compare by their elements, as the kernel compares bytes. */
    final LinkedHashMap<Object, Object> entries;
    private final Slots slots;

    HashTable(LinkedHashMap<Object, Object> entries, Slots slots) {
        this.entries = entries;
        this.slots = slots;
    }

    /** Makes room for one more entry in a full table; false if insertion must fail instead. */
    abstract boolean makeRoom();

    /** The slot under {@code key}, or null. */
    final synchronized Object slot(K key) {
        declaration();
        return entries.get(StructCopies.key(required(key, "key")));
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized V get(K key) {
        Object slot = slot(key);
        return slot == null ? null : (V) StructCopies.copyOut(slots.value(slot));
    }

    @Override
    public synchronized boolean containsKey(K key) {
        return get(key) != null;
    }

    @Override
    public synchronized boolean put(K key, V value) {
        Object stored = StructCopies.key(StructCopies.copyIn(required(key, "key")));
        V copy = StructCopies.copyIn(required(value, "value"));
        // an LRU table's get makes a stored key the most recently used, as its put does anyway
        Object slot = entries.get(stored);
        if (slot == null && entries.size() >= declaration().maxEntries() && !makeRoom()) return false;
        entries.put(stored, slot == null ? slots.first(copy, declaration().valueType()) : slots.with(slot, copy));
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
        put(key, value != null ? Counters.add(value, delta, name()) : (V) Values.of(declaration().valueType(), delta, name()));
    }

    @Override
    public synchronized boolean addOrInsert(K key, RecordField<V> field, long delta, V initial) {
        required(initial, "initial value");
        RecordFields.component(declaration().valueType(), field, name());
        if (slot(key) == null && !put(key, initial)) return false;
        return updateField(key, field, FieldOp.ADD, delta);
    }

    @Override
    final boolean updateField(K key, RecordField<V> field, FieldOp op, long operand) {
        var component = RecordFields.component(declaration().valueType(), field, name());
        Object stored = StructCopies.key(required(key, "key"));
        Object slot = entries.get(stored);
        if (slot == null) return false;
        entries.put(stored, slots.with(slot, RecordFields.updated(slots.value(slot), component, op, operand)));
        return true;
    }

    @Override
    public synchronized void clear() {
        entries.clear();
    }

    /** A copy of the entries in the table's order, each key with the running CPU's value. */
    @SuppressWarnings("unchecked")
    final synchronized Map<K, V> copy() {
        Map<K, V> copy = new LinkedHashMap<>();
        entries.forEach((key, slot) -> copy.put(StructCopies.unwrap(key), (V) StructCopies.copyOut(slots.value(slot))));
        return copy;
    }
}
