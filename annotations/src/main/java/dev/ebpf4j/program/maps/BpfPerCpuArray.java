package dev.ebpf4j.program.maps;

import java.util.List;

/**
 * A per-CPU array ({@code BPF_MAP_TYPE_PERCPU_ARRAY}): each index holds one value per CPU, all
 * zero from the start. The usual home of packet counters: no atomics needed, sum on read.
 */
public final class BpfPerCpuArray<V> extends ArrayTable<V> implements PerCpuEbpfMap<Integer, V> {
    /** An array of zeros on every CPU, sized by the {@link MapDef} of the field it initialises. */
    public BpfPerCpuArray() {
        super(Slots.PER_CPU);
    }

    @Override
    public synchronized List<V> perCpu(Integer index) {
        return Slots.copies(slot(index));
    }

    @Override
    public synchronized long sum(Integer index) {
        return Counters.sum(perCpu(index));
    }
}
