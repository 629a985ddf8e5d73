package dev.ebpf4j.skeleton;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.program.maps.EbpfMap;

import java.util.List;
import java.util.Map;

/**
 * A hash map, LRU hash map or array in the kernel, seen through the same {@link EbpfMap} methods a
 * program uses, with the same results as the JVM's in-memory maps: {@code put} and
 * {@code putIfAbsent} say whether the kernel stored the value (false for a full map or an index
 * outside an array), {@code remove} is never true for an array, {@code increment} inserts the delta
 * where a hash map has no value yet.
 *
 * <p>From user space {@link #increment} is a read-modify-write, as the kernel offers user space
 * no atomic add: a change another thread or a running program makes between the read and the
 * write is lost. Programs' own increments stay atomic; reset or adjust counters from user space
 * while the programs that update them are idle.
 *
 * <pre>{@code
 * KernelMap<Integer, Long> blocked = skeleton.blockedPorts();
 * blocked.put(22, 0L);
 * Map<Integer, Long> snapshot = blocked.entries();
 * }</pre>
 *
 * @param <K> the key: a boxed primitive or a record of primitives laid out as a C struct
 * @param <V> the value: a boxed primitive or a record of primitives laid out as a C struct
 */
public interface KernelMap<K, V> extends EbpfMap<K, V> {
    /** The kernel map underneath (owned by whoever loaded it, not by this view). */
    BpfMap bpfMap();

    /** Every key, in the kernel's order (a snapshot that may miss concurrent changes). */
    List<K> keys();

    /** A snapshot of the entries, in the kernel's order. */
    Map<K, V> entries();
}
