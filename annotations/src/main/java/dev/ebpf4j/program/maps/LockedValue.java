package dev.ebpf4j.program.maps;

/**
 * The record value under a key while {@link EbpfMap#withLock} holds its {@link SpinLock}: its
 * {@code int} and {@code long} fields read and changed in place, named by method references as
 * the single-field updates name them. Nothing else holds the lock meanwhile, so the changes are
 * seen together.
 *
 * @param <V> the record type of the map's values
 */
public interface LockedValue<V> {
    /** The field's value, widened to {@code long}. */
    long get(RecordField<V> field);

    /** Stores {@code value} into the field (an {@code int} field takes its low 32 bits). */
    void set(RecordField<V> field, long value);

    /** Adds {@code delta} to the field, wrapping in the field's width. */
    void add(RecordField<V> field, long delta);
}
