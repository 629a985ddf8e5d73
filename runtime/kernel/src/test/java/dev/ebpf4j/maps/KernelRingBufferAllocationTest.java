package dev.ebpf4j.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * The typed path allocates the event and nothing else per record: over a warmed run, what the
 * consuming thread allocates per record stays at the size of the event object (a record of a long,
 * an int, two shorts and two bytes: a 12-byte header and 18 bytes of fields, 32 bytes with
 * alignment), with no boxes, argument arrays or other garbage beside it.
 */
@RequiresBpf
class KernelRingBufferAllocationTest {
    /** 24 bytes as a C struct: long at 0, int at 8, two shorts at 12 and 14, two bytes at 16 and 17. */
    public record Event(long time, int address, short sourcePort, short destinationPort, byte protocol, byte flags) {}

    /** The event object: header (12 with compressed class pointers) + 8 + 4 + 2 + 2 + 1 + 1, rounded up to 8. */
    private static final long EVENT_BYTES = 32;

    @Test
    void theTypedPathAllocatesOnlyTheEventPerRecord() {
        boolean c1Only = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:TieredStopAtLevel=") && !a.endsWith("=4"));
        org.junit.jupiter.api.Assumptions.assumeFalse(c1Only, "the allocation check needs C2; this JVM stops at C1");
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int perRun = 256;
        try (MapHandle map = MapHandle.create(MapSpec.ringBuffer("typed_allocs", 64 * 1024));
             Program writer = RingBufferPrograms.load(map);
             KernelRingBuffer<Event> events = KernelMaps.ringBuffer(map, Event.class);
             Arena arena = Arena.ofConfined()) {
            byte[] payload = new byte[24];
            payload[0] = 42;
            MemorySegment frame = arena.allocateFrom(ValueLayout.JAVA_BYTE, RingBufferPrograms.output(payload));
            long[] sum = new long[1];
            java.util.function.Consumer<Event> handler = e -> sum[0] += e.time();
            long least = Long.MAX_VALUE;
            for (int round = 0; round < 600 && least > perRun * EVENT_BYTES; round++) {
                writer.testRun(frame, null, perRun);
                long before = threads.getCurrentThreadAllocatedBytes();
                int handled = events.consume(handler);
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertEquals(perRun, handled);
                least = Math.min(least, allocated);
            }
            System.out.println("typed path: " + least + " bytes for " + perRun + " events, " + (double) least / perRun + " an event");
            assertTrue(least <= perRun * EVENT_BYTES + 512, least + " bytes allocated decoding " + perRun + " events ("
                    + (double) least / perRun + " an event), where the events themselves take " + EVENT_BYTES + " each");
            assertEquals(42L * perRun * 600 > 0, sum[0] > 0);
        }
    }
}
