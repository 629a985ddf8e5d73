package dev.ebpf4j.bench;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.sys.MapCalls;
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
 * Reading every entry of a full 64K-entry HASH map (u32 key, u64 value), once with
 * {@link BpfMap#lookupBatch} in chunks of {@code chunk} entries and once key by key
 * ({@link BpfMap#nextKey} then {@link BpfMap#lookup}, two system calls per entry). One operation
 * reads the whole map; each returns the sum of the values, checked against the expected sum.
 *
 * <pre>
 * bin/bench -f 1 -wi 3 -i 5 -w 1s -r 1s BatchLookupBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BatchLookupBenchmark {
    static final int ENTRIES = 65_536;

    @Param({"256", "4096", "65536"})
    public int chunk;

    BpfMap map;
    Arena arena;
    MemorySegment key, next, value, inBatch, outBatch, keys, values;
    long expected;

    @Setup
    public void fill() {
        map = BpfMap.create(MapSpec.of(MapType.HASH, 4, 8, ENTRIES).withName("bench_batch"));
        arena = Arena.ofConfined();
        key = arena.allocate(4);
        next = arena.allocate(4);
        value = arena.allocate(8);
        inBatch = arena.allocate(map.batchCursorSize());
        outBatch = arena.allocate(map.batchCursorSize());
        keys = arena.allocate(4L * ENTRIES);
        values = arena.allocate(8L * ENTRIES);
        for (int k = 0; k < ENTRIES; k++) {
            keys.setAtIndex(ValueLayout.JAVA_INT, k, k);
            values.setAtIndex(ValueLayout.JAVA_LONG, k, k + 1L);
            expected += k + 1L;
        }
        if (map.updateBatch(keys, values, ENTRIES) != ENTRIES) {
            throw new IllegalStateException("the map did not take all entries");
        }
    }

    @TearDown
    public void close() {
        map.close();
        arena.close();
    }

    @Benchmark
    public long batch() {
        long sum = 0;
        MemorySegment cursor = null;
        while (true) {
            MapCalls.BatchResult r = map.lookupBatch(cursor, outBatch, keys, values, chunk);
            for (int i = 0; i < r.count(); i++) {
                sum += values.getAtIndex(ValueLayout.JAVA_LONG, i);
            }
            if (r.done()) {
                break;
            }
            MemorySegment.copy(outBatch, 0, inBatch, 0, outBatch.byteSize());
            cursor = inBatch;
        }
        return check(sum);
    }

    @Benchmark
    public long keyByKey() {
        long sum = 0;
        MemorySegment from = null;
        while (map.nextKey(from, next)) {
            if (map.lookup(next, value)) {
                sum += value.get(ValueLayout.JAVA_LONG, 0);
            }
            MemorySegment.copy(next, 0, key, 0, 4);
            from = key;
        }
        return check(sum);
    }

    private long check(long sum) {
        if (sum != expected) {
            throw new AssertionError("read " + sum + ", expected " + expected);
        }
        return sum;
    }
}
