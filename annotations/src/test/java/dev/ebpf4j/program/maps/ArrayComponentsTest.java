package dev.ebpf4j.program.maps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.program.JvmEnvironment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Records with {@link Size} arrays in the in-memory maps: copied in and out, keys compared by elements. */
class ArrayComponentsTest {
    record Flow(@Size(4) byte[] addr, int port) {}

    record Histogram(@Size(8) long[] buckets, boolean seen, @Size(2) char[] tag) {}

    @MapDef(maxEntries = 4)
    static final BpfHashMap<Flow, Long> flows = new BpfHashMap<>();

    @MapDef(maxEntries = 2)
    static final BpfArray<Histogram> histograms = new BpfArray<>();

    @MapDef(maxEntries = 2)
    static final BpfPerCpuArray<Histogram> perCpu = new BpfPerCpuArray<>();

    @MapDef(maxEntries = 4)
    static final BpfPerCpuHashMap<Flow, Histogram> perCpuFlows = new BpfPerCpuHashMap<>();

    @MapDef(maxEntries = 4)
    static final BpfLruHashMap<Flow, Integer> lru = new BpfLruHashMap<>();

    @MapDef(maxEntries = 4096)
    static final BpfRingBuffer<Flow> events = new BpfRingBuffer<>();

    @AfterEach
    void reset() {
        flows.clear();
        histograms.clear();
        perCpu.clear();
        perCpuFlows.clear();
        lru.clear();
        events.drain();
        JvmEnvironment.current().cpu(0);
    }

    @Test
    void keysWithArraysAreComparedByTheirElementsAsTheKernelComparesBytes() {
        assertTrue(flows.put(new Flow(new byte[] {10, 0, 0, 1}, 80), 5L));
        assertEquals(5L, flows.get(new Flow(new byte[] {10, 0, 0, 1}, 80)));
        assertNull(flows.get(new Flow(new byte[] {10, 0, 0, 2}, 80)));
        assertTrue(flows.containsKey(new Flow(new byte[] {10, 0, 0, 1}, 80)));
        assertFalse(flows.putIfAbsent(new Flow(new byte[] {10, 0, 0, 1}, 80), 6L));
        flows.increment(new Flow(new byte[] {10, 0, 0, 1}, 80), 2);
        assertEquals(7L, flows.get(new Flow(new byte[] {10, 0, 0, 1}, 80)));
        assertEquals(1, flows.size());
        Map<Flow, Long> entries = flows.entries();
        assertArrayEquals(new byte[] {10, 0, 0, 1}, entries.keySet().iterator().next().addr());
        assertTrue(flows.remove(new Flow(new byte[] {10, 0, 0, 1}, 80)));
        assertEquals(0, flows.size());
        assertTrue(lru.put(new Flow(new byte[4], 1), 1));
        assertEquals(1, lru.get(new Flow(new byte[4], 1)));
    }

    @Test
    void aMapKeepsItsOwnCopyOfTheArraysItIsGiven() {
        byte[] addr = {1, 2, 3, 4};
        flows.put(new Flow(addr, 1), 1L);
        addr[0] = 9;
        assertEquals(1L, flows.get(new Flow(new byte[] {1, 2, 3, 4}, 1)));
        assertNull(flows.get(new Flow(addr, 1)));

        long[] buckets = new long[8];
        histograms.put(0, new Histogram(buckets, true, new char[] {'a', 'b'}));
        buckets[3] = 7;
        assertEquals(0, histograms.get(0).buckets()[3]);
        events.output(new Flow(addr, 2));
        addr[1] = 9;
        assertArrayEquals(new byte[] {9, 2, 3, 4}, events.drain().getFirst().addr());
    }

    @Test
    void writesToAnArrayGotFromAMapDoNotChangeTheMap() {
        histograms.put(1, new Histogram(new long[8], false, new char[2]));
        Histogram got = histograms.get(1);
        got.buckets()[0] = 42;
        assertNotSame(got.buckets(), histograms.get(1).buckets());
        assertEquals(0, histograms.get(1).buckets()[0]);
        perCpuFlows.put(new Flow(new byte[4], 1), new Histogram(new long[8], true, new char[2]));
        perCpuFlows.get(new Flow(new byte[4], 1)).buckets()[1] = 5;
        assertEquals(0, perCpuFlows.perCpu(new Flow(new byte[4], 1)).getFirst().buckets()[1]);
        assertEquals(List.of(new Flow(new byte[4], 1)).size(), perCpuFlows.keys().size());
        assertArrayEquals(new byte[4], perCpuFlows.keys().getFirst().addr());
    }

    @Test
    void theZeroValueHasZeroedArraysOfTheDeclaredSize() {
        Histogram zero = histograms.get(0);
        assertArrayEquals(new long[8], zero.buckets());
        assertArrayEquals(new char[2], zero.tag());
        assertFalse(zero.seen());
        assertArrayEquals(new long[8], perCpu.get(1).buckets());
        JvmEnvironment.current().cpu(1);
        perCpu.put(1, new Histogram(new long[] {1, 2, 3, 4, 5, 6, 7, 8}, true, new char[2]));
        assertEquals(8, perCpu.get(1).buckets()[7]);
        assertEquals(0, perCpu.perCpu(1).getFirst().buckets()[7]);
    }

    @Test
    void anArrayOfAnotherLengthIsRefusedNamingTheRecordAndComponent() {
        var e = assertThrows(IllegalArgumentException.class, () -> flows.put(new Flow(new byte[5], 1), 1L));
        assertEquals("record Flow, component 'addr': the array has 5 elements and @Size says 4; the C struct has room"
                + " for exactly that many", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> histograms.put(0, new Histogram(new long[7], false, new char[2])));
        assertThrows(IllegalArgumentException.class, () -> events.output(new Flow(new byte[3], 1)));
        assertThrows(IllegalArgumentException.class, () -> flows.putIfAbsent(new Flow(new byte[5], 1), 1L));
        var nullArray = assertThrows(IllegalArgumentException.class, () -> flows.put(new Flow(null, 1), 1L));
        assertTrue(nullArray.getMessage().contains("component 'addr': the array is null"), nullArray.getMessage());
    }
}
