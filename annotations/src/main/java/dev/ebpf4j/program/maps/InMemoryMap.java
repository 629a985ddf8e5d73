package dev.ebpf4j.program.maps;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * What every in-memory map shares: its declaration (found on first use) and the null checks the
 * kernel makes structural. Subclasses hold the entries.
 */
abstract class InMemoryMap<K, V> implements EbpfMap<K, V> {
    private final Declaration declaration = Declaration.ofCaller();

    /** The declaration, resolved: call before touching entries. */
    final Declaration declaration() {
        declaration.resolve(this);
        return declaration;
    }

    final String name() {
        return declaration().name();
    }

    static <T> T required(T value, String what) {
        return Objects.requireNonNull(value, () -> what + " must not be null");
    }

    /** Removes every entry (arrays: sets every element to zero); for tests between runs. */
    public abstract void clear();

    /**
     * The running CPU's value under {@code key} with one field changed by {@code op} in place, called
     * under this map's lock; false where there is no value to change.
     */
    abstract boolean updateField(K key, RecordField<V> field, FieldOp op, long operand);

    @Override
    public synchronized boolean add(K key, RecordField<V> field, long delta) {
        return updateField(key, field, FieldOp.ADD, delta);
    }

    @Override
    public synchronized boolean or(K key, RecordField<V> field, long bits) {
        return updateField(key, field, FieldOp.OR, bits);
    }

    @Override
    public synchronized boolean and(K key, RecordField<V> field, long bits) {
        return updateField(key, field, FieldOp.AND, bits);
    }

    @Override
    public synchronized boolean xor(K key, RecordField<V> field, long bits) {
        return updateField(key, field, FieldOp.XOR, bits);
    }

    @Override
    public synchronized boolean set(K key, RecordField<V> field, long value) {
        return updateField(key, field, FieldOp.SET, value);
    }

    /** Under the map's lock, which no other call on it passes meanwhile: the JVM's equivalent of the value's spin lock. */
    @Override
    public synchronized boolean withLock(K key, Consumer<LockedValue<V>> changes) {
        if (!(this instanceof BpfHashMap || this instanceof BpfArray)) {
            throw new IllegalArgumentException(name() + ": the kernel keeps a SpinLock only in hash and array maps;"
                    + " declare it a BpfHashMap or a BpfArray to use withLock");
        }
        return RecordFieldUpdates.withLock(this, key, changes);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " " + name();
    }
}
