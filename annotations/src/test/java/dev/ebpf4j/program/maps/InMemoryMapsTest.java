package dev.ebpf4j.program.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.program.JvmEnvironment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryMapsTest {
    @MapDef(maxEntries = 2)
    static final BpfHashMap<Integer, Long> small = new BpfHashMap<>();

    @MapDef(maxEntries = 4)
    static final BpfArray<Integer> array = new BpfArray<>();

    @MapDef(maxEntries = 3)
    static final BpfPerCpuArray<Long> perCpu = new BpfPerCpuArray<>();

    @MapDef(maxEntries = 8)
    static final BpfPerCpuHashMap<Flow, Long> flows = new BpfPerCpuHashMap<>();

    @MapDef(maxEntries = 2)
    static final BpfLruHashMap<Integer, Integer> lru = new BpfLruHashMap<>();

    @MapDef(maxEntries = 4)
    static final BpfArray<Flow> records = new BpfArray<>();

    @MapDef(maxEntries = 2)
    static final BpfPerCpuHashMap<Integer, Integer> smallPerCpu = new BpfPerCpuHashMap<>();

    @MapDef(maxEntries = 2)
    static final BpfHashMap<Integer, Boolean> flags = new BpfHashMap<>();

    @MapDef(maxEntries = 2)
    static final BpfPerCpuArray<Boolean> perCpuFlags = new BpfPerCpuArray<>();

    static final BpfHashMap<Integer, Integer> undeclared = new BpfHashMap<>();

    @AfterEach
    void reset() {
        small.clear();
        array.clear();
        perCpu.clear();
        flows.clear();
        lru.clear();
        smallPerCpu.clear();
        flags.clear();
        perCpuFlags.clear();
        JvmEnvironment.current().cpu(0);
    }

    @Test
    void aHashMapRefusesInsertionsWhenFull() {
        assertTrue(small.put(1, 10L));
        assertTrue(small.put(2, 20L));
        assertFalse(small.put(3, 30L));
        assertTrue(small.put(2, 21L), "replacing needs no room");
        assertEquals(21L, small.get(2));
        assertNull(small.get(3));
        assertFalse(small.putIfAbsent(1, 11L));
        assertTrue(small.remove(1));
        assertFalse(small.remove(1));
        assertTrue(small.putIfAbsent(1, 12L));
        assertEquals(12L, small.getOrDefault(1, 0L));
        assertEquals(-1L, small.getOrDefault(9, -1L));
    }

    @Test
    void incrementInsertsWhereAbsentAndDoesNothingWhenFull() {
        small.increment(5);
        small.increment(5, 41);
        assertEquals(42L, small.get(5));
        small.increment(6, -1);
        small.increment(7);
        assertNull(small.get(7));
        assertEquals(-1L, small.get(6));
    }

    @Test
    void arraysAreZeroFilledFixedAndWrapLikeInt() {
        assertEquals(0, array.get(3));
        assertNull(array.get(4));
        assertNull(array.get(-1));
        assertTrue(array.containsKey(0));
        assertFalse(array.containsKey(4));
        assertFalse(array.remove(0));
        assertFalse(array.putIfAbsent(0, 1));
        assertFalse(array.put(4, 1));
        array.put(1, Integer.MAX_VALUE);
        array.increment(1);
        assertEquals(Integer.MIN_VALUE, array.get(1));
        array.increment(9);
        assertEquals(new Flow(0, (short) 0, (byte) 0), records.get(0), "a record array starts all zero");
    }

    @Test
    void perCpuMapsKeepOneValuePerCpu() {
        perCpu.increment(0, 5);
        JvmEnvironment.current().cpu(3);
        perCpu.increment(0, 7);
        assertEquals(7L, perCpu.get(0));
        assertEquals(12L, perCpu.sum(0));
        assertEquals(JvmEnvironment.CPUS, perCpu.perCpu(0).size());
        assertEquals(List.of(5L, 0L, 0L, 7L), perCpu.perCpu(0).subList(0, 4));

        Flow flow = new Flow(0x0a000001, (short) 80, (byte) 6);
        flows.increment(flow, 2);
        JvmEnvironment.current().cpu(0);
        assertEquals(0L, flows.get(flow), "inserting on one CPU zeroes the others");
        flows.increment(new Flow(0x0a000001, (short) 80, (byte) 6));
        assertEquals(3L, flows.sum(flow));
    }

    @Test
    void lruEvictsTheLeastRecentlyUsed() {
        lru.put(1, 1);
        lru.put(2, 2);
        lru.get(1);
        assertTrue(lru.put(3, 3));
        assertNull(lru.get(2));
        assertEquals(1, lru.get(1));
    }

    @Test
    void nullKeysAndValuesAreRefused() {
        assertThrows(NullPointerException.class, () -> small.put(null, 1L));
        assertThrows(NullPointerException.class, () -> small.put(1, null));
    }

    @Test
    void aMapWithoutMapDefSaysSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> undeclared.get(1));
        assertTrue(e.getMessage().contains("undeclared: a map field needs @MapDef"), e.getMessage());
    }

    @Test
    void anLruPutOrIncrementOfAStoredKeyMakesItTheMostRecentlyUsed() {
        lru.put(1, 1);
        lru.put(2, 2);
        assertTrue(lru.put(1, 10));
        assertTrue(lru.put(3, 3));
        assertEquals(java.util.Map.of(1, 10, 3, 3), lru.entries());
        assertEquals(List.of(1, 3), List.copyOf(lru.entries().keySet()));
        lru.increment(1);
        lru.increment(4, 5);
        assertEquals(List.of(1, 4), List.copyOf(lru.entries().keySet()), "the increment of 1 kept it, 3 went");
        assertEquals(11, lru.get(1));
        assertEquals(2, lru.size());
    }

    @Test
    void aFullPerCpuHashMapRefusesNewKeysAndStillReplacesStoredOnes() {
        assertTrue(smallPerCpu.put(1, 10));
        assertTrue(smallPerCpu.put(2, 20));
        assertFalse(smallPerCpu.put(3, 30));
        smallPerCpu.increment(3);
        assertFalse(smallPerCpu.containsKey(3), "an increment of a new key in a full map does nothing");
        JvmEnvironment.current().cpu(5);
        assertEquals(0, smallPerCpu.get(1), "a key another CPU inserted is zero here");
        assertTrue(smallPerCpu.put(1, 15));
        smallPerCpu.increment(1, 2);
        assertEquals(List.of(10, 0, 0, 0, 0, 17), smallPerCpu.perCpu(1).subList(0, 6));
        assertEquals(27, smallPerCpu.sum(1));
        assertFalse(smallPerCpu.putIfAbsent(1, 99));
        assertEquals(List.of(1, 2), smallPerCpu.keys());
        assertTrue(smallPerCpu.remove(1));
        assertFalse(smallPerCpu.remove(1));
        assertEquals(List.of(), smallPerCpu.perCpu(1));
        assertEquals(0, smallPerCpu.sum(1));
        assertTrue(smallPerCpu.putIfAbsent(3, 33));
        assertEquals(List.of(2, 3), smallPerCpu.keys());
        assertEquals(33, smallPerCpu.get(3));
        JvmEnvironment.current().cpu(0);
        assertEquals(0, smallPerCpu.get(3));
    }

    @Test
    void perCpuArraysHaveNoValuesOutsideAndResetToZero() {
        JvmEnvironment.current().cpu(2);
        assertTrue(perCpu.put(1, 4L));
        assertFalse(perCpu.put(3, 4L));
        assertFalse(perCpu.putIfAbsent(1, 5L));
        assertFalse(perCpu.remove(1));
        assertNull(perCpu.get(3));
        assertNull(perCpu.get(-1));
        assertTrue(perCpu.containsKey(2));
        assertFalse(perCpu.containsKey(3));
        assertEquals(List.of(), perCpu.perCpu(3));
        assertEquals(0L, perCpu.sum(-1));
        perCpu.increment(3);
        assertEquals(List.of(0L, 0L, 4L, 0L), perCpu.perCpu(1).subList(0, 4));
        perCpu.clear();
        assertEquals(0L, perCpu.sum(1));
        assertThrows(NullPointerException.class, () -> perCpu.put(7, null), "a null value, even outside the array");
        assertThrows(NullPointerException.class, () -> perCpu.get(null));
        assertThrows(NullPointerException.class, () -> array.put(7, null));
        assertThrows(NullPointerException.class, () -> array.remove(null));
    }

    @Test
    void incrementOfAValueThatIsNoCounterSaysSo() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> flags.increment(1));
        assertEquals("InMemoryMapsTest.flags: increment needs Long or Integer values, not Boolean", e.getMessage());
        assertFalse(flags.containsKey(1));
        flags.put(1, true);
        assertThrows(UnsupportedOperationException.class, () -> flags.increment(1));
        assertEquals(true, flags.get(1));
        assertThrows(UnsupportedOperationException.class, () -> perCpuFlags.increment(0));
        perCpuFlags.increment(5);
        assertEquals(false, perCpuFlags.get(1));
        assertThrows(UnsupportedOperationException.class, () -> perCpuFlags.sum(0));
    }
}
