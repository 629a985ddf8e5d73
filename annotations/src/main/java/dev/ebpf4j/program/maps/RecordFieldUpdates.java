package dev.ebpf4j.program.maps;

/**
 * The field updates of {@link EbpfMap} in terms of its {@code get} and {@code put}: what a map
 * without an in-place update of its own does (the kernel-backed maps of user space, a
 * read-modify-write as their {@code increment} is). The in-memory maps do the same under their lock.
 */
final class RecordFieldUpdates {
    private RecordFieldUpdates() {
    }

    static <K, V> boolean update(EbpfMap<K, V> map, K key, RecordField<V> field, FieldOp op, long operand) {
        V value = map.get(key);
        if (value == null) return false;
        return map.put(key, updated(map, value, field, op, operand));
    }

    static <K, V> boolean addOrInsert(EbpfMap<K, V> map, K key, RecordField<V> field, long delta, V initial) {
        InMemoryMap.required(initial, "initial value");
        RecordFields.component(initial.getClass(), field, map.toString());
        V value = map.get(key);
        if (value == null) {
            map.putIfAbsent(key, initial);
            value = map.get(key);
            if (value == null) return false;
        }
        return map.put(key, updated(map, value, field, FieldOp.ADD, delta));
    }

    /** Several fields of the value under {@code key} changed by {@code changes}, then stored back: one get, one put. */
    static <K, V> boolean withLock(EbpfMap<K, V> map, K key, java.util.function.Consumer<LockedValue<V>> changes) {
        InMemoryMap.required(changes, "changes");
        V value = map.get(key);
        if (value == null) return false;
        LockedRecord.requireOneLock(value.getClass(), map.toString());
        LockedRecord<V> locked = new LockedRecord<>(value, map.toString());
        changes.accept(locked);
        return map.put(key, locked.record());
    }

    @SuppressWarnings("unchecked")
    private static <V> V updated(EbpfMap<?, V> map, V value, RecordField<V> field, FieldOp op, long operand) {
        return (V) RecordFields.updated(value, RecordFields.component(value.getClass(), field, map.toString()), op, operand);
    }
}
