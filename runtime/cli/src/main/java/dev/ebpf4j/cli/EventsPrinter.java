package dev.ebpf4j.cli;

import dev.ebpf4j.btf.BtfValueFormatter;
import dev.ebpf4j.btf.PlainJsonWriter;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.RingBufferReader;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The records of a ring buffer as JSON lines until a count or a duration is reached: objects of the
 * struct's members when the records' type is known (from the object that declares the ring buffer:
 * the kernel keeps no value type for a ring buffer, whose value size is 0), otherwise
 * {@code {"size":N,"hex":"…"}}, as is a record whose size is not the type's.
 */
final class EventsPrinter {
    private static final HexFormat HEX = HexFormat.of();

    private EventsPrinter() {
    }

    /**
     * Prints records of {@code map} to {@code out}, a line each, flushed as they come.
     *
     * @param type the records' type, if known
     * @param count stop after this many records (0: no limit)
     * @param duration stop after this long (null: no limit)
     * @return how many records were printed
     */
    static long print(MapHandle map, Optional<RecordType> type, PrintWriter out, long count, Duration duration) throws InterruptedException {
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        long printed = 0;
        BtfValueFormatter formatter = type.map(t -> new BtfValueFormatter(t.btf())).orElse(null);
        long typed = type.map(RecordType::size).orElse(-1L);
        PlainJsonWriter json = PlainJsonWriter.oneLine();
        try (RingBufferReader reader = RingBufferReader.of(map)) {
            RingBufferReader.RecordHandler line = (MemorySegment data, long offset, int length, int ring) -> {
                byte[] bytes = data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
                if (length == typed) {
                    formatter.write(json, type.get().typeId(), bytes, 0);
                    out.append(json.take()).append('\n');
                } else {
                    out.append("{\"size\":").append(Integer.toString(length)).append(",\"hex\":\"").append(HEX.formatHex(bytes)).append("\"}\n");
                }
            };
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
