package dev.ebpf4j.maps.typed;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.sys.PossibleCpus;
import dev.ebpf4j.types.MapType;

import java.util.List;

/**
 * A {@code PERCPU_HASH} or {@code LRU_PERCPU_HASH} map: each key holds one value per possible CPU.
 * {@link #get} returns null for an absent key.
 *
 * <pre>{@code
 * var bytesByPort = PerCpuHashView.of(map, Codec.u32(), Codec.u64());
 * long total = bytesByPort.sum(443);
 * }</pre>
 */
public final class PerCpuHashView<K, V> extends KeyedView<K, V> {
    private final int cpus = PossibleCpus.count();

    private PerCpuHashView(BpfMap map, Codec<K> keys, Codec<V> values) {
        super(map, "PerCpuHashView", keys, values, MapType.PERCPU_HASH, MapType.LRU_PERCPU_HASH);
    }

    public static <K, V> PerCpuHashView<K, V> of(BpfMap map, Codec<K> keys, Codec<V> values) {
        return new PerCpuHashView<>(map, keys, values);
    }

    /** One value per possible CPU, in CPU order, or null if the key is absent. */
    public List<V> get(K key) {
        Scratch s = scratch(key);
        return map.lookup(s.key, s.value) ? PerCpuValues.read(values, s.value, perCpuSlot(), cpus) : null;
    }

    /** Creates or replaces the element with one value per possible CPU. */
    public void put(K key, List<? extends V> perCpu) {
        Scratch s = scratch(key);
        PerCpuValues.write(values, perCpu, s.value, perCpuSlot(), cpus, map.name());
        map.update(s.key, s.value);
    }

    /** Creates or replaces the element with {@code value} on every CPU. */
    public void putAll(K key, V value) {
        Scratch s = scratch(key);
        PerCpuValues.writeAll(values, value, s.value, perCpuSlot(), cpus);
        map.update(s.key, s.value);
    }

    /** The sum over CPUs of a numeric counter; 0 if the key is absent. */
    public long sum(K key) {
        List<V> perCpu = get(key);
        return perCpu == null ? 0 : PerCpuValues.sum(perCpu, map.name());
    }
}
