package dev.ebpf4j.bench;

import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.sys.CpuAffinity;
import dev.ebpf4j.types.MapType;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a shared descriptor table costs a map lookup: one thread times raw ARRAY lookups while it
 * shares the JVM's descriptor table, then takes a private copy of it ({@code unshare(CLONE_FILES)})
 * and times them again. A system call finds its descriptor without taking a reference on the file
 * only while the caller's table is not shared (the kernel's {@code fdget}); every JVM thread shares
 * one, so every element call of a JVM pays for a reference and its release, where C over libbpf in
 * a process of one thread does not. The step between the two halves is that price.
 *
 * <p>An experiment, not a way to run: a thread with a private table no longer sees the descriptors
 * the other threads open or close, so a number it holds can come to name a different file than the
 * same number elsewhere in the process. The thread is a new one and starts none of its own, so its
 * copy stays unshared; it is not undone, and the JVM exits after.
 *
 * <pre>
 * bin/bench-maps descriptors [ROUNDS [OPS]]
 * </pre>
 */
public final class DescriptorTableStep {
    private static final int CLONE_FILES = 0x400;
    private static final int ENTRIES = MapAccessBenchmark.ENTRIES;

    private DescriptorTableStep() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                run(rounds, ops);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "descriptor-table-step");
        thread.start();
        thread.join();
        if (failure[0] != null) {
            throw new IllegalStateException("the experiment failed", failure[0]);
        }
    }

    private static void run(int rounds, int ops) throws Throwable {
        CpuAffinity.pin(0);
        Linker linker = Linker.nativeLinker();
        MethodHandle unshare = linker.downcallHandle(linker.defaultLookup().find("unshare").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.ARRAY, 4, 8, ENTRIES).withName("fd_table_step"));
             Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
            for (int i = 0; i < 10; i++) {   // C2 compiles the loop before anything is timed
                lookups(map, key, value, ops / 5);
            }
            double[] shared = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                shared[round] = lookups(map, key, value, ops);
                System.out.printf(Locale.ROOT, "shared table  round %d: %.1f ns/op%n", round, shared[round]);
            }
            int result = (int) unshare.invokeExact(CLONE_FILES);
            if (result != 0) {
                throw new IllegalStateException("unshare(CLONE_FILES) failed");
            }
            double[] own = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                own[round] = lookups(map, key, value, ops);
                System.out.printf(Locale.ROOT, "private table round %d: %.1f ns/op%n", round, own[round]);
            }
            System.out.printf(Locale.ROOT, "%nARRAY lookup, medians: shared table %.0f ns, private table %.0f ns, step %.1f ns%n",
                    median(shared), median(own), median(shared) - median(own));
        }
    }

    private static long sink;

    private static double lookups(MapHandle map, MemorySegment key, MemorySegment value, int ops) {
        long start = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            key.set(ValueLayout.JAVA_INT, 0, i & (ENTRIES - 1));
            if (!map.lookup(key, value)) throw new AssertionError("missing key " + (i & (ENTRIES - 1)));
            sink += value.get(ValueLayout.JAVA_LONG, 0);
        }
        return (System.nanoTime() - start) / (double) ops;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
