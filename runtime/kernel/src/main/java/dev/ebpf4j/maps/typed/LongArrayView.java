package dev.ebpf4j.maps.typed;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.sys.PossibleCpus;
import dev.ebpf4j.types.MapType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An {@code ARRAY} or {@code PERCPU_ARRAY} of {@code __u64} counters, read and written without
 * allocating: keys and values go through this thread's preallocated native buffers and come back
 * as primitives. On a per-CPU array {@link #get} is the sum over CPUs and {@link #set} puts the value
 * on CPU 0 and zero elsewhere, so {@code get} returns what {@code set} wrote.
 *
 * <pre>{@code
 * var counters = LongArrayView.of(map);   // ARRAY or PERCPU_ARRAY, 4-byte keys, 8-byte values
 * long packets = counters.get(0);
 * }</pre>
 */
public final class LongArrayView extends TypedView {
    private final boolean perCpu;
    private final int cpus;

    private LongArrayView(BpfMap map) {
        super(map, "LongArrayView", MapType.ARRAY, MapType.PERCPU_ARRAY);
        checkFixedSize(map, "key", Integer.BYTES, map.keySize());
        checkFixedSize(map, "value", Long.BYTES, map.valueSize());
        perCpu = map.type().isPerCpu();
        cpus = perCpu ? PossibleCpus.count() : 1;
    }

    public static LongArrayView of(BpfMap map) {
        return new LongArrayView(map);
    }

    public int size() {
        return map.maxEntries();
    }

    /** The counter at {@code index} (summed over CPUs for a per-CPU array). */
    public long get(int index) {
        MemorySegment value = load(index);
        long total = 0;
        for (int cpu = 0; cpu < cpus; cpu++) {
            total += value.get(ValueLayout.JAVA_LONG, (long) cpu * Long.BYTES);
        }
        return total;
    }

    /** One CPU's counter at {@code index} of a per-CPU array (CPU 0 of a plain array). */
    public long get(int index, int cpu) {
        if (cpu < 0 || cpu >= cpus) {
            throw new IndexOutOfBoundsException("map '" + map.name() + "': cpu " + cpu + " outside 0.." + (cpus - 1));
        }
        return load(index).get(ValueLayout.JAVA_LONG, (long) cpu * Long.BYTES);
    }

    /** Writes {@code value} at {@code index} (on CPU 0, zero on the others, for a per-CPU array). */
    public void set(int index, long value) {
        checkIndex(index);
        Scratch s = scratch();
        s.key.set(ValueLayout.JAVA_INT, 0, index);
        s.value.fill((byte) 0);
        s.value.set(ValueLayout.JAVA_LONG, 0, value);
        map.update(s.key, s.value);
    }

    private MemorySegment load(int index) {
        checkIndex(index);
        Scratch s = scratch();
        s.key.set(ValueLayout.JAVA_INT, 0, index);
        if (!map.lookup(s.key, s.value)) {
            throw new IllegalStateException("map '" + map.name() + "': index " + index + " absent from an array");
        }
        return s.value;
    }
}
