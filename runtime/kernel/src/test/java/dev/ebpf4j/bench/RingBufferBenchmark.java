package dev.ebpf4j.bench;

import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.maps.RingBufferPrograms;
import dev.ebpf4j.maps.RingBufferReader;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.PrivateBpffs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Events per second a consumer drains from a ring buffer: this reader against libbpf's
 * {@code ring_buffer__poll} ({@code runtime/kernel/src/test/c/ringbuf_consume.c}, built here with
 * gcc), in one run, on the same ring buffer filled by the same program. Each round fills the ring
 * with test runs of the producer (not timed), then times draining it; the handler of each side
 * reads every record's first 8 bytes; both consumers run bound to CPU 0. Rounds of the two sides alternate, after a warm-up of the
 * Java side; the first round of each size is not counted. Prints each round and the medians, the ratio Java / C per record size,
 * and the median of the per-round ratios (each Java round against the C round after it), which load drift disturbs less.
 *
 * <pre>
 * bin/bench-ringbuf [ROUNDS]
 * </pre>
 */
public final class RingBufferBenchmark {
    private static final int RING = 32 * 1024 * 1024;
    private static final int[] SIZES = {16, 64, 512};

    private RingBufferBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path comparator = Path.of(args.length > 1 ? args[1] : "target/ringbuf_consume");
        dev.ebpf4j.sys.CpuAffinity.pin(0);   // both consumers on CPU 0, as the C side binds itself
        try (PrivateBpffs bpffs = PrivateBpffs.mount();
             MapHandle ring = MapHandle.create(MapSpec.ringBuffer("bench_ring", RING));
             Program producer = RingBufferPrograms.load(ring);
             Arena arena = Arena.ofConfined()) {
            Path ringPin = bpffs.dir().resolve("ring");
            Path programPin = bpffs.dir().resolve("producer");
            ring.pin(ringPin);
            producer.pin(programPin);
            // the JIT compiles the reader's loop before anything is measured
            MemorySegment warm = arena.allocateFrom(ValueLayout.JAVA_BYTE, RingBufferPrograms.output(new byte[64]));
            for (int i = 0; i < 30; i++) javaRound(ring, producer, warm, 20_000);
            System.out.println("size records | Java events/s (median) | C events/s (median) | Java / C | Java / C, median of the rounds' ratios (range)");
            List<String> summary = new ArrayList<>();
            for (int size : SIZES) {
                int records = (int) Math.min(500_000, (RING - 1) / (8 + ((size + 7) & ~7)) - 1);
                byte[] frame = RingBufferPrograms.output(new byte[size]);
                Path frameFile = Files.createTempFile("ringbuf-frame", ".bin");
                Files.write(frameFile, frame);
                MemorySegment frameSegment = arena.allocateFrom(ValueLayout.JAVA_BYTE, frame);
                List<Double> java = new ArrayList<>();
                List<Double> c = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    java.add(javaRound(ring, producer, frameSegment, records));
                    System.out.printf(Locale.ROOT, "java %d %d %.0f%n", size, round, java.getLast());
                    c.add(cRound(comparator, ringPin, programPin, frameFile, records));
                    System.out.printf(Locale.ROOT, "c %d %d %.0f%n", size, round, c.getLast());
                }
                Files.delete(frameFile);
                double j = median(java.subList(1, java.size()));
                double k = median(c.subList(1, c.size()));
                // each round's Java drain against the C drain right after it: the machine's load drifts
                // less between two neighbouring rounds than across the whole run
                List<Double> paired = new ArrayList<>();
                for (int round = 1; round < rounds; round++) paired.add(java.get(round) / c.get(round));
                summary.add(String.format(Locale.ROOT, "%4d B %7d | %,.0f | %,.0f | %.2f | %.2f (%.2f–%.2f)", size, records, j, k,
                        j / k, median(paired), paired.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                        paired.stream().mapToDouble(Double::doubleValue).max().orElseThrow()));
            }
            summary.forEach(System.out::println);
            // flat out: a producer bound to CPU 1 test-runs the program without pause; does the consumer keep up?
            System.out.println("flat out, 64 B, 3 s: attempted/s | consumed/s | consumed share");
            byte[] frame = RingBufferPrograms.output(new byte[64]);
            Path frameFile = Files.createTempFile("ringbuf-frame", ".bin");
            Files.write(frameFile, frame);
            double[] java = javaFlatOut(ring, producer, frame, 3000);
            String c = cFlatOut(comparator, ringPin, programPin, frameFile, 3000);
            Files.delete(frameFile);
            System.out.printf(Locale.ROOT, "java %,.0f | %,.0f | %.3f%n", java[0], java[1], java[1] / java[0]);
            String[] f = c.split(" ");
            double attempted = Double.parseDouble(f[2]);
            double consumed = Double.parseDouble(f[3]);
            System.out.printf(Locale.ROOT, "c    %,.0f | %,.0f | %.3f%n", attempted, consumed, consumed / attempted);
        }
    }

    private static double javaRound(MapHandle ring, Program producer, MemorySegment frame, int records) {
        fill(producer, frame, records);
        long[] sum = new long[1];
        // a reader of its own each round: the C side moved the consumer position meanwhile
        try (RingBufferReader reader = RingBufferReader.of(ring)) {
            RingBufferReader.RecordHandler handler = (data, offset, length, index) ->
                    sum[0] += data.get(ValueLayout.JAVA_LONG, offset) + length;
            long seen = 0;
            long start = System.nanoTime();
            while (seen < records) seen += reader.consume(handler);
            long elapsed = System.nanoTime() - start;
            if (sum[0] == 1) System.out.println();
            return records * 1e9 / elapsed;
        }
    }

    private static double[] javaFlatOut(MapHandle ring, Program producer, byte[] frame, long millis) throws Exception {
        long[] sum = new long[1];
        long[] attempted = new long[1];
        try (RingBufferReader reader = RingBufferReader.of(ring)) {
            dev.ebpf4j.sys.CpuAffinity.pin(0);
            RingBufferReader.RecordHandler handler = (data, offset, length, index) ->
                    sum[0] += data.get(ValueLayout.JAVA_LONG, offset) + length;
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            long start = System.nanoTime();
            Thread thread = Thread.ofPlatform().start(() -> {
                dev.ebpf4j.sys.CpuAffinity.pin(1);
                try (Arena own = Arena.ofConfined()) {
                    MemorySegment in = own.allocateFrom(ValueLayout.JAVA_BYTE, frame);
                    while (!stop.get()) {
                        producer.testRun(in, null, 1000);
                        attempted[0] += 1000;
                    }
                }
            });
            long consumed = 0;
            while (System.nanoTime() - start < millis * 1_000_000) {
                consumed += reader.poll(handler, java.time.Duration.ofMillis(100));
            }
            stop.set(true);
            thread.join();
            double elapsed = System.nanoTime() - start;
            reader.consume(handler);
            return new double[] {attempted[0] / elapsed * 1e9, consumed / elapsed * 1e9};
        }
    }

    private static String cFlatOut(Path comparator, Path ring, Path program, Path frame, long millis) throws Exception {
        Process process = new ProcessBuilder(comparator.toString(), ring.toString(), program.toString(), frame.toString(),
                Long.toString(millis), "0").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            line = out.readLine();
        }
        if (process.waitFor() != 0 || line == null) throw new IllegalStateException("the C comparator failed");
        return line;
    }

    private static void fill(Program producer, MemorySegment frame, int records) {
        for (int left = records; left > 0; left -= 100_000) {
            int verdict = producer.testRun(frame, null, Math.min(left, 100_000));
            if (verdict != RingBufferPrograms.PASS) throw new IllegalStateException("the ring buffer was full");
        }
    }

    private static double cRound(Path comparator, Path ring, Path program, Path frame, int records) throws Exception {
        Process process = new ProcessBuilder(comparator.toString(), ring.toString(), program.toString(), frame.toString(),
                Integer.toString(records), "1").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            line = out.readLine();
        }
        if (process.waitFor() != 0 || line == null) throw new IllegalStateException("the C comparator failed");
        return Double.parseDouble(line.split(" ")[3]);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
