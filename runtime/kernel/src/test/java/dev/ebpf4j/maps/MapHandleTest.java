package dev.ebpf4j.maps;

import dev.ebpf4j.types.MapType;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.sys.KernelVersion;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.sys.MapCalls;
import dev.ebpf4j.sys.PossibleCpus;
import dev.ebpf4j.testing.RequiresBpf;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@RequiresBpf
class MapHandleTest {
    @Test
    void hashMapCreateUpdateLookupIterateDelete() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.HASH, 4, 8, 16).withName("hash"))) {
            for (int k = 1; k <= 5; k++) {
                map.update(u32(k), u64(k * 100L));
            }
            assertEquals(Optional.empty(), map.lookup(u32(9)).map(MapHandleTest::asLong));
            assertEquals(300L, asLong(map.lookup(u32(3)).orElseThrow()));
            Set<Integer> keys = new TreeSet<>();
            for (byte[] key : map.keys()) {
                keys.add(asInt(key));
            }
            assertEquals(Set.of(1, 2, 3, 4, 5), keys);
            assertTrue(map.delete(u32(3)));
            assertFalse(map.delete(u32(3)));
            assertEquals(4, map.keys().size());
        }
    }

    @Test
    void updateModesReportWhetherTheirConditionHeld() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.HASH, 4, 8, 4))) {
            assertFalse(map.update(u32(1), u64(1), UpdateMode.EXIST));
            assertTrue(map.update(u32(1), u64(1), UpdateMode.NOEXIST));
            assertFalse(map.update(u32(1), u64(2), UpdateMode.NOEXIST));
            assertTrue(map.update(u32(1), u64(3), UpdateMode.EXIST));
            assertEquals(3L, asLong(map.lookup(u32(1)).orElseThrow()));
        }
    }

    @Test
    void aFullHashMapSaysSo() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.HASH, 4, 8, 2))) {
            map.update(u32(1), u64(1));
            map.update(u32(2), u64(2));
            BpfException e = assertThrows(BpfException.class, () -> map.update(u32(3), u64(3)));
            assertEquals(Errno.E2BIG, e.errno());
            assertTrue(e.getMessage().contains("full"), e.getMessage());
        }
    }

    @Test
    void arrayMapHasEveryIndexAndCannotDelete() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.ARRAY, 4, 4, 3).withName("array"))) {
            assertArrayEquals(new byte[4], map.lookup(u32(2)).orElseThrow());
            map.update(u32(2), u32(77));
            assertEquals(77, asInt(map.lookup(u32(2)).orElseThrow()));
            assertEquals(Optional.empty(), map.lookup(u32(3)));
            assertEquals(3, map.keys().size());
            BpfException e = assertThrows(BpfException.class, () -> map.delete(u32(0)));
            assertEquals(Errno.EINVAL, e.errno());
        }
    }

    @Test
    void perCpuArrayValuesHaveOneAlignedSlotPerPossibleCpu() {
        int cpus = PossibleCpus.count();
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.PERCPU_ARRAY, 4, 4, 1).withName("percpu"))) {
            assertEquals(8 * cpus, map.valueBufferSize());
            ByteBuffer all = ByteBuffer.allocate(map.valueBufferSize()).order(ByteOrder.LITTLE_ENDIAN);
            for (int cpu = 0; cpu < cpus; cpu++) {
                all.putInt(cpu * 8, 1000 + cpu);
            }
            map.update(u32(0), all.array());
            List<byte[]> perCpu = map.perCpuValues(map.lookup(u32(0)).orElseThrow());
            assertEquals(cpus, perCpu.size());
            for (int cpu = 0; cpu < cpus; cpu++) {
                assertEquals(1000 + cpu, asInt(perCpu.get(cpu)));
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> map.update(u32(0), u32(1)));
            assertTrue(e.getMessage().contains("value is 4 bytes"), e.getMessage());
        }
    }

    @Test
    void lruHashEvictsInsteadOfFillingUp() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.LRU_HASH, 4, 8, 64).withName("lru"))) {
            for (int k = 0; k < 1000; k++) {
                map.update(u32(k), u64(k));
            }
            int size = map.keys().size();
            assertTrue(size > 0 && size <= 64 * Math.max(1, PossibleCpus.count()), "entries: " + size);
            assertEquals(999L, asLong(map.lookup(u32(999)).orElseThrow()));
        }
    }

    @Test
    void batchLookupReadsEveryEntryWithoutAllocatingPerEntry() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.HASH, 4, 8, 128).withName("batch"));
             Arena arena = Arena.ofConfined()) {
            int n = 100;
            MemorySegment keys = arena.allocate(ValueLayout.JAVA_INT, n);
            MemorySegment values = arena.allocate(ValueLayout.JAVA_LONG, n);
            for (int i = 0; i < n; i++) {
                keys.setAtIndex(ValueLayout.JAVA_INT, i, i);
                values.setAtIndex(ValueLayout.JAVA_LONG, i, i * 3L);
            }
            assertEquals(n, map.updateBatch(keys, values, n));

            MemorySegment outKeys = arena.allocate(ValueLayout.JAVA_INT, 32);
            MemorySegment outValues = arena.allocate(ValueLayout.JAVA_LONG, 32);
            MemorySegment in = arena.allocate(map.batchCursorSize());
            MemorySegment out = arena.allocate(map.batchCursorSize());
            List<Integer> seen = new ArrayList<>();
            MemorySegment cursor = null;
            MapHandle.Batch r;
            do {
                r = map.lookupBatch(cursor, out, outKeys, outValues, 32);
                for (int i = 0; i < r.count(); i++) {
                    int k = outKeys.getAtIndex(ValueLayout.JAVA_INT, i);
                    assertEquals(k * 3L, outValues.getAtIndex(ValueLayout.JAVA_LONG, i));
                    seen.add(k);
                }
                MemorySegment.copy(out, 0, in, 0, in.byteSize());
                cursor = in;
            } while (!r.done());
            assertEquals(n, seen.size());
            assertEquals(n, new TreeSet<>(seen).size());

            keys.setAtIndex(ValueLayout.JAVA_INT, 0, 5);
            keys.setAtIndex(ValueLayout.JAVA_INT, 1, 6);
            assertEquals(2, map.deleteBatch(keys, 2));
            assertEquals(Optional.empty(), map.lookup(u32(5)));
            assertEquals(n - 2, map.keys().size());
        }
    }

    @Test
    void lookupAndDeleteBatchEmptiesTheMap() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.HASH, 4, 8, 16)); Arena arena = Arena.ofConfined()) {
            for (int k = 0; k < 10; k++) {
                map.update(u32(k), u64(k));
            }
            MemorySegment keys = arena.allocate(ValueLayout.JAVA_INT, 16);
            MemorySegment values = arena.allocate(ValueLayout.JAVA_LONG, 16);
            MemorySegment out = arena.allocate(map.batchCursorSize());
            MapHandle.Batch r = map.lookupAndDeleteBatch(null, out, keys, values, 16);
            assertTrue(r.done());
            assertEquals(10, r.count());
            assertEquals(List.of(), map.keys());
        }
    }

    @Test
    void lookupAndDeleteTakesTheValueOut() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.HASH, 4, 8, 4))) {
            map.update(u32(1), u64(42));
            if (!KernelVersion.running().isAtLeast(5, 14)) {
                // Hash maps learnt lookup-and-delete in 5.14; before, the kernel's refusal must read clearly.
                BpfException e = assertThrows(BpfException.class, () -> map.lookupAndDelete(u32(1)));
                assertTrue(e.getMessage().contains("no lookup-and-delete on this kernel"), e.getMessage());
                return;
            }
            assertEquals(42L, asLong(map.lookupAndDelete(u32(1)).orElseThrow()));
            assertEquals(Optional.empty(), map.lookupAndDelete(u32(1)));
        }
    }

    @Test
    void aFrozenMapRefusesUserSpaceWritesAndSaysWhy() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.ARRAY, 4, 4, 1).withName("frozen"))) {
            map.update(u32(0), u32(1));
            map.freeze();
            BpfException e = assertThrows(BpfException.class, () -> map.update(u32(0), u32(2)));
            assertEquals(Errno.EPERM, e.errno());
            assertTrue(e.getMessage().startsWith("BPF_MAP_UPDATE_ELEM failed: EPERM: ") && e.getMessage().contains("frozen"),
                    e.getMessage());
            assertEquals(1, asInt(map.lookup(u32(0)).orElseThrow()));
        }
    }

    @Test
    void infoByFdAndOpenById() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.HASH, 4, 8, 16).withName("info")
                .withFlags(MapSpec.F_NO_PREALLOC))) {
            MapInfo info = map.info();
            assertEquals(new MapInfo(MapType.HASH, info.id(), 4, 8, 16, MapSpec.F_NO_PREALLOC, "info", 0, 0, 0), info);
            try (MapHandle again = MapHandle.openById(info.id())) {
                assertEquals(info.id(), again.id());
                assertEquals(MapType.HASH, again.type());
                map.update(u32(1), u64(5));
                assertEquals(5L, asLong(again.lookup(u32(1)).orElseThrow()));
            }
        }
    }

    @Test
    void wrongSizedBuffersAreRefusedBeforeTheKernelSeesThem() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.HASH, 4, 8, 4).withName("sizes"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> map.lookup(new byte[2]));
            assertEquals("map 'sizes': key is 2 bytes, the map's keys are 4", e.getMessage());
            MemorySegment heap = MemorySegment.ofArray(new byte[8]);
            IllegalArgumentException h = assertThrows(IllegalArgumentException.class,
                    () -> map.update(heap, heap));
            assertTrue(h.getMessage().contains("native memory"), h.getMessage());
        }
    }

    @Test
    void anInvalidNameIsRefusedWithTheOffendingCharacter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MapHandle.create(MapSpec.of(MapType.HASH, 4, 8, 4).withName("my-map")));
        assertTrue(e.getMessage().contains("'-'"), e.getMessage());
    }

    static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static int asInt(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    static long asLong(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
