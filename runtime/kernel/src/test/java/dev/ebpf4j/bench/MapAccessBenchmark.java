package dev.ebpf4j.bench;

import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.types.MapType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One element lookup or update per operation through {@link MapHandle}'s segment methods, on an ARRAY
 * and a HASH map with a u32 key and a u64 value, and the same through the typed {@link KernelMap}
 * that skeletons return ({@code typed*}: what a typed map adds to the raw path). Key and value of
 * the raw path live in native segments allocated once, so the loop allocates nothing; {@code runtime/kernel/src/test/c/map_access.c} (run by
 * {@code bin/bench-c}) is the same loop in C over libbpf.
 *
 * <pre>
 * bin/bench -f 1 -wi 3 -i 5 -w 1s -r 1s MapAccessBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MapAccessBenchmark {
    static final int ENTRIES = 1024;

    @Param({"ARRAY", "HASH"})
    public String type;

    MapHandle map;
    KernelMap<Integer, Long> typed;
    Arena arena;
    MemorySegment key;
    MemorySegment value;
    int next;

    @Setup
    public void create() {
        map = MapHandle.create(MapSpec.of(MapType.valueOf(type), 4, 8, ENTRIES).withName("bench_" + type.toLowerCase()));
        arena = Arena.ofConfined();
        key = arena.allocate(ValueLayout.JAVA_INT);
        value = arena.allocate(ValueLayout.JAVA_LONG);
        for (int k = 0; k < ENTRIES; k++) {
            key.set(ValueLayout.JAVA_INT, 0, k);
            value.set(ValueLayout.JAVA_LONG, 0, k * 3L);
            map.update(key, value);
        }
        typed = KernelMaps.of(map, Integer.class, Long.class);
    }

    @TearDown
    public void close() {
        map.close();
        arena.close();
    }

    @Benchmark
    public long lookup() {
        key.set(ValueLayout.JAVA_INT, 0, next++ & (ENTRIES - 1));
        if (!map.lookup(key, value)) {
            throw new AssertionError("missing key");
        }
        return value.get(ValueLayout.JAVA_LONG, 0);
    }

    @Benchmark
    public void update() {
        int k = next++ & (ENTRIES - 1);
        key.set(ValueLayout.JAVA_INT, 0, k);
        value.set(ValueLayout.JAVA_LONG, 0, k);
        map.update(key, value);
    }

    @Benchmark
    public long typedLookup() {
        Long found = typed.get(next++ & (ENTRIES - 1));
        if (found == null) {
            throw new AssertionError("missing key");
        }
        return found;
    }

    @Benchmark
    public boolean typedUpdate() {
        int k = next++ & (ENTRIES - 1);
        return typed.put(k, (long) k);
    }
}
