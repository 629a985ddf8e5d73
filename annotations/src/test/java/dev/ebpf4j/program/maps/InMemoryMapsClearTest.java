package dev.ebpf4j.program.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.program.Config;
import dev.ebpf4j.program.Shared;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryMapsClearTest {
    record Event(int port, long bytes) {}

    /** A program's maps of every kind, as static fields. */
    static final class Program {
        @MapDef(maxEntries = 4)
        static final BpfHashMap<Integer, Long> counts = new BpfHashMap<>();
        @MapDef(maxEntries = 4)
        static final BpfArray<Integer> slots = new BpfArray<>();
        @MapDef(maxEntries = 4)
        static final BpfPerCpuHashMap<Integer, Long> perCpu = new BpfPerCpuHashMap<>();
        @MapDef(maxEntries = 4)
        static final BpfLpmTrie<Integer, Integer> zones = new BpfLpmTrie<>();
        @MapDef(maxEntries = 4096)
        static final BpfRingBuffer<Event> events = new BpfRingBuffer<>();
        static final int notAMap = 7;
    }

    /** A program's globals: configuration, plain shared state, atomics. */
    static final class Globals {
        @Config static int limit = 10;
        @Config static boolean verbose;
        @Shared static long lastSeen = 3;
        @Shared static final AtomicLong packets = new AtomicLong();
        @Shared static final AtomicInteger errors = new AtomicInteger(4);
        static int unannotated = 1;
    }

    @Test
    void clearEmptiesEveryMapTrieAndRingBufferOfAProgram() {
        Program.counts.put(1, 10L);
        Program.slots.put(2, 5);
        Program.perCpu.increment(3, 4);
        Program.zones.put(0x0A000000, 8, 1);
        assertTrue(Program.events.output(new Event(80, 100)));

        InMemoryMaps.clear(Program.class);

        assertNull(Program.counts.get(1));
        assertEquals(0, Program.slots.get(2));
        assertFalse(Program.perCpu.containsKey(3));
        assertNull(Program.zones.get(0x0A010203));
        assertEquals(List.of(), Program.events.drain());
        assertTrue(Program.counts.put(1, 1L), "a cleared map takes entries again");
        InMemoryMaps.clear(Program.class);
    }

    @Test
    void clearPutsConfigAndSharedFieldsBackToTheirValuesAtTheFirstClear() {
        InMemoryMaps.clear(Globals.class);
        Globals.limit = 99;
        Globals.verbose = true;
        Globals.lastSeen = 42;
        Globals.packets.addAndGet(7);
        Globals.errors.set(0);
        Globals.unannotated = 2;

        InMemoryMaps.clear(Globals.class);

        assertEquals(10, Globals.limit);
        assertFalse(Globals.verbose);
        assertEquals(3, Globals.lastSeen);
        assertEquals(0, Globals.packets.get());
        assertEquals(4, Globals.errors.get());
        assertEquals(2, Globals.unannotated, "a field that is no global is the test's own business");
    }
}
