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
}
