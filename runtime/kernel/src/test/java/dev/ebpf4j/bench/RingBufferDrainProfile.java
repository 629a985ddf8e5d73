package dev.ebpf4j.bench;

import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.maps.RingBufferPrograms;
import dev.ebpf4j.maps.RingBufferReader;
import dev.ebpf4j.programs.Program;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Where the time of a drain goes, for one record size: the benchmark's drain (a fresh mapping each
 * round, the handler reading each record's first 8 bytes) beside a drain that reads only the
 * length, and both through a mapping kept from round to round; with the page faults the draining
 * thread took during each drain. Medians of the rounds, the variants interleaved in each round.
 *
 * <pre>
 * bin/bench-ringbuf --drain-profile [SIZE] [ROUNDS]
 * </pre>
 */
public final class RingBufferDrainProfile {
    private RingBufferDrainProfile() {
    }

    /** The calling thread's minor page faults so far ({@code /proc/thread-self/stat}, field 10). */
    static long minorFaults() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[7]);   // field 10, counted from field 3 (after the command's parentheses)
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        int ringBytes = 32 * 1024 * 1024;
        dev.ebpf4j.sys.CpuAffinity.pin(0);   // as the benchmark's consumers
        try (MapHandle ring = MapHandle.create(MapSpec.ringBuffer("drain_profile", ringBytes));
             Program producer = RingBufferPrograms.load(ring);
             Arena arena = Arena.ofConfined()) {
            int records = (int) Math.min(500_000, (ringBytes - 1) / (8 + ((size + 7) & ~7)) - 1);
            MemorySegment frame = arena.allocateFrom(ValueLayout.JAVA_BYTE, RingBufferPrograms.output(new byte[size]));
            long[] sum = new long[1];
            RingBufferReader.RecordHandler first8 = (data, offset, length, index) -> sum[0] += data.get(ValueLayout.JAVA_LONG, offset) + length;
            RingBufferReader.RecordHandler lengthOnly = (data, offset, length, index) -> sum[0] += length;
            for (int i = 0; i < 30; i++) drain(ring, producer, frame, 20_000, first8, null);   // the JIT compiles the loop
            String[] names = {"fresh mapping, first 8 bytes (the benchmark)", "fresh mapping, length only",
                    "kept mapping, first 8 bytes", "kept mapping, length only"};
            List<List<Double>> rates = new ArrayList<>();
            List<List<Long>> faults = new ArrayList<>();
            for (int v = 0; v < 4; v++) {
                rates.add(new ArrayList<>());
                faults.add(new ArrayList<>());
            }
            try (RingBufferReader kept = RingBufferReader.of(ring)) {
                for (int round = 0; round < rounds; round++) {
                    for (int v = 0; v < 4; v++) {
                        long[] f = new long[1];
                        double rate = drain(ring, producer, frame, records, v % 2 == 0 ? first8 : lengthOnly, v >= 2 ? kept : null, f);
                        rates.get(v).add(rate);
                        faults.get(v).add(f[0]);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%d-byte records, %d a round, %d rounds (medians)%n", size, records, rounds);
            for (int v = 0; v < 4; v++) {
                List<Double> r = new ArrayList<>(rates.get(v));
                Collections.sort(r);
                List<Long> f = new ArrayList<>(faults.get(v));
                Collections.sort(f);
                System.out.printf(Locale.ROOT, "%-46s %6.1f M/s  %6d minor faults a drain%n", names[v], r.get(r.size() / 2) / 1e6, f.get(f.size() / 2));
            }
            if (sum[0] == 1) System.out.println();
        }
    }

    static double drain(MapHandle ring, Program producer, MemorySegment frame, int records, RingBufferReader.RecordHandler h,
                        RingBufferReader kept) throws Exception {
        return drain(ring, producer, frame, records, h, kept, new long[1]);
    }

    static double drain(MapHandle ring, Program producer, MemorySegment frame, int records, RingBufferReader.RecordHandler h,
                        RingBufferReader kept, long[] faults) throws Exception {
        for (int left = records; left > 0; left -= 100_000) producer.testRun(frame, null, Math.min(left, 100_000));
        RingBufferReader reader = kept != null ? kept : RingBufferReader.of(ring);
        try {
            long seen = 0;
            long f0 = minorFaults();
            long start = System.nanoTime();
            while (seen < records) seen += reader.consume(h);
            long elapsed = System.nanoTime() - start;
            faults[0] = minorFaults() - f0;
            return records * 1e9 / elapsed;
        } finally {
            if (kept == null) reader.close();
        }
    }
}
