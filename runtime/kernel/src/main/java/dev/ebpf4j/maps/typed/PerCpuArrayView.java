package dev.ebpf4j.maps.typed;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.sys.PossibleCpus;
import dev.ebpf4j.types.MapType;

import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * A {@code PERCPU_ARRAY} map: each index holds one value per possible CPU (not per online CPU).
 *
 * <pre>{@code
 * var packets = PerCpuArrayView.of(map, Codec.u64());
 * List<Long> perCpu = packets.get(0);
 * long total = packets.sum(0);
 * }</pre>
 */
public final class PerCpuArrayView<V> extends TypedView {
    private final Codec<V> values;
    private final int cpus = PossibleCpus.count();

    private PerCpuArrayView(BpfMap map, Codec<V> values) {
        super(map, "PerCpuArrayView", MapType.PERCPU_ARRAY);
        checkFixedSize(map, "key", Integer.BYTES, map.keySize());
        checkSize(map, "value", values, map.valueSize());
        this.values = values;
    }

    /** A view of {@code map}; the value codec's size must be the map's value size. */
    public static <V> PerCpuArrayView<V> of(BpfMap map, Codec<V> values) {
        return new PerCpuArrayView<>(map, values);
    }

    public int size() {
        return map.maxEntries();
    }

    /** One value per possible CPU, in CPU order. */
    public List<V> get(int index) {
        checkIndex(index);
        Scratch s = scratch();
        s.key.set(ValueLayout.JAVA_INT, 0, index);
        if (!map.lookup(s.key, s.value)) {
            throw new IllegalStateException("map '" + map.name() + "': index " + index + " absent from an array");
        }
        return PerCpuValues.read(values, s.value, perCpuSlot(), cpus);
    }

    /** Sets one value per possible CPU. */
    public void set(int index, List<? extends V> perCpu) {
        checkIndex(index);
        Scratch s = scratch();
        s.key.set(ValueLayout.JAVA_INT, 0, index);
        PerCpuValues.write(values, perCpu, s.value, perCpuSlot(), cpus, map.name());
        map.update(s.key, s.value);
    }

    /** Sets every CPU's value at {@code index} to {@code value}. */
    public void setAll(int index, V value) {
        checkIndex(index);
        Scratch s = scratch();
        s.key.set(ValueLayout.JAVA_INT, 0, index);
        PerCpuValues.writeAll(values, value, s.value, perCpuSlot(), cpus);
        map.update(s.key, s.value);
    }

    /**
     * The sum over CPUs of a numeric counter.
     *
     * @throws IllegalStateException if the values are not numbers
     */
    public long sum(int index) {
        return PerCpuValues.sum(get(index), map.name());
    }
}
