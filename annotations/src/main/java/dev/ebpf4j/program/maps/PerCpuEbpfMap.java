package dev.ebpf4j.program.maps;

import java.util.List;

/**
 * A map with one value per CPU under each key. A program reads and writes the running CPU's
 * value through the {@link EbpfMap} methods; user space sees every CPU's value.
 */
public interface PerCpuEbpfMap<K, V> extends EbpfMap<K, V> {
    /** Every CPU's value under {@code key}, indexed by CPU, or an empty list if there is none. */
    List<V> perCpu(K key);

    /** The sum over CPUs of the {@code Long} or {@code Integer} values under {@code key} (0 if none). */
    long sum(K key);
}
