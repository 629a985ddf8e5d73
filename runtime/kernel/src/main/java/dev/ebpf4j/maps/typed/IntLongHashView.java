package dev.ebpf4j.maps.typed;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.maps.UpdateMode;
import dev.ebpf4j.sys.PossibleCpus;
import dev.ebpf4j.types.MapType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A hash of {@code __u32} keys to {@code __u64} counters ({@code HASH}, {@code LRU_HASH}, or their
 * per-CPU forms, where a read is the sum over CPUs and a write lands on CPU 0), without allocating
 * per call.
 *
 * <pre>{@code
 * var bytesByPort = IntLongHashView.of(map);
 * long n = bytesByPort.getOrDefault(443, 0);
 * }</pre>
 */
public final class IntLongHashView extends TypedView {
    private final int cpus;

    private IntLongHashView(BpfMap map) {
        super(map, "IntLongHashView", MapType.HASH, MapType.LRU_HASH, MapType.PERCPU_HASH, MapType.LRU_PERCPU_HASH);
        checkFixedSize(map, "key", Integer.BYTES, map.keySize());
        checkFixedSize(map, "value", Long.BYTES, map.valueSize());
        cpus = map.type().isPerCpu() ? PossibleCpus.count() : 1;
    }

    public static IntLongHashView of(BpfMap map) {
        return new IntLongHashView(map);
    }

    /** The counter for {@code key} (summed over CPUs), or {@code absent} if there is none. */
    public long getOrDefault(int key, long absent) {
        Scratch s = scratch();
        s.key.set(ValueLayout.JAVA_INT, 0, key);
        if (!map.lookup(s.key, s.value)) {
            return absent;
        }
        long total = 0;
        for (int cpu = 0; cpu < cpus; cpu++) {
            total += s.value.get(ValueLayout.JAVA_LONG, (long) cpu * Long.BYTES);
        }
        return total;
    }

    public boolean containsKey(int key) {
        Scratch s = scratch();
        s.key.set(ValueLayout.JAVA_INT, 0, key);
        return map.lookup(s.key, s.value);
    }

    /** Creates or replaces the counter. */
    public void put(int key, long value) {
        write(key, value, UpdateMode.ANY);
    }

    /** Creates the counter only if absent; true if created. */
    public boolean putIfAbsent(int key, long value) {
        return write(key, value, UpdateMode.NOEXIST);
    }

    public boolean remove(int key) {
        Scratch s = scratch();
        s.key.set(ValueLayout.JAVA_INT, 0, key);
        return map.delete(s.key);
    }

    private boolean write(int key, long value, UpdateMode mode) {
        Scratch s = scratch();
        MemorySegment v = s.value;
        s.key.set(ValueLayout.JAVA_INT, 0, key);
        v.fill((byte) 0);
        v.set(ValueLayout.JAVA_LONG, 0, value);
        return map.update(s.key, v, mode);
    }
}
