package dev.ebpf4j.program.maps;

/**
 * A map shared by programs and user space, modelled on {@link java.util.Map} where the kernel's
 * semantics match: keys and values are copied in and out, and there is no null key or value.
 *
 * <p>In a program, the result of {@link #get} must be checked for {@code null} before use (the
 * compiler rejects the program otherwise), and {@link #increment} is an atomic add on maps shared
 * between CPUs. The JVM execution and the kernel give the same results for every method here.
 *
 * @param <K> the key: a boxed integral type or a record of primitive fields
 * @param <V> the value: a boxed integral type or a record of primitive fields
 */
public interface EbpfMap<K, V> {
    /** The value stored under {@code key}, or {@code null} if there is none. */
    V get(K key);

    /** The value stored under {@code key}, or {@code fallback} if there is none. */
    default V getOrDefault(K key, V fallback) {
        V value = get(key);
        return value != null ? value : fallback;
    }

    /** True if a value is stored under {@code key}. */
    boolean containsKey(K key);

    /**
     * Stores {@code value} under {@code key}; false if the map refused (full, or an index outside
     * an array).
     */
    boolean put(K key, V value);

    /** Stores {@code value} only if no value is stored under {@code key}; true if it was stored. */
    boolean putIfAbsent(K key, V value);

    /** Removes the value under {@code key}; true if there was one (never true for arrays). */
    boolean remove(K key);

    /**
     * Adds {@code delta} to the counter under {@code key}, inserting {@code delta} where a hash map
     * has no value yet; does nothing for an index outside an array or a full map. The value type
     * must be {@code Long} or {@code Integer} (which wraps as {@code int} does). Atomic on maps
     * shared between CPUs; per-CPU maps need no atomicity.
     */
    void increment(K key, long delta);

    /** As {@code increment(key, 1)}. */
    default void increment(K key) {
        increment(key, 1);
    }

    /**
     * Adds {@code delta} to one {@code int} or {@code long} field of the record stored under
     * {@code key}, in place; true if the key was present (false, and nothing stored, otherwise).
     * In a program: one lookup and an atomic add on the field ({@code lock *(u64 *)(r0 + 8) += r1},
     * C's {@code __sync_fetch_and_add}), a plain add on per-CPU maps; on the JVM's maps atomic with
     * respect to every other call on the map. An {@code int} field wraps as Java's {@code int} does.
     *
     * <pre>{@code
     * flows.add(key, FlowStats::bytes, ctx.length());
     * }</pre>
     *
     * <p>From user space (the kernel-backed maps) this is a read-modify-write like
     * {@link #increment}: a program's update between the read and the write is lost.
     *
     * @param field a method reference to a component of the value record ({@code FlowStats::bytes})
     */
    default boolean add(K key, RecordField<V> field, long delta) {
        return RecordFieldUpdates.update(this, key, field, FieldOp.ADD, delta);
    }

    /**
     * Sets the bits of {@code bits} in one field of the record under {@code key}, in place, as
     * {@link #add} adds (C's {@code __sync_fetch_and_or}); true if the key was present. The atomic
     * instruction needs kernel 5.12 on maps shared between CPUs: 5.10's verifier refuses it
     * ("BPF_XADD uses reserved fields"), where a per-CPU map or {@link #add} works.
     */
    default boolean or(K key, RecordField<V> field, long bits) {
        return RecordFieldUpdates.update(this, key, field, FieldOp.OR, bits);
    }

    /** Keeps only the bits of {@code bits} in one field, as {@link #or} sets them ({@code __sync_fetch_and_and}). */
    default boolean and(K key, RecordField<V> field, long bits) {
        return RecordFieldUpdates.update(this, key, field, FieldOp.AND, bits);
    }

    /** Flips the bits of {@code bits} in one field, as {@link #or} sets them ({@code __sync_fetch_and_xor}). */
    default boolean xor(K key, RecordField<V> field, long bits) {
        return RecordFieldUpdates.update(this, key, field, FieldOp.XOR, bits);
    }

    /**
     * Stores {@code value} into one {@code int} or {@code long} field of the record under
     * {@code key}, in place, leaving the other fields as they are ({@code flows.set(key,
     * FlowStats::lastSeen, now)}); true if the key was present. In a program one aligned store
     * ({@code *(u64 *)(r0 + 24) = r1}), which other CPUs see whole, never torn; on the JVM's maps
     * atomic with respect to every other call on the map.
     */
    default boolean set(K key, RecordField<V> field, long value) {
        return RecordFieldUpdates.update(this, key, field, FieldOp.SET, value);
    }

    /**
     * Stores {@code initial} under {@code key} if no value is there ({@code putIfAbsent}), then adds
     * {@code delta} to one field of the stored value in place, as {@link #add} does; false only if
     * the map refused the insertion (full, or an index outside an array). When another CPU inserts
     * the key first, the delta goes to its value: no update is lost.
     *
     * <pre>{@code
     * flows.addOrInsert(key, FlowStats::packets, 1, new FlowStats(0, 0, now, now, 0));
     * }</pre>
     */
    default boolean addOrInsert(K key, RecordField<V> field, long delta, V initial) {
        return RecordFieldUpdates.addOrInsert(this, key, field, delta, initial);
    }

    /**
     * Changes several fields of the record under {@code key} together, under the value's
     * {@link SpinLock}; true if the key was present (false, and {@code changes} not run, otherwise).
     * The record must declare exactly one {@code SpinLock} component, and the map must be a
     * {@link BpfHashMap} or a {@link BpfArray} (the only kinds the kernel keeps a lock in).
     *
     * <pre>{@code
     * record Account(SpinLock lock, long balance, long moves) {}
     * long amount = ctx.length();
     * accounts.withLock(0, account -> {
     *     account.add(Account::balance, -amount);
     *     account.add(Account::moves, 1);
     * });
     * }</pre>
     *
     * <p>In a program: one lookup, {@code bpf_spin_lock(&value->lock)}, a plain load and store for
     * each change, {@code bpf_spin_unlock}. The verifier allows no call while the lock is held, so
     * the body holds only {@code add} and {@code set} statements on the locked value whose operands
     * are constants, captured locals and arithmetic of them (computed before the lock is taken) and
     * {@code get} of the value's fields (read under the lock, after the changes before it); the
     * compiler says what to write instead of anything else. On the JVM's maps the body runs under the
     * map's lock, so other calls on the map see all of the changes or none. From user space (the
     * kernel-backed maps) this is a read-modify-write like {@link #add}.
     */
    default boolean withLock(K key, java.util.function.Consumer<LockedValue<V>> changes) {
        return RecordFieldUpdates.withLock(this, key, changes);
    }
}
