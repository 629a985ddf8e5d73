package dev.ebpf4j.skeleton;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.program.maps.PerCpuEbpfMap;

import java.util.List;
import java.util.Map;

/**
 * A per-CPU hash map or per-CPU array in the kernel: each key holds one value per possible CPU.
 *
 * <p>Read it with {@link #perCpu} (every possible CPU's value) and {@link #sum} (their total), or
 * {@link #sums} for every key at once. The single-value {@link dev.ebpf4j.program.maps.EbpfMap}
 * methods ({@code get}, {@code put}, {@code increment}, ...) act as a program running on one CPU
 * would: user space has no running CPU of its own, so they use the CPU that
 * {@link dev.ebpf4j.program.JvmEnvironment} names for the calling thread (CPU 0 unless a test chose
 * another), exactly as the JVM's in-memory per-CPU maps do. Code written against
 * {@link PerCpuEbpfMap} therefore behaves the same against both. An insertion sets that CPU's value
 * and zeroes the others, as the kernel does for a program; {@link #putPerCpu} writes every CPU.
 * User space reads and writes every CPU's value at once, so a write that changes one CPU's value
 * loses what a program stored between the read and the write: write while the programs are idle.
 *
 * <pre>{@code
 * KernelPerCpuMap<Integer, Long> counters = skeleton.counters();
 * long syn = counters.sum(SYN);
 * List<Long> synByCpu = counters.perCpu(SYN);
 * counters.putPerCpu(SYN, Collections.nCopies(counters.possibleCpus(), 0L));  // reset
 * }</pre>
 *
 * @param <K> the key: a boxed primitive or a record of primitives laid out as a C struct
 * @param <V> the value: a boxed primitive or a record of primitives laid out as a C struct
 */
public interface KernelPerCpuMap<K, V> extends PerCpuEbpfMap<K, V> {
    /** The kernel map underneath (owned by whoever loaded it, not by this view). */
    BpfMap bpfMap();

    /** The number of possible CPUs: the length of every {@link #perCpu} list. */
    int possibleCpus();

    /** Every key, in the kernel's order (a snapshot that may miss concurrent changes). */
    List<K> keys();

    /** {@link #sum} for every key, in the kernel's order. */
    Map<K, Long> sums();

    /**
     * Stores one value per possible CPU under {@code key}, in CPU order; false if the map refused
     * (full, or an index outside an array).
     *
     * @throws IllegalArgumentException if {@code perCpu} does not hold {@link #possibleCpus()} values
     */
    boolean putPerCpu(K key, List<? extends V> perCpu);
}
