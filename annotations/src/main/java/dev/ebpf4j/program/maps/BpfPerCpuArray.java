package dev.ebpf4j.program.maps;

import dev.ebpf4j.program.JvmEnvironment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A per-CPU array ({@code BPF_MAP_TYPE_PERCPU_ARRAY}): each index holds one value per CPU, all
 * zero from the start. The usual home of packet counters: no atomics needed, sum on read.
 */
public final class BpfPerCpuArray<V> extends InMemoryMap<Integer, V> implements PerCpuEbpfMap<Integer, V> {
    private Object[][] elements;

    private Object[][] elements() {
        if (elements == null) {
            Declaration declaration = declaration();
            elements = new Object[declaration.maxEntries()][JvmEnvironment.CPUS];
            Object zero = Values.zero(declaration.valueType());
            for (Object[] perCpu : elements) Arrays.fill(perCpu, zero);
        }
        return elements;
    }

    private boolean inRange(Integer index) {
        required(index, "index");
        return index >= 0 && index < elements().length;
    }

    private static int cpu() {
        return JvmEnvironment.current().cpu();
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized V get(Integer index) {
        return inRange(index) ? (V) StructCopies.copyOut(elements()[index][cpu()]) : null;
    }

    @Override
    public synchronized boolean containsKey(Integer index) {
        return inRange(index);
    }

    @Override
    public synchronized boolean put(Integer index, V value) {
        V copy = StructCopies.copyIn(required(value, "value"));
        if (!inRange(index)) return false;
        elements()[index][cpu()] = copy;
        return true;
    }

    /** Always false: every element is present from the start. */
    @Override
    public synchronized boolean putIfAbsent(Integer index, V value) {
        StructCopies.copyIn(required(value, "value"));
        inRange(index);
        return false;
    }

    /** Always false: array elements cannot be removed. */
    @Override
    public synchronized boolean remove(Integer index) {
        inRange(index);
        return false;
    }

    @Override
    public synchronized void increment(Integer index, long delta) {
        if (!inRange(index)) return;
        elements()[index][cpu()] = Values.add(elements()[index][cpu()], delta, name());
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized List<V> perCpu(Integer index) {
        if (!inRange(index)) return List.of();
        List<V> copy = new ArrayList<>();
        for (Object value : elements()[index]) copy.add((V) StructCopies.copyOut(value));
        return copy;
    }

    @Override
    public synchronized long sum(Integer index) {
        long sum = 0;
        for (V value : perCpu(index)) sum += Values.asLong(value);
        return sum;
    }

    @Override
    public synchronized void clear() {
        elements = null;
    }
}
