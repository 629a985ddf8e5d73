package dev.ebpf4j.maps;

import dev.ebpf4j.programs.Program;
import dev.ebpf4j.sys.CpuAffinity;
import dev.ebpf4j.sys.MappedMemory;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.types.MapType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ring buffer reader against records a program writes in test runs. */
@RequiresBpf
class RingBufferReaderTest {
    private static final int RING = 16 * 1024;

    private static MapHandle ring(String name, int bytes) {
        return MapHandle.create(MapSpec.ringBuffer(name, Math.max(bytes, (int) MappedMemory.pageSize())));
    }

    /** The payload of record {@code seq}: {@code size} bytes that say which record they are. */
    private static byte[] payload(int seq, int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) bytes[i] = (byte) (seq * 31 + i * 7 + (i >> 8));
        if (size >= 4) {
            bytes[0] = (byte) seq;
            bytes[1] = (byte) (seq >> 8);
            bytes[2] = (byte) (seq >> 16);
            bytes[3] = (byte) (seq >> 24);
        }
        return bytes;
    }

    @Test
    void oneRecordPerTestRunArrivesOnceInOrderByteIdentical() {
        try (MapHandle map = ring("one_each", RING); Program writer = RingBufferPrograms.load(map);
             RingBufferReader reader = RingBufferReader.of(map)) {
            List<byte[]> got = new ArrayList<>();
            int n = 2000;
            for (int seq = 0; seq < n; seq++) {
                assertEquals(RingBufferPrograms.PASS, writer.testRun(RingBufferPrograms.output(payload(seq, 24)), 1).retval());
                if (seq % 100 == 99) reader.consume((data, offset, length, ring) -> got.add(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE)));
            }
            reader.consume((data, offset, length, ring) -> got.add(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE)));
            assertEquals(n, got.size());
            for (int seq = 0; seq < n; seq++) assertArrayEquals(payload(seq, 24), got.get(seq), "record " + seq);
            assertEquals(n, reader.records());
            assertEquals(n * 24L, reader.bytes());
            assertEquals(0, reader.pending(0));
        }
    }

    @Test
    void recordsOfManySizesWrapAroundTheEndManyTimes() {
        // sizes not multiples of 8 (padding), one byte, the largest; 8 laps of a 4-page ring at least
        int[] sizes = {1, 7, 8, 13, 64, 100, 255, 333, 512, 16, 3, 200};
        try (MapHandle map = ring("wraps", RING); Program writer = RingBufferPrograms.load(map);
             RingBufferReader reader = RingBufferReader.of(map)) {
            List<byte[]> got = new ArrayList<>();
            long written = 0;
            int seq = 0;
            while (written < 8L * RING) {
                int size = sizes[seq % sizes.length];
                assertEquals(RingBufferPrograms.PASS, writer.testRun(RingBufferPrograms.output(payload(seq, size)), 1).retval(),
                        "record " + seq + " fits: the reader keeps up");
                written += (size + 8 + 7) & ~7;
                seq++;
                if (seq % 17 == 0) {
                    reader.consume((data, offset, length, ring) -> {
                        assertTrue(data.isReadOnly(), "the data is read-only");
                        got.add(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
                    });
                }
            }
            reader.consume((data, offset, length, ring) -> got.add(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE)));
            assertEquals(seq, got.size());
            for (int i = 0; i < seq; i++) {
                assertArrayEquals(payload(i, sizes[i % sizes.length]), got.get(i), "record " + i);
            }
        }
    }

    @Test
    void aBoundedConsumeLeavesTheRestForTheNextCall() throws Exception {
        try (MapHandle map = ring("bounded", RING); Program writer = RingBufferPrograms.load(map);
             RingBufferReader reader = RingBufferReader.of(map)) {
            for (int seq = 0; seq < 10; seq++) writer.testRun(RingBufferPrograms.output(payload(seq, 8)), 1);
            List<Integer> seen = new ArrayList<>();
            assertEquals(3, reader.consume((data, offset, length, ring) -> seen.add(data.get(ValueLayout.JAVA_INT, offset)), 3));
            assertEquals(4, reader.poll((data, offset, length, ring) -> seen.add(data.get(ValueLayout.JAVA_INT, offset)), Duration.ofSeconds(1), 4));
            assertEquals(3, reader.consume((data, offset, length, ring) -> seen.add(data.get(ValueLayout.JAVA_INT, offset))));
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), seen);
            assertThrows(IllegalArgumentException.class, () -> reader.consume((data, offset, length, ring) -> {}, 0));
        }
    }

    @Test
    void discardedRecordsAreSkipped() {
        try (MapHandle map = ring("discards", RING); Program writer = RingBufferPrograms.load(map);
             RingBufferReader reader = RingBufferReader.of(map)) {
            for (int seq = 0; seq < 30; seq++) {
                writer.testRun(RingBufferPrograms.reserved(payload(seq, 16), seq % 3 == 0), 1);
            }
            List<Integer> seen = new ArrayList<>();
            assertEquals(10, reader.consume((data, offset, length, ring) -> seen.add(data.get(ValueLayout.JAVA_INT, offset))));
            assertEquals(List.of(0, 3, 6, 9, 12, 15, 18, 21, 24, 27), seen);
            assertEquals(20, reader.discarded());
            assertEquals(0, reader.pending(0), "discarded records are consumed too, or the producer could not reuse their space");
        }
    }

    @Test
    void aFullRingBufferRefusesOutputAndLosesNothingElse() {
        int page = (int) MappedMemory.pageSize();
        try (MapHandle map = ring("full", page); Program writer = RingBufferPrograms.load(map);
             RingBufferReader reader = RingBufferReader.of(map)) {
            int accepted = 0;
            int refused = 0;
            for (int seq = 0; seq < 200; seq++) {
                int verdict = writer.testRun(RingBufferPrograms.output(payload(accepted, 100)), 1).retval();
                if (verdict == RingBufferPrograms.PASS) accepted++;
                else refused++;
            }
            // each record takes 8 bytes of header and 100 rounded up to 104: 112 bytes
            assertEquals(page / 112, accepted);
            assertEquals(200 - accepted, refused);
            List<byte[]> got = new ArrayList<>();
            reader.consume((data, offset, length, ring) -> got.add(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE)));
            assertEquals(accepted, got.size());
            for (int i = 0; i < accepted; i++) assertArrayEquals(payload(i, 100), got.get(i));
            assertEquals(RingBufferPrograms.PASS, writer.testRun(RingBufferPrograms.output(payload(0, 100)), 1).retval(),
                    "consuming made room");
        }
    }

    /** The capacity rule BpfRingBuffer.output follows on the JVM: records fit while their total stays below the size. */
    @Test
    void aRingBufferIsNeverFilledCompletely() {
        int page = (int) MappedMemory.pageSize();
        try (MapHandle map = ring("exact", page); Program writer = RingBufferPrograms.load(map)) {
            int accepted = 0;
            while (writer.testRun(RingBufferPrograms.output(payload(accepted, 8)), 1).retval() == RingBufferPrograms.PASS) {
                accepted++;
            }
            assertEquals(page / 16 - 1, accepted, "16 bytes a record, and one record's room always left");
        }
    }

    @Test
    void aProducerOnTheOtherCpuWakesAReaderWaitingInPoll() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        try (MapHandle map = ring("wakes", RING); Program writer = RingBufferPrograms.load(map);
             RingBufferReader reader = RingBufferReader.of(map)) {
            int readerCpu = CpuAffinity.current();
            int producerCpu = cpus > 1 ? (readerCpu + 1) % cpus : readerCpu;
            CountDownLatch waiting = new CountDownLatch(1);
            AtomicInteger ranOn = new AtomicInteger(-1);
            int rounds = 20;
            Thread producer = Thread.ofPlatform().name("producer").start(() -> {
                CpuAffinity.pin(producerCpu);
                ranOn.set(CpuAffinity.current());
                try {
                    waiting.await();
                    for (int seq = 0; seq < rounds; seq++) {
                        Thread.sleep(20);   // the reader is asleep in epoll by now
                        writer.testRun(RingBufferPrograms.output(payload(seq, 40)), 1);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            List<Integer> seen = new ArrayList<>();
            waiting.countDown();
            long started = System.nanoTime();
            while (seen.size() < rounds && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30)) {
                reader.poll((data, offset, length, ring) -> seen.add(data.get(ValueLayout.JAVA_INT, offset)), Duration.ofSeconds(30));
            }
            producer.join();
            if (cpus > 1) assertEquals(producerCpu, ranOn.get(), "the producer ran on the other CPU");
            assertEquals(rounds, seen.size());
            for (int i = 0; i < rounds; i++) assertEquals(i, seen.get(i));
            // each wake-up came from the kernel, not from the 200 ms safety-net slices: 20 records in well under 20 slices
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(elapsedMillis < 20 * 20 + 2000, elapsedMillis + " ms");
        }
    }

    /**
     * The missed wake-up race, stressed: a producer on the other CPU submits 3000 records one test
     * run at a time, as fast as it can, while the reader sleeps in epoll between them. A lost
     * wake-up leaves the reader asleep until its 200 ms safety-net slice ends, so every poll that
     * had to wait must be woken well before that. (Too timing-bound for emulated guests: slow.)
     */
    @Test
    @Tag("slow")
    void noWakeUpIsLostWhileAProducerOnTheOtherCpuRunsFlatOut() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        org.junit.jupiter.api.Assumptions.assumeTrue(cpus > 1, "needs two CPUs");
        int total = 3000;
        try (MapHandle map = ring("stress", RING); Program writer = RingBufferPrograms.load(map);
             RingBufferReader reader = RingBufferReader.of(map)) {
            long slowest = 0;
            CpuAffinity.pin(0);   // the test's own thread: unpinned after, or the next tests would stay on CPU 0
            try {
                Thread producer = Thread.ofPlatform().start(() -> {
                    CpuAffinity.pin(1);
                    for (int seq = 0; seq < total; seq++) {
                        byte[] frame = RingBufferPrograms.output(payload(seq, 16));
                        while (writer.testRun(frame, 1).retval() != RingBufferPrograms.PASS) Thread.onSpinWait();   // full: again
                    }
                });
                int[] next = {0};
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (next[0] < total && System.nanoTime() < giveUp) {
                    long started = System.nanoTime();
                    reader.poll((data, offset, length, ring) -> assertEquals(next[0]++, data.get(ValueLayout.JAVA_INT, offset)),
                            Duration.ofSeconds(10));
                    slowest = Math.max(slowest, System.nanoTime() - started);
                }
                producer.join();
                assertEquals(total, next[0]);
            } finally {
                CpuAffinity.unpin();
            }
            assertTrue(TimeUnit.NANOSECONDS.toMillis(slowest) < 150,
                    "a poll waited " + TimeUnit.NANOSECONDS.toMillis(slowest) + " ms: a wake-up was lost");
        }
    }

    @Test
    void recordsFromSeveralRingBuffersComeThroughOneReader() throws Exception {
        try (MapHandle a = ring("ring_a", RING); MapHandle b = ring("ring_b", RING);
             Program writesA = RingBufferPrograms.load(a); Program writesB = RingBufferPrograms.load(b);
             RingBufferReader reader = RingBufferReader.of(a, b)) {
            assertEquals(2, reader.rings());
            writesA.testRun(RingBufferPrograms.output(payload(1, 8)), 1);
            writesB.testRun(RingBufferPrograms.output(payload(2, 8)), 1);
            writesB.testRun(RingBufferPrograms.output(payload(3, 8)), 1);
            List<String> seen = new ArrayList<>();
            int handled = reader.poll((data, offset, length, ring) -> seen.add(ring + ":" + data.get(ValueLayout.JAVA_INT, offset)), Duration.ofSeconds(5));
            assertEquals(3, handled);
            assertEquals(List.of("0:1", "1:2", "1:3"), seen);
            CompletableFuture<Integer> waited = CompletableFuture.supplyAsync(() -> {
                try {
                    return reader.poll((data, offset, length, ring) -> seen.add(ring + ":" + data.get(ValueLayout.JAVA_INT, offset)), Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofPlatform().start(r));
            Thread.sleep(100);
            writesB.testRun(RingBufferPrograms.output(payload(4, 8)), 1);
            assertEquals(1, waited.get(10, TimeUnit.SECONDS));
            assertEquals("1:4", seen.getLast());
        }
    }

    @Test
    void wakeupMakesAWaitingPollReturnAndCloseMakesItThrow() throws Exception {
        try (MapHandle map = ring("wakeup", RING)) {
            RingBufferReader reader = RingBufferReader.of(map);
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread poller = Thread.ofPlatform().start(() -> {
                try {
                    outcome.set(reader.poll((data, offset, length, ring) -> {}, Duration.ofMinutes(1)));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            Thread.sleep(100);
            reader.wakeup();
            poller.join(5000);
            assertEquals(0, outcome.get(), "woken with nothing to read");

            poller = Thread.ofPlatform().start(() -> {
                try {
                    outcome.set(reader.poll((data, offset, length, ring) -> {}, Duration.ofMinutes(1)));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            Thread.sleep(100);
            reader.close();
            poller.join(5000);
            assertTrue(outcome.get() instanceof IllegalStateException e && e.getMessage().contains("closed"), String.valueOf(outcome.get()));
            IllegalStateException closed = assertThrows(IllegalStateException.class, () -> reader.consume((data, offset, length, ring) -> {}));
            assertEquals("ring buffer reader of 'wakeup' is closed", closed.getMessage());
            reader.close();   // twice: nothing
        }
    }

    @Test
    void anInterruptedThreadStopsPolling() throws Exception {
        try (MapHandle map = ring("interrupts", RING); RingBufferReader reader = RingBufferReader.of(map)) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread poller = Thread.ofPlatform().start(() -> {
                try {
                    reader.poll((data, offset, length, ring) -> {}, Duration.ofMinutes(1));
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            Thread.sleep(100);
            poller.interrupt();
            poller.join(5000);
            assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> reader.poll((data, offset, length, ring) -> {}, Duration.ofSeconds(1)));
            assertTrue(!Thread.interrupted(), "the flag is cleared, as InterruptedException does");
        }
    }

    @Test
    void aMapOfAnotherTypeIsRefused() {
        try (MapHandle hash = MapHandle.create(MapSpec.of(MapType.HASH, 4, 4, 1).withName("not_a_ring"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RingBufferReader.of(hash));
            assertEquals("map 'not_a_ring' is a HASH map, not a RINGBUF: only ring buffers have records to read", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> KernelMaps.ringBuffer(hash, Long.class));
        }
    }

    record Sample(long seq, int port, short flags, byte proto) {}

    @Test
    void theTypedReaderDecodesRecordsAndRefusesRecordsOfAnotherSize() throws Exception {
        Codec<Sample> codec = Codec.of(Sample.class);
        try (MapHandle map = ring("typed", RING); Program writer = RingBufferPrograms.load(map);
             KernelRingBuffer<Sample> events = KernelMaps.ringBuffer(map, Sample.class)) {
            List<Sample> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Sample s = new Sample(i, 1000 + i, (short) -i, (byte) 6);
                sent.add(s);
                writer.testRun(RingBufferPrograms.output(codec.encode(s)), 1);
            }
            List<Sample> got = new ArrayList<>();
            assertEquals(5, events.poll(got::add, Duration.ofSeconds(1)));
            assertEquals(sent, got);
            writer.testRun(RingBufferPrograms.output(codec.encode(sent.get(0))), 1);
            writer.testRun(RingBufferPrograms.output(codec.encode(sent.get(1))), 1);
            assertEquals(sent.subList(0, 2), events.stream().limit(2).toList());
            writer.testRun(RingBufferPrograms.output(new byte[12]), 1);
            IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> events.consume(got::add));
            assertEquals("ring buffer 'typed': a record of 12 bytes, where Codec.of(Sample) is 16 bytes:"
                    + " the program writes records of another type", wrong.getMessage());
            assertEquals(8, events.records(), "the record of the wrong size was read (and consumed) too");
        }
    }

    @Test
    void aStreamEndsWhenTheReaderIsClosedFromAnotherThread() throws Exception {
        try (MapHandle map = ring("stream_end", RING)) {
            KernelRingBuffer<Long> events = KernelMaps.ringBuffer(map, Long.class);
            CompletableFuture<List<Long>> all = CompletableFuture.supplyAsync(() -> events.stream().toList(),
                    r -> Thread.ofPlatform().start(r));
            Thread.sleep(100);
            events.close();
            assertEquals(List.of(), all.get(5, TimeUnit.SECONDS));
        }
    }

    /**
     * The raw path over a warmed run: the program writes 256 records in one test run (repeat), the
     * reader consumes them; what the consuming thread allocates must stay below a byte a record.
     */
    @Test
    void theRawPathAllocatesNothingPerRecord() {
        boolean c1Only = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:TieredStopAtLevel=") && !a.endsWith("=4"));
        if (c1Only) {
            System.out.println("skipping the allocation check: this JVM runs without C2 (-XX:TieredStopAtLevel)");
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(c1Only, "the allocation check needs C2; this JVM stops at C1");
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int perRun = 256;
        try (MapHandle map = ring("allocs", 64 * 1024); Program writer = RingBufferPrograms.load(map);
             RingBufferReader reader = RingBufferReader.of(map); Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocateFrom(ValueLayout.JAVA_BYTE, RingBufferPrograms.output(payload(7, 64)));
            long[] sum = new long[1];
            RingBufferReader.RecordHandler handler = (data, offset, length, ring) -> sum[0] += data.get(ValueLayout.JAVA_LONG, offset + 8);
            // other handlers first: the handler's call site is megamorphic, as in an application
            writer.testRun(frame, null, 3);
            reader.consume((data, offset, length, ring) -> sum[0] += length);
            writer.testRun(frame, null, 3);
            reader.consume((data, offset, length, ring) -> sum[0] -= length);
            long least = Long.MAX_VALUE;
            for (int round = 0; round < 400 && least >= perRun; round++) {
                writer.testRun(frame, null, perRun);
                long before = threads.getCurrentThreadAllocatedBytes();
                int handled = reader.consume(handler);
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertEquals(perRun, handled);
                least = Math.min(least, allocated);
            }
            assertTrue(least < perRun, least + " bytes allocated consuming " + perRun + " records, even when warm");
            assertTrue(sum[0] != 0);
        }
    }

    @Test
    void positionsSurviveAReaderBeingReplaced() {
        try (MapHandle map = ring("handover", RING); Program writer = RingBufferPrograms.load(map)) {
            List<Integer> seen = new ArrayList<>();
            for (int seq = 0; seq < 10; seq++) writer.testRun(RingBufferPrograms.output(payload(seq, 8)), 1);
            try (RingBufferReader first = RingBufferReader.of(map)) {
                first.consume((data, offset, length, ring) -> {
                    if (seen.size() < 4) seen.add(data.get(ValueLayout.JAVA_INT, offset));
                    else throw new IllegalStateException("stop");
                });
            } catch (IllegalStateException expected) {
                assertEquals("stop", expected.getMessage());
            }
            try (RingBufferReader second = RingBufferReader.of(map)) {
                second.consume((data, offset, length, ring) -> seen.add(data.get(ValueLayout.JAVA_INT, offset)));
            }
            // the record whose handler threw counts as consumed, as in libbpf
            assertEquals(List.of(0, 1, 2, 3, 5, 6, 7, 8, 9), seen);
        }
    }
}
