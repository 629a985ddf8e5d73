package dev.ebpf4j.program.maps;

import dev.ebpf4j.program.JvmEnvironment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A per-CPU hash map ({@code BPF_MAP_TYPE_PERCPU_HASH}): each key holds one value per CPU. A
 * program's insertion sets the running CPU's value and zeroes the others, as the kernel does.
 */
public final class BpfPerCpuHashMap<K, V> extends InMemoryMap<K, V> implements PerCpuEbpfMap<K, V> {
    private final Map<K, Object[]> entries = new LinkedHashMap<>();

    private static int cpu() {
        return JvmEnvironment.current().cpu();
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized V get(K key) {
        declaration();
        Object[] values = entries.get(required(key, "key"));
        return values == null ? null : (V) values[cpu()];
    }

    @Override
    public synchronized boolean containsKey(K key) {
        return get(key) != null;
    }

    @Override
    public synchronized boolean put(K key, V value) {
        required(key, "key");
        required(value, "value");
        Object[] values = entries.get(key);
        if (values == null) {
            if (entries.size() >= declaration().maxEntries()) return false;
            values = new Object[JvmEnvironment.CPUS];
            Arrays.fill(values, Values.zero(declaration().valueType()));
            entries.put(key, values);
        }
        values[cpu()] = value;
        return true;
    }

    @Override
    public synchronized boolean putIfAbsent(K key, V value) {
        return !containsKey(key) && put(key, value);
    }

    @Override
    public synchronized boolean remove(K key) {
        declaration();
        return entries.remove(required(key, "key")) != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void increment(K key, long delta) {
        V value = get(key);
        put(key, (V) (value != null ? Values.add(value, delta, name()) : Values.of(declaration().valueType(), delta, name())));
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized List<V> perCpu(K key) {
        declaration();
        Object[] values = entries.get(required(key, "key"));
        if (values == null) return List.of();
        List<V> copy = new ArrayList<>(values.length);
        for (Object value : values) copy.add((V) value);
        return copy;
    }

    @Override
    public synchronized long sum(K key) {
        long sum = 0;
        for (V value : perCpu(key)) sum += Values.asLong(value);
        return sum;
    }

    /** The keys, in insertion order. */
    public synchronized List<K> keys() {
        declaration();
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public synchronized void clear() {
        entries.clear();
    }
}
