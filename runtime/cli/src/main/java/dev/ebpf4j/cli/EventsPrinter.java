package dev.ebpf4j.cli;

import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.RingBufferReader;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The records of a ring buffer as JSON lines, {@code {"size":N,"hex":"…"}}, until a count or a
 * duration is reached. The kernel keeps no value type for a ring buffer (a map with value BTF must
 * have a value size, which a ring buffer has not), so the bytes are all there is to print.
 */
final class EventsPrinter {
    private static final HexFormat HEX = HexFormat.of();

    private EventsPrinter() {
    }

    /**
     * Prints records of {@code map} to {@code out}, a line each, flushed as they come.
     *
     * @param count stop after this many records (0: no limit)
     * @param duration stop after this long (null: no limit)
     * @return how many records were printed
     */
    static long print(MapHandle map, PrintWriter out, long count, Duration duration) throws InterruptedException {
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        long printed = 0;
        try (RingBufferReader reader = RingBufferReader.of(map)) {
            RingBufferReader.RecordHandler line = (MemorySegment data, long offset, int length, int ring) -> out.append("{\"size\":")
                    .append(Integer.toString(length)).append(",\"hex\":\"")
                    .append(HEX.formatHex(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE))).append("\"}\n");
            while (count == 0 || printed < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                int max = count == 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, count - printed);
                printed += reader.poll(line, Duration.ofNanos(Math.min(left, Duration.ofSeconds(1).toNanos())), max);
                out.flush();
            }
        }
        return printed;
    }
}
