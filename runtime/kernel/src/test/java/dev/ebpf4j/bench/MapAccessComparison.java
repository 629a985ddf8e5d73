package dev.ebpf4j.bench;

import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.sys.CpuAffinity;
import dev.ebpf4j.types.MapType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@link MapAccessBenchmark}'s four rows and a fifth of lookups of absent keys, Java against C over libbpf ({@code map_access.c}), with
 * the two sides alternating round by round instead of running one after the other: on a shared
 * machine the load drifts between two separate runs by more than the difference being measured,
 * while two rounds a second apart see nearly the same machine. Each round times {@code OPS}
 * operations of the raw segment path, of the typed {@link KernelMap} path and of the C loop (a
 * process of its own, timing itself after its own warm-up, so its start is not counted) twice: in a
 * process of one thread, and of two (the second only waits), all bound to CPU 0, in an order that
 * rotates from round to round. The two C sides differ in the kernel, not in C: a system call of a
 * process of one thread finds its descriptor without taking a reference, while in a process whose
 * threads share the descriptor table (every JVM) each call takes one and drops it. The verdicts are
 * the medians of the per-round ratios C / raw (1.0 or more: Java as fast as C or faster) and of the
 * per-round differences typed − raw.
 *
 * <pre>
 * bin/bench-maps [ROUNDS [OPS]]
 * </pre>
 */
public final class MapAccessComparison {
    private static final int ENTRIES = MapAccessBenchmark.ENTRIES;

    private MapAccessComparison() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path comparator = Path.of(args.length > 2 ? args[2] : "target/map_access");
        CpuAffinity.pin(0);
        List<String> summary = new ArrayList<>();
        for (String type : List.of("ARRAY", "HASH")) {
            for (String op : List.of("lookup", "update")) {
                summary.add(row(type, op, rounds, ops, comparator));
            }
        }
        summary.add(row("HASH", "miss", rounds, ops, comparator));
        System.out.println();
        System.out.println("| map, operation | Java raw (ns/op) | Java typed | C, 1 thread | C, 2 threads | C 1 thread / raw | C 2 threads / raw"
                + " | typed − raw |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        summary.forEach(System.out::println);
    }

    private static String row(String type, String op, int rounds, int ops, Path comparator) throws Exception {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.valueOf(type), 4, 8, ENTRIES)
                     .withName("cmp_" + type.toLowerCase(Locale.ROOT)));
             Arena arena = Arena.ofConfined()) {
            Side side = new Side(map, KernelMaps.of(map, Integer.class, Long.class), arena);
            side.fill();
            for (int i = 0; i < 10; i++) {   // C2 compiles both loops before anything is timed
                side.raw(op, ops / 5);
                side.typed(op, ops / 5);
            }
            double[] raw = new double[rounds];
            double[] typed = new double[rounds];
            double[] c = new double[rounds];
            double[] c2 = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                for (int slot = 0; slot < 4; slot++) {
                    switch ((round + slot) % 4) {
                        case 0 -> raw[round] = side.raw(op, ops);
                        case 1 -> typed[round] = side.typed(op, ops);
                        case 2 -> c[round] = cRound(comparator, ops, type, op, 1);
                        default -> c2[round] = cRound(comparator, ops, type, op, 2);
                    }
                }
                System.out.printf(Locale.ROOT, "%s %s round %d: raw %.1f typed %.1f c %.1f c2 %.1f ns/op%n",
                        type, op, round, raw[round], typed[round], c[round], c2[round]);
            }
            double[] ratios = new double[rounds];
            double[] ratios2 = new double[rounds];
            double[] extra = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                ratios[round] = c[round] / raw[round];
                ratios2[round] = c2[round] / raw[round];
                extra[round] = typed[round] - raw[round];
            }
            return String.format(Locale.ROOT, "| %s %s | %.0f | %.0f | %.0f | %.0f | %.3f× (%.3f–%.3f) | %.3f× (%.3f–%.3f) | %+.1f ns |",
                    type, op, median(raw), median(typed), median(c), median(c2), median(ratios), min(ratios), max(ratios),
                    median(ratios2), min(ratios2), max(ratios2), median(extra));
        }
    }

    /** The Java side of one map: the raw segment path and the typed path over the same map. */
    private static final class Side {
        private final MapHandle map;
        private final KernelMap<Integer, Long> typedMap;
        private final MemorySegment key;
        private final MemorySegment value;
        private int next;
        /** What the lookups read, kept in a field so the JIT cannot drop the reads. */
        long sink;

        Side(MapHandle map, KernelMap<Integer, Long> typedMap, Arena arena) {
            this.map = map;
            this.typedMap = typedMap;
            this.key = arena.allocate(ValueLayout.JAVA_INT);
            this.value = arena.allocate(ValueLayout.JAVA_LONG);
        }

        void fill() {
            for (int k = 0; k < ENTRIES; k++) {
                key.set(ValueLayout.JAVA_INT, 0, k);
                value.set(ValueLayout.JAVA_LONG, 0, k * 3L);
                map.update(key, value);
            }
        }

        /** ns/op of {@code ops} raw lookups, updates or lookups of absent keys ({@code miss}). */
        double raw(String op, int ops) {
            long start = System.nanoTime();
            switch (op) {
                case "update" -> {
                    for (int i = 0; i < ops; i++) {
                        int k = next++ & (ENTRIES - 1);
                        key.set(ValueLayout.JAVA_INT, 0, k);
                        value.set(ValueLayout.JAVA_LONG, 0, k);
                        map.update(key, value);
                    }
                }
                case "miss" -> {
                    for (int i = 0; i < ops; i++) {
                        int k = ENTRIES + (next++ & (ENTRIES - 1));
                        key.set(ValueLayout.JAVA_INT, 0, k);
                        if (map.lookup(key, value)) throw new AssertionError("found absent key " + k);
                    }
                }
                default -> {
                    for (int i = 0; i < ops; i++) {
                        int k = next++ & (ENTRIES - 1);
                        key.set(ValueLayout.JAVA_INT, 0, k);
                        if (!map.lookup(key, value)) throw new AssertionError("missing key " + k);
                        sink += value.get(ValueLayout.JAVA_LONG, 0);
                    }
                }
            }
            return (System.nanoTime() - start) / (double) ops;
        }

        /** ns/op of {@code ops} typed gets, puts or gets of absent keys ({@code miss}). */
        double typed(String op, int ops) {
            long start = System.nanoTime();
            switch (op) {
                case "update" -> {
                    for (int i = 0; i < ops; i++) {
                        int k = next++ & (ENTRIES - 1);
                        typedMap.put(k, (long) k);
                    }
                }
                case "miss" -> {
                    for (int i = 0; i < ops; i++) {
                        int k = ENTRIES + (next++ & (ENTRIES - 1));
                        if (typedMap.get(k) != null) throw new AssertionError("found absent key " + k);
                    }
                }
                default -> {
                    for (int i = 0; i < ops; i++) {
                        int k = next++ & (ENTRIES - 1);
                        Long found = typedMap.get(k);
                        if (found == null) throw new AssertionError("missing key " + k);
                        sink += found;
                    }
                }
            }
            return (System.nanoTime() - start) / (double) ops;
        }
    }

    private static double cRound(Path comparator, int ops, String type, String op, int threads) throws Exception {
        Process process = new ProcessBuilder(comparator.toString(), Integer.toString(ops), "1",
                type.toLowerCase(Locale.ROOT), op, "0", Integer.toString(threads)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            line = out.readLine();
        }
        if (process.waitFor() != 0 || line == null) throw new IllegalStateException("the C comparator failed");
        return Double.parseDouble(line.strip());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }
}
