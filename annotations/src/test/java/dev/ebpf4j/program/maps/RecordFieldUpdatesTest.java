package dev.ebpf4j.program.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.program.JvmEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordFieldUpdatesTest {
    record Stats(long packets, long bytes, int flags, short port, @Size(2) int[] marks) {
        Stats(long packets, long bytes, int flags) {
            this(packets, bytes, flags, (short) 0, new int[2]);
        }
    }

    @MapDef(maxEntries = 2)
    static final BpfHashMap<Integer, Stats> stats = new BpfHashMap<>();

    @MapDef(maxEntries = 2)
    static final BpfLruHashMap<Integer, Stats> recent = new BpfLruHashMap<>();

    @MapDef(maxEntries = 2)
    static final BpfArray<Stats> slots = new BpfArray<>();

    @MapDef(maxEntries = 2)
    static final BpfPerCpuHashMap<Integer, Stats> perCpu = new BpfPerCpuHashMap<>();

    @MapDef(maxEntries = 2)
    static final BpfHashMap<Integer, Long> counters = new BpfHashMap<>();

    @AfterEach
    void reset() {
        InMemoryMaps.clear(RecordFieldUpdatesTest.class);
        JvmEnvironment.current().cpu(0);
    }

    @Test
    void addUpdatesOneFieldOfAPresentValueAndSaysWhetherItWasThere() {
        assertFalse(stats.add(1, Stats::packets, 1), "absent key");
        assertNull(stats.get(1), "nothing inserted");
        stats.put(1, new Stats(1, 100, 0x10));
        assertTrue(stats.add(1, Stats::packets, 1));
        assertTrue(stats.add(1, Stats::bytes, 60));
        assertTrue(stats.or(1, Stats::flags, 0x02));
        assertTrue(stats.xor(1, Stats::flags, 0x11));
        assertTrue(stats.and(1, Stats::flags, ~0x01));
        assertTrue(stats.set(1, Stats::packets, 1));
        assertFalse(stats.set(2, Stats::packets, 1), "absent key");
        assertTrue(stats.add(1, Stats::packets, 1));
        Stats value = stats.get(1);
        assertEquals(2, value.packets());
        assertEquals(160, value.bytes());
        assertEquals(0x02, value.flags());
    }

    @Test
    void anIntFieldWrapsAsJavaDoesAndTakesTheOperandsLow32Bits() {
        stats.put(1, new Stats(Long.MAX_VALUE, 0, Integer.MAX_VALUE));
        stats.add(1, Stats::flags, 1);
        stats.add(1, Stats::packets, 1);
        stats.add(1, Stats::bytes, -5);
        assertEquals(Integer.MIN_VALUE, stats.get(1).flags());
        assertEquals(Long.MIN_VALUE, stats.get(1).packets());
        assertEquals(-5, stats.get(1).bytes());
        stats.add(1, Stats::flags, 1L << 32 | 3);
        assertEquals(Integer.MIN_VALUE + 3, stats.get(1).flags());
    }

    @Test
    void addOrInsertStoresTheInitialValueFirstThenAdds() {
        assertTrue(stats.addOrInsert(1, Stats::packets, 1, new Stats(0, 0, 7)));
        assertTrue(stats.addOrInsert(1, Stats::packets, 1, new Stats(1000, 0, 9)), "present: the initial value is not used");
        assertEquals(2, stats.get(1).packets());
        assertEquals(7, stats.get(1).flags());
        assertTrue(stats.addOrInsert(2, Stats::bytes, 5, new Stats(0, 10, 0)));
        assertFalse(stats.addOrInsert(3, Stats::bytes, 5, new Stats(0, 10, 0)), "a full map refuses the insertion");
        assertNull(stats.get(3));
        assertEquals(15, stats.get(2).bytes());
    }

    @Test
    void anLruMapEvictsToMakeRoomAsItsPutDoes() {
        recent.addOrInsert(1, Stats::packets, 1, new Stats(0, 0, 0));
        recent.addOrInsert(2, Stats::packets, 1, new Stats(0, 0, 0));
        recent.add(1, Stats::packets, 1);
        assertTrue(recent.addOrInsert(3, Stats::packets, 1, new Stats(0, 0, 0)));
        assertEquals(List.of(1, 3), List.copyOf(recent.entries().keySet()), "2 was the least recently used");
        assertEquals(2, recent.get(1).packets());
    }

    @Test
    void anArrayHasEveryIndexInRangeAndNoneOutside() {
        assertTrue(slots.set(1, Stats::flags, -1));
        assertEquals(-1, slots.get(1).flags());
        assertTrue(slots.add(1, Stats::bytes, 40));
        assertTrue(slots.addOrInsert(1, Stats::bytes, 2, new Stats(99, 99, 99)), "elements are always present");
        assertEquals(42, slots.get(1).bytes());
        assertEquals(0, slots.get(1).packets());
        assertFalse(slots.add(2, Stats::bytes, 1));
        assertFalse(slots.addOrInsert(-1, Stats::bytes, 1, new Stats(0, 0, 0)));
    }

    @Test
    void aPerCpuMapUpdatesTheRunningCpusValueOnly() {
        JvmEnvironment.current().cpu(3);
        perCpu.addOrInsert(1, Stats::packets, 5, new Stats(0, 0, 0));
        JvmEnvironment.current().cpu(4);
        assertTrue(perCpu.add(1, Stats::packets, 2), "the key is present for every CPU once inserted");
        List<Long> packets = new ArrayList<>();
        for (Stats s : perCpu.perCpu(1)) packets.add(s.packets());
        assertEquals(5L, packets.get(3));
        assertEquals(2L, packets.get(4));
        assertEquals(7L, packets.stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void theStoredRecordKeepsItsOwnArraysAndGetStillCopies() {
        int[] marks = {1, 2};
        stats.put(1, new Stats(0, 0, 0, (short) 0, marks));
        stats.add(1, Stats::packets, 1);
        marks[0] = 100;
        Stats value = stats.get(1);
        assertEquals(1, value.marks()[0]);
        value.marks()[1] = 200;
        assertEquals(2, stats.get(1).marks()[1]);
    }

    @Test
    void concurrentAddsFromManyThreadsLoseNoUpdate() throws InterruptedException {
        stats.put(1, new Stats(0, 0, 0));
        int threads = 8;
        int each = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int bit = t;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    stats.add(1, Stats::packets, 1);
                    stats.add(1, Stats::bytes, 3);
                    stats.addOrInsert(2, Stats::packets, 1, new Stats(0, 0, 0));
                }
                stats.or(1, Stats::flags, 1 << bit);
            }));
        }
        start.countDown();
        for (Thread worker : workers) worker.join();
        assertEquals((long) threads * each, stats.get(1).packets());
        assertEquals(3L * threads * each, stats.get(1).bytes());
        assertEquals(0xff, stats.get(1).flags());
        assertEquals((long) threads * each, stats.get(2).packets());
    }

    @Test
    void misuseSaysWhatToWriteInstead() {
        stats.put(1, new Stats(0, 0, 0));
        IllegalArgumentException lambda = assertThrows(IllegalArgumentException.class, () -> stats.add(1, s -> s.bytes(), 1));
        assertEquals("RecordFieldUpdatesTest.stats: the field must be a method reference to a component of Stats (Stats::packets), not a lambda",
                lambda.getMessage());
        IllegalArgumentException narrow = assertThrows(IllegalArgumentException.class, () -> stats.add(1, Stats::port, 1));
        assertEquals("RecordFieldUpdatesTest.stats: Stats.port is a short: the kernel updates int and long fields in place; declare it int or long",
                narrow.getMessage());
        assertThrows(IllegalArgumentException.class, () -> stats.add(2, Stats::port, 1), "checked for an absent key too");
        IllegalArgumentException notRecord = assertThrows(IllegalArgumentException.class, () -> counters.add(1, Long::longValue, 1));
        assertEquals("RecordFieldUpdatesTest.counters holds Long, not a record: update a counter value with increment(key, delta)",
                notRecord.getMessage());
    }
}
