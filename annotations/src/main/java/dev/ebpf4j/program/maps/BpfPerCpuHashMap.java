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
    /** By {@link StructCopies#key}: records with arrays compare by their elements. */
    private final Map<Object, Object[]> entries = new LinkedHashMap<>();

    private static int cpu() {
        return JvmEnvironment.current().cpu();
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized V get(K key) {
        declaration();
        Object[] values = entries.get(StructCopies.key(required(key, "key")));
        return values == null ? null : (V) StructCopies.copyOut(values[cpu()]);
    }

    @Override
    public synchronized boolean containsKey(K key) {
        return get(key) != null;
    }

    @Override
    public synchronized boolean put(K key, V value) {
        Object stored = StructCopies.key(StructCopies.copyIn(required(key, "key")));
        V copy = StructCopies.copyIn(required(value, "value"));
        Object[] values = entries.get(stored);
        if (values == null) {
            if (entries.size() >= declaration().maxEntries()) return false;
            values = new Object[JvmEnvironment.CPUS];
            Arrays.fill(values, Values.zero(declaration().valueType()));
            entries.put(stored, values);
        }
        values[cpu()] = copy;
        return true;
    }

    @Override
    public synchronized boolean putIfAbsent(K key, V value) {
        StructCopies.copyIn(required(key, "key"));
        StructCopies.copyIn(required(value, "value"));
        return !containsKey(key) && put(key, value);
    }

    @Override
    public synchronized boolean remove(K key) {
        declaration();
        return entries.remove(StructCopies.key(required(key, "key"))) != null;
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
        Object[] values = entries.get(StructCopies.key(required(key, "key")));
        if (values == null) return List.of();
        List<V> copy = new ArrayList<>(values.length);
        for (Object value : values) copy.add((V) StructCopies.copyOut(value));
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
        List<K> keys = new ArrayList<>();
        for (Object key : entries.keySet()) keys.add(StructCopies.unwrap(key));
        return keys;
    }

    @Override
    public synchronized void clear() {
        entries.clear();
    }
}
