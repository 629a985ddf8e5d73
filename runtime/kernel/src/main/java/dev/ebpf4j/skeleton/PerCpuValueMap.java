package dev.ebpf4j.skeleton;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.maps.UpdateMode;
import dev.ebpf4j.program.JvmEnvironment;
import dev.ebpf4j.program.maps.Counters;
import dev.ebpf4j.sys.PossibleCpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A per-CPU hash map or per-CPU array. The kernel hands user space every possible CPU's value at
 * once (each in a slot of the value size rounded up to 8), so the single-CPU methods read all
 * slots and write them back with one changed. As in {@link SharedValueMap}, an index outside an
 * array behaves as an absent key.
 */
final class PerCpuValueMap<K, V> implements KernelPerCpuMap<K, V> {
    private final MapAccess<K, V> access;
    private final int cpus = PossibleCpus.count();
    private final int slot;

    PerCpuValueMap(MapAccess<K, V> access) {
        this.access = access;
        this.slot = (access.map.valueSize() + 7) & ~7;
    }

    /** The slot user space stands for: the CPU the calling thread runs as on the JVM. */
    private long cpuOffset() {
        int cpu = JvmEnvironment.current().cpu();
        if (cpu >= cpus) {
            throw new IllegalStateException("map '" + access.name + "': the calling thread runs as CPU " + cpu
                    + " (JvmEnvironment), but this machine has " + cpus + " possible CPUs");
        }
        return (long) cpu * slot;
    }

    @Override
    public V get(K key) {
        long at = cpuOffset();
        MapAccess.Buffers b = access.withKey(key);
        return access.lookup(b) ? access.values.read(b.value, at) : null;
    }

    @Override
    public boolean containsKey(K key) {
        return access.lookup(access.withKey(key));
    }

    @Override
    public boolean put(K key, V value) {
        Objects.requireNonNull(value, "value must not be null");
        long at = cpuOffset();
        return access.rewrite(key, true, buffer -> access.values.write(value, buffer, at));
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        Objects.requireNonNull(value, "value must not be null");
        long at = cpuOffset();
        MapAccess.Buffers b = access.withKey(key);
        b.value.asSlice(0, (long) slot * cpus).fill((byte) 0);
        access.values.write(value, b.value, at);
        return access.update(b, UpdateMode.NOEXIST);
    }

    /** Always false for an array: its elements cannot be removed (the kernel refuses). */
    @Override
    public boolean remove(K key) {
        return access.remove(key);
    }

    @Override
    public void increment(K key, long delta) {
        access.increment(key, cpuOffset(), delta);
    }

    @Override
    public List<V> perCpu(K key) {
        MapAccess.Buffers b = access.withKey(key);
        if (!access.lookup(b)) return List.of();
        List<V> out = new ArrayList<>(cpus);
        for (int cpu = 0; cpu < cpus; cpu++) out.add(access.values.read(b.value, (long) cpu * slot));
        return out;
    }

    @Override
    public long sum(K key) {
        return Counters.sum(perCpu(key));
    }

    @Override
    public boolean putPerCpu(K key, List<? extends V> perCpu) {
        if (perCpu.size() != cpus) {
            throw new IllegalArgumentException("map '" + access.name + "': " + perCpu.size()
                    + " per-CPU values given, this machine has " + cpus + " possible CPUs");
        }
        MapAccess.Buffers b = access.withKey(key);
        b.value.asSlice(0, (long) slot * cpus).fill((byte) 0);
        for (int cpu = 0; cpu < cpus; cpu++) {
            access.values.write(Objects.requireNonNull(perCpu.get(cpu), "value must not be null"), b.value, (long) cpu * slot);
        }
        return access.update(b, UpdateMode.ANY);
    }

    @Override
    public int possibleCpus() {
        return cpus;
    }

    @Override
    public BpfMap bpfMap() {
        return access.map;
    }

    @Override
    public List<K> keys() {
        return access.keys();
    }

    @Override
    public Map<K, Long> sums() {
        Map<K, Long> out = new LinkedHashMap<>();
        for (K key : keys()) {
            List<V> values = perCpu(key);
            if (!values.isEmpty()) out.put(key, Counters.sum(values));
        }
        return out;
    }

    @Override
    public String toString() {
        return "KernelPerCpuMap[" + access.map.type() + " '" + access.name + "']";
    }
}
