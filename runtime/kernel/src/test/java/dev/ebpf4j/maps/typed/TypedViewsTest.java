package dev.ebpf4j.maps.typed;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.maps.typed.Structs.Mixed;
import dev.ebpf4j.maps.typed.Structs.Wide;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.sys.BpfAvailable;
import dev.ebpf4j.sys.BpfException;
import dev.ebpf4j.sys.PossibleCpus;
import dev.ebpf4j.types.MapType;
import dev.ebpf4j.types.ProgramType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static dev.ebpf4j.programs.Insns.concat;
import static dev.ebpf4j.programs.Insns.exit;
import static dev.ebpf4j.programs.Insns.movImm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("kernel")
class TypedViewsTest {
    record Key(int addr, short port, byte proto) {}

    @BeforeEach
    void bpf() {
        BpfAvailable.assumeBpf();
    }

    @Test
    void hashOfRecordsRoundTrips() {
        Codec<Key> keys = Codec.of(Key.class);
        Codec<Mixed> values = Codec.of(Mixed.class);
        try (BpfMap map = BpfMap.create(MapSpec.of(MapType.HASH, keys.size(), values.size(), 8).withName("records"))) {
            var view = HashMapView.of(map, keys, values);
            Key a = new Key(0x0a000001, (short) 80, (byte) 6);
            Key b = new Key(0x0a000002, (short) 443, (byte) 17);
            view.put(a, new Mixed((byte) 1, 100, new byte[] {1, 2, 3, 4, 5, 6}));
            assertTrue(view.putIfAbsent(b, new Mixed((byte) 2, 200, new byte[6])));
            assertFalse(view.putIfAbsent(b, new Mixed((byte) 9, 9, new byte[6])));
            assertTrue(view.replace(b, new Mixed((byte) 3, 300, new byte[6])));
            Mixed got = view.get(a);
            assertEquals(100, got.addr());
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, got.mac());
            assertEquals(300, view.find(b).orElseThrow().addr());
            assertEquals(Set.of(a, b), Set.copyOf(view.keys()));
            assertEquals(Set.of(a, b), view.toMap().keySet());
            // padding is zeroed, so the same logical key is the same bytes to the kernel
            assertArrayEquals(keys.encode(a), map.keys().stream().filter(k -> k[0] == 1).findFirst().orElseThrow());
            assertTrue(view.remove(a));
            assertFalse(view.containsKey(a));
            assertNull(view.get(a));
            assertFalse(view.replace(a, got));
        }
    }

    @Test
    void lruHashFitsAndSizesAreChecked() {
        try (BpfMap map = BpfMap.create(MapSpec.of(MapType.LRU_HASH, 4, 24, 8).withName("lru"))) {
            var view = HashMapView.of(map, Codec.u32(), Codec.of(Wide.class));
            view.put(5, new Wide((short) 1, 2, (byte) 3));
            assertEquals(new Wide((short) 1, 2, (byte) 3), view.get(5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HashMapView.of(map, Codec.u64(), Codec.of(Wide.class)));
            assertEquals("map 'lru': key codec Codec.u64 is 8 bytes, the map's keys are 4 bytes", e.getMessage());
            IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> ArrayMapView.of(map, Codec.u64()));
            assertEquals("ArrayMapView needs a map of type [ARRAY], map 'lru' is a LRU_HASH map", type.getMessage());
        }
    }

    @Test
    void arrayViewsReadWhatWasWritten() {
        try (BpfMap map = BpfMap.create(MapSpec.of(MapType.ARRAY, 4, 8, 4).withName("arr"))) {
            var view = ArrayMapView.of(map, Codec.u64());
            view.set(3, 77L);
            assertEquals(77L, view.get(3));
            assertEquals(0L, view.get(0));
            assertThrows(IndexOutOfBoundsException.class, () -> view.get(4));
            var longs = LongArrayView.of(map);
            longs.set(1, -5);
            assertEquals(-5, longs.get(1));
            assertEquals(77, longs.get(3));
        }
    }

    @Test
    void perCpuArraySumsCounters() {
        int cpus = PossibleCpus.count();
        try (BpfMap map = BpfMap.create(MapSpec.of(MapType.PERCPU_ARRAY, 4, 4, 2).withName("pcpu"))) {
            var view = PerCpuArrayView.of(map, Codec.u32());
            List<Integer> values = new ArrayList<>();
            for (int cpu = 0; cpu < cpus; cpu++) {
                values.add(cpu + 1);
            }
            view.set(1, values);
            assertEquals(values, view.get(1));
            assertEquals((long) cpus * (cpus + 1) / 2, view.sum(1));
            view.setAll(0, 3);
            assertEquals(Collections.nCopies(cpus, 3), view.get(0));
            assertThrows(IllegalArgumentException.class, () -> view.set(0, List.of()));
        }
        try (BpfMap map = BpfMap.create(MapSpec.of(MapType.PERCPU_ARRAY, 4, 8, 2).withName("pcpu64"))) {
            var longs = LongArrayView.of(map);
            var view = PerCpuArrayView.of(map, Codec.u64());
            view.set(0, LongStream.rangeClosed(1, cpus).boxed().toList());
            assertEquals((long) cpus * (cpus + 1) / 2, longs.get(0));
            assertEquals(cpus, longs.get(0, cpus - 1));
            longs.set(0, 42);
            assertEquals(42, longs.get(0));
            assertEquals(42, view.sum(0));
        }
    }

    @Test
    void perCpuHashSumsCounters() {
        int cpus = PossibleCpus.count();
        try (BpfMap map = BpfMap.create(MapSpec.of(MapType.PERCPU_HASH, 4, 8, 8).withName("pcpuhash"))) {
            var view = PerCpuHashView.of(map, Codec.u32(), Codec.u64());
            view.putAll(443, 10L);
            assertEquals(10L * cpus, view.sum(443));
            assertEquals(0, view.sum(80));
            assertNull(view.get(80));
            view.put(80, LongStream.range(0, cpus).boxed().toList());
            assertEquals(LongStream.range(0, cpus).boxed().toList(), view.get(80));
            assertEquals(Set.of(80, 443), Set.copyOf(view.keys()));
            var counters = IntLongHashView.of(map);
            assertEquals(10L * cpus, counters.getOrDefault(443, -1));
            counters.put(22, 7);
            assertEquals(7, counters.getOrDefault(22, -1));
            assertTrue(view.remove(22));
            assertEquals(-1, counters.getOrDefault(22, -1));
        }
    }

    @Test
    void intLongHashCountsWithoutBoxing() {
        try (BpfMap map = BpfMap.create(MapSpec.of(MapType.HASH, 4, 8, 8).withName("counts"))) {
            var counts = IntLongHashView.of(map);
            assertTrue(counts.putIfAbsent(1, 5));
            assertFalse(counts.putIfAbsent(1, 6));
            counts.put(2, Long.MAX_VALUE);
            assertEquals(5, counts.getOrDefault(1, 0));
            assertEquals(Long.MAX_VALUE, counts.getOrDefault(2, 0));
            assertTrue(counts.containsKey(2));
            assertTrue(counts.remove(2));
            assertFalse(counts.containsKey(2));
        }
    }

    @Test
    void lpmTrieFindsTheLongestPrefix() throws Exception {
        try (BpfMap map = BpfMap.create(LpmTrieView.ipv4Spec(4, 16).withName("routes4"))) {
            var routes = LpmTrieView.of(map, Codec.u32());
            routes.put(InetAddress.getByName("10.0.0.0"), 8, 8);
            routes.put(InetAddress.getByName("10.1.0.0"), 16, 16);
            assertEquals(16, routes.lookup(InetAddress.getByName("10.1.2.3")));
            assertEquals(8, routes.lookup(InetAddress.getByName("10.2.2.3")));
            assertNull(routes.lookup(InetAddress.getByName("11.1.2.3")));
            assertEquals(Set.of(new LpmTrieView.Prefix(InetAddress.getByName("10.0.0.0"), 8),
                    new LpmTrieView.Prefix(InetAddress.getByName("10.1.0.0"), 16)), Set.copyOf(routes.prefixes()));
            assertTrue(routes.remove(InetAddress.getByName("10.1.0.0"), 16));
            assertEquals(8, routes.lookup(InetAddress.getByName("10.1.2.3")));
            assertThrows(IllegalArgumentException.class, () -> routes.lookup(InetAddress.getByName("::1")));
        }
        try (BpfMap map = BpfMap.create(LpmTrieView.ipv6Spec(8, 16).withName("routes6"))) {
            var routes = LpmTrieView.of(map, Codec.u64());
            routes.put(InetAddress.getByName("2001:db8::"), 32, 32L);
            routes.put(InetAddress.getByName("2001:db8:1::"), 48, 48L);
            assertEquals(48L, routes.lookup(InetAddress.getByName("2001:db8:1::5")));
            assertEquals(32L, routes.lookup(InetAddress.getByName("2001:db8:2::5")));
            assertThrows(IllegalArgumentException.class, () -> routes.put(InetAddress.getByName("2001:db8::"), 129, 1L));
        }
    }

    @Test
    void queueIsFifoAndStackIsLifo() {
        try (BpfMap qmap = BpfMap.create(QueueView.spec(8, 3).withName("q"));
             BpfMap smap = BpfMap.create(StackView.spec(8, 3).withName("s"))) {
            var queue = QueueView.of(qmap, Codec.u64());
            var stack = StackView.of(smap, Codec.u64());
            for (long v = 1; v <= 3; v++) {
                queue.push(v);
                stack.push(v);
            }
            assertThrows(BpfException.class, () -> queue.push(4L));
            assertEquals(1L, queue.peek());
            assertEquals(3L, stack.peek());
            queue.pushOverwriting(4L);
            assertEquals(List.of(2L, 3L, 4L), List.of(queue.pop(), queue.pop(), queue.pop()));
            assertEquals(List.of(3L, 2L, 1L), List.of(stack.pop(), stack.pop(), stack.pop()));
            assertNull(queue.pop());
            assertNull(stack.pop());
            assertNull(stack.peek());
        }
    }

    @Test
    void ringBufferSizesAreChecked() {
        int size = 64 * 1024;
        try (BpfMap ring = BpfMap.create(RingBuffers.spec("events", size))) {
            assertEquals(MapType.RINGBUF, ring.info().type());
            assertEquals(size, ring.info().maxEntries());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RingBuffers.spec("odd", 3 * 4096));
        assertTrue(e.getMessage().startsWith("ring buffer 'odd': size 12288 must be a power of two"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RingBuffers.spec("tiny", 1024));
    }

    @Test
    void programArrayHoldsAndReleasesPrograms() {
        try (BpfMap map = BpfMap.create(ProgramArrayView.spec(4).withName("jumps"));
             Program program = Program.load(ProgramType.XDP, concat(movImm(0, 2), exit()), "GPL", "tail")) {
            var jumps = ProgramArrayView.of(map);
            assertEquals(OptionalInt.empty(), jumps.programId(2));
            jumps.set(2, program.fd());
            assertEquals(OptionalInt.of(program.id()), jumps.programId(2));
            assertTrue(jumps.clear(2));
            assertFalse(jumps.clear(2));
            assertEquals(OptionalInt.empty(), jumps.programId(2));
            assertThrows(IndexOutOfBoundsException.class, () -> jumps.clear(4));
        }
    }

    @Test
    void viewsAreUsableFromManyThreads() throws Exception {
        try (BpfMap map = BpfMap.create(MapSpec.of(MapType.HASH, 4, 8, 64).withName("threads"))) {
            var counts = IntLongHashView.of(map);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 10;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int k = base; k < base + 10; k++) {
                        counts.put(k, k * 2L);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            Map<Integer, Long> all = HashMapView.of(map, Codec.u32(), Codec.u64()).toMap();
            assertEquals(40, all.size());
            assertEquals(all.keySet().stream().collect(Collectors.toMap(k -> k, k -> k * 2L)), all);
        }
    }

    @Test
    void primitiveViewsAllocateNothingPerCall() {
        // What is left of a call's temporaries is removed by C2's escape analysis; the VM runner
        // starts its guests' JVMs with C1 only (-XX:TieredStopAtLevel=1), where this cannot hold.
        boolean c1Only = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:TieredStopAtLevel=") && !a.endsWith("=4"));
        if (c1Only) {
            System.out.println("skipping the allocation check: this JVM runs without C2 (-XX:TieredStopAtLevel)");
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(c1Only, "the allocation check needs C2; this JVM stops at C1");
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (BpfMap array = BpfMap.create(MapSpec.of(MapType.PERCPU_ARRAY, 4, 8, 4).withName("hot"));
             BpfMap hash = BpfMap.create(MapSpec.of(MapType.HASH, 4, 8, 4).withName("hothash"))) {
            var counters = LongArrayView.of(array);
            var byKey = IntLongHashView.of(hash);
            byKey.put(1, 1);
            long sink = 0;
            long least = Long.MAX_VALUE;
            // early rounds warm up (thread-local scratch, class init, JIT); once warm a round must not allocate per call
            for (int round = 0; round < 10 && least >= 20_000; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 20_000; i++) {
                    counters.set(i & 3, i);
                    sink += counters.get(i & 3) + byKey.getOrDefault(1, 0);
                }
                least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertTrue(least < 20_000, least + " bytes allocated over 20000 rounds of calls, even when warm");
            assertTrue(sink != 0);
        }
    }
}
