package dev.ebpf4j.maps.typed;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/** Reading and writing the one-slot-per-possible-CPU buffers of per-CPU maps. */
final class PerCpuValues {
    private PerCpuValues() {}

    static <V> List<V> read(Codec<V> codec, MemorySegment buffer, int slot, int cpus) {
        List<V> out = new ArrayList<>(cpus);
        for (int cpu = 0; cpu < cpus; cpu++) {
            out.add(codec.read(buffer, (long) cpu * slot));
        }
        return List.copyOf(out);
    }

    static <V> void write(Codec<V> codec, List<? extends V> values, MemorySegment buffer, int slot, int cpus, String map) {
        if (values.size() != cpus) {
            throw new IllegalArgumentException("map '" + map + "': " + values.size() + " per-CPU values given, this machine has "
                    + cpus + " possible CPUs");
        }
        buffer.asSlice(0, (long) slot * cpus).fill((byte) 0);
        for (int cpu = 0; cpu < cpus; cpu++) {
            codec.write(values.get(cpu), buffer, (long) cpu * slot);
        }
    }

    static <V> void writeAll(Codec<V> codec, V value, MemorySegment buffer, int slot, int cpus) {
        buffer.asSlice(0, (long) slot * cpus).fill((byte) 0);
        for (int cpu = 0; cpu < cpus; cpu++) {
            codec.write(value, buffer, (long) cpu * slot);
        }
    }

    /** The sum of numeric per-CPU values, as counters are added up. */
    static long sum(List<?> values, String map) {
        long total = 0;
        for (Object v : values) {
            if (!(v instanceof Number n)) {
                throw new IllegalStateException("map '" + map + "': sum needs numeric values, got " + v.getClass().getSimpleName());
            }
            total += n.longValue();
        }
        return total;
    }
}
