package dev.ebpf4j.program.maps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A per-CPU hash map ({@code BPF_MAP_TYPE_PERCPU_HASH}): each key holds one value per CPU. A
 * program's insertion sets the running CPU's value and zeroes the others, as the kernel does.
 */
public final class BpfPerCpuHashMap<K, V> extends HashTable<K, V> implements PerCpuEbpfMap<K, V> {
    /** An empty map, sized by the {@link MapDef} of the field it initialises. */
    public BpfPerCpuHashMap() {
        super(new LinkedHashMap<>(), Slots.PER_CPU);
    }

    @Override
    boolean makeRoom() {
        return false;
    }

    @Override
    public synchronized List<V> perCpu(K key) {
        return Slots.copies(slot(key));
    }

    @Override
    public synchronized long sum(K key) {
        return Counters.sum(perCpu(key));
    }

    /** The keys, in insertion order. */
    public synchronized List<K> keys() {
        declaration();
        List<K> keys = new ArrayList<>();
        for (Object key : entries.keySet()) keys.add(StructCopies.unwrap(key));
        return keys;
    }
}
