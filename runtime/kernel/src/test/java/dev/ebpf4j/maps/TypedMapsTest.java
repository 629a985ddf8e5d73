package dev.ebpf4j.maps;

import dev.ebpf4j.maps.Structs.Mixed;
import dev.ebpf4j.maps.Structs.Wide;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.sys.PossibleCpus;
import dev.ebpf4j.testing.ChildJvm;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.TestClassPath;
import dev.ebpf4j.types.MapType;
import dev.ebpf4j.types.ProgramType;
import org.junit.jupiter.api.Test;

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

/**
 * The typed kernel maps beyond what {@code KernelMapsAgreeWithJvmProperties} holds against the JVM:
 * codecs of records, user-space extras, queues, stacks, program arrays, many threads, and no
 * allocation per call on the counter path.
 */
@RequiresBpf
class TypedMapsTest {
    record Key(int addr, short port, byte proto) {}

    @Test
    void hashOfRecordsRoundTrips() {
        Codec<Key> keys = Codec.of(Key.class);
        Codec<Mixed> values = Codec.of(Mixed.class);
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.HASH, keys.size(), values.size(), 8).withName("records"))) {
            KernelMap<Key, Mixed> view = KernelMaps.of(map, Key.class, Mixed.class);
            Key a = new Key(0x0a000001, (short) 80, (byte) 6);
            Key b = new Key(0x0a000002, (short) 443, (byte) 17);
            assertTrue(view.put(a, new Mixed((byte) 1, 100, new byte[] {1, 2, 3, 4, 5, 6})));
            assertTrue(view.putIfAbsent(b, new Mixed((byte) 2, 200, new byte[6])));
            assertFalse(view.putIfAbsent(b, new Mixed((byte) 9, 9, new byte[6])));
            assertTrue(view.replace(b, new Mixed((byte) 3, 300, new byte[6])));
            Mixed got = view.get(a);
            assertEquals(100, got.addr());
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, got.mac());
            assertEquals(300, view.get(b).addr());
            assertEquals(Set.of(a, b), Set.copyOf(view.keys()));
            assertEquals(Set.of(a, b), view.entries().keySet());
            // padding is zeroed, so the same logical key is the same bytes to the kernel
            assertArrayEquals(keys.encode(a), map.keys().stream().filter(k -> k[0] == 1).findFirst().orElseThrow());
            assertTrue(view.remove(a));
            assertFalse(view.containsKey(a));
            assertNull(view.get(a));
            assertFalse(view.replace(a, got));
        }
    }

    record Flow(long packets, long bytes, int flags) {}

    @Test
    void recordFieldUpdatesFromUserSpaceReadModifyWriteTheStoredValue() {
        Codec<Flow> values = Codec.of(Flow.class);
        try (MapHandle hash = MapHandle.create(MapSpec.of(MapType.HASH, 4, values.size(), 2).withName("flows"));
             MapHandle array = MapHandle.create(MapSpec.of(MapType.ARRAY, 4, values.size(), 2).withName("flowarray"))) {
            KernelMap<Integer, Flow> flows = KernelMaps.of(hash, Integer.class, Flow.class);
            assertFalse(flows.add(1, Flow::packets, 1), "absent");
            assertNull(flows.get(1));
            assertTrue(flows.addOrInsert(1, Flow::packets, 1, new Flow(0, 10, 0)));
            assertTrue(flows.addOrInsert(1, Flow::packets, 1, new Flow(100, 100, 100)));
            assertTrue(flows.add(1, Flow::bytes, 5));
            assertTrue(flows.or(1, Flow::flags, 0x6));
            assertTrue(flows.and(1, Flow::flags, 0x4));
            assertTrue(flows.xor(1, Flow::flags, 0x1));
            assertEquals(new Flow(2, 15, 0x5), flows.get(1));
            assertTrue(flows.addOrInsert(2, Flow::bytes, 1, new Flow(0, 0, 0)));
            assertFalse(flows.addOrInsert(3, Flow::bytes, 1, new Flow(0, 0, 0)), "the map is full");
            KernelMap<Integer, Flow> elements = KernelMaps.of(array, Integer.class, Flow.class);
            assertTrue(elements.add(1, Flow::packets, 3));
            assertFalse(elements.add(2, Flow::packets, 1), "outside the array");
            assertEquals(new Flow(3, 0, 0), elements.get(1));
            IllegalArgumentException lambda = assertThrows(IllegalArgumentException.class, () -> flows.add(1, f -> f.bytes(), 1));
            assertTrue(lambda.getMessage().contains("not a lambda"), lambda.getMessage());
        }
    }

    @Test
    void sizesAndTypesAreCheckedWhenTheMapIsMade() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.LRU_HASH, 4, 24, 8).withName("lru"))) {
            KernelMap<Integer, Wide> view = KernelMaps.of(map, Codec.u32(), Codec.of(Wide.class));
            assertTrue(view.put(5, new Wide((short) 1, 2, (byte) 3)));
            assertEquals(new Wide((short) 1, 2, (byte) 3), view.get(5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KernelMaps.of(map, Codec.u64(), Codec.of(Wide.class)));
            assertEquals("map 'lru': keys are 4 bytes in the kernel, Codec.u64 is 8 bytes: the object does not match"
                    + " the program's declaration", e.getMessage());
            IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> KernelMaps.queue(map, Long.class));
            assertEquals("KernelMaps.queue: map 'lru' is a LRU_HASH map; this view takes [QUEUE]", type.getMessage());
        }
    }

    @Test
    void perCpuMapsSumAndWriteEveryCpu() {
        int cpus = PossibleCpus.count();
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.PERCPU_ARRAY, 4, 4, 2).withName("pcpu"))) {
            KernelPerCpuMap<Integer, Integer> view = KernelMaps.perCpu(map, Integer.class, Integer.class);
            List<Integer> values = new ArrayList<>();
            for (int cpu = 0; cpu < cpus; cpu++) {
                values.add(cpu + 1);
            }
            assertTrue(view.putPerCpu(1, values));
            assertEquals(values, view.perCpu(1));
            assertEquals((long) cpus * (cpus + 1) / 2, view.sum(1));
            assertTrue(view.putPerCpu(0, Collections.nCopies(cpus, 3)));
            assertEquals(Collections.nCopies(cpus, 3), view.perCpu(0));
            assertThrows(IllegalArgumentException.class, () -> view.putPerCpu(0, List.of()));
        }
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.PERCPU_HASH, 4, 8, 8).withName("pcpuhash"))) {
            KernelPerCpuMap<Integer, Long> view = KernelMaps.perCpu(map, Integer.class, Long.class);
            assertTrue(view.putPerCpu(443, Collections.nCopies(cpus, 10L)));
            assertEquals(10L * cpus, view.sum(443));
            assertEquals(0, view.sum(80));
            assertEquals(List.of(), view.perCpu(80));
            assertTrue(view.putPerCpu(80, LongStream.range(0, cpus).boxed().toList()));
            assertEquals(LongStream.range(0, cpus).boxed().toList(), view.perCpu(80));
            assertEquals(Set.of(80, 443), Set.copyOf(view.keys()));
            assertEquals(Map.of(80, (long) cpus * (cpus - 1) / 2, 443, 10L * cpus), view.sums());
            assertTrue(view.remove(80));
            assertEquals(Set.of(443), Set.copyOf(view.keys()));
        }
    }

    @Test
    void queueIsFifoAndStackIsLifo() {
        try (MapHandle qmap = MapHandle.create(MapSpec.of(MapType.QUEUE, 0, 8, 3).withName("q"));
             MapHandle smap = MapHandle.create(MapSpec.of(MapType.STACK, 0, 8, 3).withName("s"))) {
            KernelQueue<Long> queue = KernelMaps.queue(qmap, Long.class);
            KernelStack<Long> stack = KernelMaps.stack(smap, Long.class);
            for (long v = 1; v <= 3; v++) {
                assertTrue(queue.offer(v));
                assertTrue(stack.push(v));
            }
            assertFalse(queue.offer(4L), "a full queue refuses, as a full map does");
            assertFalse(stack.push(4L));
            assertEquals(1L, queue.peek());
            assertEquals(3L, stack.peek());
            queue.offerOverwriting(4L);
            assertEquals(List.of(2L, 3L, 4L), List.of(queue.poll(), queue.poll(), queue.poll()));
            assertEquals(List.of(3L, 2L, 1L), List.of(stack.pop(), stack.pop(), stack.pop()));
            assertNull(queue.poll());
            assertNull(stack.pop());
            assertNull(stack.peek());
        }
    }

    @Test
    void ringBufferSizesAreChecked() {
        int size = 64 * 1024;
        try (MapHandle ring = MapHandle.create(MapSpec.ringBuffer("events", size))) {
            assertEquals(MapType.RINGBUF, ring.info().type());
            assertEquals(size, ring.info().maxEntries());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MapSpec.ringBuffer("odd", 3 * 4096));
        assertTrue(e.getMessage().startsWith("ring buffer 'odd': size 12288 must be a power of two"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MapSpec.ringBuffer("tiny", 1024));
    }

    @Test
    void programArrayHoldsAndReleasesPrograms() {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.PROG_ARRAY, 4, 4, 4).withName("jumps"));
             Program program = Program.load(ProgramType.XDP, concat(movImm(0, 2), exit()), "GPL", "tail")) {
            KernelProgramArray jumps = KernelMaps.programArray(map);
            assertEquals(4, jumps.size());
            assertEquals(OptionalInt.empty(), jumps.programId(2));
            jumps.set(2, program);
            assertEquals(OptionalInt.of(program.id()), jumps.programId(2));
            assertTrue(jumps.clear(2));
            assertFalse(jumps.clear(2));
            assertEquals(OptionalInt.empty(), jumps.programId(2));
            assertThrows(IndexOutOfBoundsException.class, () -> jumps.clear(4));
        }
    }

    @Test
    void typedMapsAreUsableFromManyThreads() throws Exception {
        try (MapHandle map = MapHandle.create(MapSpec.of(MapType.HASH, 4, 8, 64).withName("threads"))) {
            KernelMap<Integer, Long> counts = KernelMaps.of(map, Integer.class, Long.class);
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
            Map<Integer, Long> all = counts.entries();
            assertEquals(40, all.size());
            assertEquals(all.keySet().stream().collect(Collectors.toMap(k -> k, k -> k * 2L)), all);
        }
    }

    /**
     * A typed {@code get} and {@code put} small enough for C2 to inline into the caller's loop, so
     * the key's and value's boxes (past the JDK's box cache) are taken apart by escape analysis: the
     * typed path costs what the raw one does (docs/benchmarks.md, issue 14). A change that grows
     * either past C2's {@code InlineSmallCode} brings the boxes back to every call, and fails here.
     *
     * <p>In a JVM of its own ({@link TypedInliningChild}): the typed maps share their code, and with
     * it the type profiles C2 compiles from, so in this suite's JVM the maps of other types the
     * tests before used make the same loop allocate (docs/benchmarks.md says what that costs).
     */
    @Test
    void aTypedGetAndPutAllocateNothingInAFreshJvm() throws Exception {
        assumeC2();
        List<String> command = ChildJvm.command(List.of("-XX:TieredStopAtLevel=4"), TestClassPath.of(),
                TypedInliningChild.class.getName(), List.of());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), out);
        long least = Long.parseLong(out.lines().filter(l -> l.startsWith("least ")).findFirst()
                .orElseThrow(() -> new AssertionError("no figure from the child: " + out)).substring(6).strip());
        assertTrue(least < 20_000, least + " bytes allocated over 20000 typed puts and gets, even when warm");
    }

    /**
     * Counting and reading counters, the calls made in loops. (A {@code get} of a {@code Long} past
     * the JDK's box cache allocates its box, as {@link java.util.Map#get} does.)
     */
    @Test
    void theCounterPathAllocatesNothingPerCall() {
        assumeC2();
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (MapHandle array = MapHandle.create(MapSpec.of(MapType.PERCPU_ARRAY, 4, 8, 4).withName("hot"));
             MapHandle hash = MapHandle.create(MapSpec.of(MapType.HASH, 4, 8, 4).withName("hothash"))) {
            KernelPerCpuMap<Integer, Long> counters = KernelMaps.perCpu(array, Integer.class, Long.class);
            KernelMap<Integer, Long> byKey = KernelMaps.of(hash, Integer.class, Long.class);
            byKey.put(1, 1L);
            long sink = 0;
            long least = Long.MAX_VALUE;
            // early rounds warm up (thread-local scratch, class init, JIT); once warm a round must not allocate per call
            for (int round = 0; round < 10 && least >= 20_000; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 20_000; i++) {
                    counters.increment(i & 3, i);
                    byKey.increment(1, i);
                    sink += counters.sum(i & 3);
                }
                least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertTrue(least < 20_000, least + " bytes allocated over 20000 rounds of calls, even when warm");
            assertTrue(sink != 0);
        }
    }

    /**
     * What is left of a call's temporaries is removed by C2's escape analysis; the VM runner starts
     * its guests' JVMs with C1 only (-XX:TieredStopAtLevel=1), where the allocation checks cannot hold.
     */
    private static void assumeC2() {
        boolean c1Only = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:TieredStopAtLevel=") && !a.endsWith("=4"));
        if (c1Only) {
            System.out.println("skipping the allocation check: this JVM runs without C2 (-XX:TieredStopAtLevel)");
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(c1Only, "the allocation check needs C2; this JVM stops at C1");
    }
}
