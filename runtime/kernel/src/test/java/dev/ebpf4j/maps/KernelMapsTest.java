package dev.ebpf4j.maps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.program.JvmEnvironment;
import dev.ebpf4j.sys.PossibleCpus;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.types.MapType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@RequiresBpf
class KernelMapsTest {
    /** struct { __u8 proto; (3 bytes padding) __s32 addr; __s16 port; __u16 tag; __s64 seq; } = 24 bytes. */
    record Key(byte proto, int addr, short port, char tag, long seq) {}

    @Test
    void recordKeysAreLaidOutAsCStructsWithZeroPadding() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.HASH, 24, 8, 4).withName("layout"))) {
            KernelMap<Key, Long> keyed = KernelMaps.of(map, Key.class, Long.class);
            assertTrue(keyed.put(new Key((byte) 6, 0x01020304, (short) -2, '\u0a0b', 0x1122334455667788L), 9L));
            byte[] raw = map.keys().getFirst();
            assertArrayEquals(new byte[] {
                    6, 0, 0, 0, 4, 3, 2, 1,
                    (byte) 0xfe, (byte) 0xff, 0x0b, 0x0a, 0, 0, 0, 0,
                    (byte) 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11}, raw);
            assertEquals(Map.of(new Key((byte) 6, 0x01020304, (short) -2, '\u0a0b', 0x1122334455667788L), 9L), keyed.entries());
        }
    }

    @Test
    void aMapOfAnotherTypeIsRefusedNamingIt() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.PERCPU_ARRAY, 4, 8, 1).withName("counters"))) {
            var e = assertThrows(IllegalArgumentException.class, () -> KernelMaps.of(map, Integer.class, Long.class));
            assertEquals("KernelMaps.of: map 'counters' is a PERCPU_ARRAY map; this view takes [ARRAY, HASH, LRU_HASH]",
                    e.getMessage());
        }
    }

    @Test
    void aValueTypeOfAnotherSizeIsRefusedNamingTheMap() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.HASH, 4, 8, 1).withName("ports"))) {
            var e = assertThrows(IllegalArgumentException.class, () -> KernelMaps.of(map, Integer.class, Integer.class));
            assertTrue(e.getMessage().startsWith("map 'ports': values are 8 bytes in the kernel, Codec.u32 is 4 bytes"),
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> KernelMaps.of(map, Integer.class, String.class));
        }
    }

    @Test
    void arraysTakeIntegerIndexes() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.ARRAY, 4, 8, 1).withName("slots"))) {
            assertThrows(IllegalArgumentException.class, () -> KernelMaps.of(map, Character.class, Long.class));
        }
    }

    @Test
    void perCpuMapsActOnTheCallingThreadsJvmCpuAndSumOverAll() {
        int cpus = PossibleCpus.count();
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.PERCPU_HASH, 4, 8, 4).withName("bycpu"))) {
            KernelPerCpuMap<Integer, Long> counts = KernelMaps.perCpu(map, Integer.class, Long.class);
            assertEquals(cpus, counts.possibleCpus());
            assertTrue(counts.put(1, 5L));
            counts.increment(1, 2);
            assertEquals(7L, counts.get(1));
            assertEquals(7L, counts.perCpu(1).getFirst());
            assertEquals(7, counts.sum(1));
            assertTrue(counts.putPerCpu(2, Collections.nCopies(cpus, 3L)));
            assertEquals(3L * cpus, counts.sum(2));
            assertEquals(Map.of(1, 7L, 2, 3L * cpus), counts.sums());
            assertEquals(List.of(), counts.perCpu(3));
            assertNull(counts.get(3));
            var wrong = assertThrows(IllegalArgumentException.class, () -> counts.putPerCpu(2, List.of()));
            assertTrue(wrong.getMessage().contains("0 per-CPU values given"), wrong.getMessage());
            try {
                JvmEnvironment.current().cpu(cpus);
                var e = assertThrows(IllegalStateException.class, () -> counts.get(1));
                assertTrue(e.getMessage().contains("runs as CPU " + cpus), e.getMessage());
            } finally {
                JvmEnvironment.current().cpu(0);
            }
        }
    }

    @Test
    void removingFromAnArrayIsFalseAndLeavesTheElement() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.ARRAY, 4, 8, 2).withName("slots"))) {
            KernelMap<Integer, Long> slots = KernelMaps.of(map, Integer.class, Long.class);
            assertTrue(slots.put(1, 4L));
            assertFalse(slots.remove(1));
            assertEquals(4L, slots.get(1));
            assertFalse(slots.put(2, 4L));
            assertEquals(List.of(0, 1), slots.keys());
        }
    }

    @Test
    void lruHashMapsEvictInsteadOfRefusing() {
        // Large enough that the kernel's per-CPU free lists (up to 128 entries each) cannot run a
        // CPU short after two inserts: a 64-entry map on two CPUs may evict key 1 for key 2.
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.LRU_HASH, 4, 4, 1024).withName("recent"))) {
            KernelMap<Integer, Integer> recent = KernelMaps.of(map, Integer.class, Integer.class);
            assertTrue(recent.put(1, 10));
            assertFalse(recent.putIfAbsent(1, 11));
            recent.increment(1, 5);
            recent.increment(2);
            assertEquals(Map.of(1, 15, 2, 1), recent.entries());
            assertTrue(recent.remove(2));
            for (int key = 100; key < 1400; key++) assertTrue(recent.put(key, key), "put " + key);
            assertTrue(recent.keys().size() <= 1024, recent.keys().size() + " keys");
        }
    }
}
