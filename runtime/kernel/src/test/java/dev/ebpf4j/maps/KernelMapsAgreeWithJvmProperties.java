package dev.ebpf4j.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.program.JvmEnvironment;
import dev.ebpf4j.program.maps.BpfArray;
import dev.ebpf4j.program.maps.BpfHashMap;
import dev.ebpf4j.program.maps.BpfPerCpuArray;
import dev.ebpf4j.program.maps.BpfPerCpuHashMap;
import dev.ebpf4j.program.maps.EbpfMap;
import dev.ebpf4j.program.maps.MapDef;
import dev.ebpf4j.program.maps.PerCpuEbpfMap;
import dev.ebpf4j.sys.PossibleCpus;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.types.MapType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The kernel-backed maps against the JVM's in-memory maps of {@code annotations}: the same random
 * sequence of operations (full maps, indexes outside arrays, wrapping increments, switching the
 * calling CPU, values a counter cannot hold) gives the same result at every step and the same
 * contents at the end.
 */
@RequiresBpf
class KernelMapsAgreeWithJvmProperties {
    record Flow(int address, short port, byte protocol) {}

    record Stats(long packets, int flags, boolean seen) {}

    @MapDef(maxEntries = 8)
    static final BpfHashMap<Integer, Long> HASH = new BpfHashMap<>();
    @MapDef(maxEntries = 6)
    static final BpfArray<Integer> ARRAY = new BpfArray<>();
    @MapDef(maxEntries = 5)
    static final BpfHashMap<Flow, Stats> RECORDS = new BpfHashMap<>();
    @MapDef(maxEntries = 4)
    static final BpfHashMap<Character, Byte> CHARS = new BpfHashMap<>();
    @MapDef(maxEntries = 3)
    static final BpfArray<Boolean> FLAGS = new BpfArray<>();
    @MapDef(maxEntries = 6)
    static final BpfPerCpuHashMap<Short, Integer> PERCPU_HASH = new BpfPerCpuHashMap<>();
    @MapDef(maxEntries = 4)
    static final BpfPerCpuArray<Long> PERCPU_ARRAY = new BpfPerCpuArray<>();

    private static final int CPUS = PossibleCpus.count();

    enum Kind { GET, CONTAINS, PUT, PUT_IF_ABSENT, REMOVE, INCREMENT, INCREMENT_ONE, PER_CPU, SUM, ON_CPU }

    record Op(Kind kind, Object key, Object value, long delta, int cpu) {
        @Override
        public String toString() {
            return switch (kind) {
                case PUT, PUT_IF_ABSENT -> kind + "(" + key + ", " + value + ")";
                case INCREMENT -> kind + "(" + key + ", " + delta + ")";
                case ON_CPU -> kind + "(" + cpu + ")";
                default -> kind + "(" + key + ")";
            };
        }
    }

    /** What an operation gave: its value, or the class of what it threw. */
    record Outcome(Object value, Class<?> thrown) {}

    @Property(tries = 300)
    void hashMapsAgree(@ForAll("hashOps") List<Op> ops) {
        runShared(HASH, map(MapType.HASH, 4, 8, 8), Integer.class, Long.class, HASH::entries, ops);
    }

    @Provide
    Arbitrary<List<Op>> hashOps() {
        return ops(Arbitraries.integers().between(-2, 12), Arbitraries.longs(), false);
    }

    @Property(tries = 300)
    void arraysAgree(@ForAll("arrayOps") List<Op> ops) {
        runShared(ARRAY, map(MapType.ARRAY, 4, 4, 6), Integer.class, Integer.class, () -> arrayContents(ARRAY, 6), ops);
    }

    @Provide
    Arbitrary<List<Op>> arrayOps() {
        return ops(Arbitraries.integers().between(-2, 8), Arbitraries.integers(), false);
    }

    @Property(tries = 200)
    void recordKeyedMapsAgree(@ForAll("recordOps") List<Op> ops) {
        runShared(RECORDS, map(MapType.HASH, 8, 16, 5), Flow.class, Stats.class, RECORDS::entries, ops);
    }

    @Provide
    Arbitrary<List<Op>> recordOps() {
        Arbitrary<Flow> flows = Combinators.combine(Arbitraries.of(0x0a000001, -1, 7),
                Arbitraries.of((short) 80, (short) -443), Arbitraries.of((byte) 6, (byte) 17)).as(Flow::new);
        Arbitrary<Stats> stats = Combinators.combine(Arbitraries.longs(), Arbitraries.integers(), Arbitraries.of(true, false))
                .as(Stats::new);
        return ops(flows, stats, false);
    }

    @Property(tries = 200)
    void charAndByteMapsAgree(@ForAll("charOps") List<Op> ops) {
        runShared(CHARS, map(MapType.HASH, 2, 1, 4), Character.class, Byte.class, CHARS::entries, ops);
    }

    @Provide
    Arbitrary<List<Op>> charOps() {
        return ops(Arbitraries.of('a', 'b', 'c', 'd', 'e', '\uffff'), Arbitraries.bytes(), false);
    }

    @Property(tries = 200)
    void booleanArraysAgree(@ForAll("flagOps") List<Op> ops) {
        runShared(FLAGS, map(MapType.ARRAY, 4, 1, 3), Integer.class, Boolean.class, () -> arrayContents(FLAGS, 3), ops);
    }

    @Provide
    Arbitrary<List<Op>> flagOps() {
        return ops(Arbitraries.integers().between(-1, 4), Arbitraries.of(true, false), false);
    }

    @Property(tries = 300)
    void perCpuHashMapsAgree(@ForAll("perCpuHashOps") List<Op> ops) {
        runPerCpu(PERCPU_HASH, map(MapType.PERCPU_HASH, 2, 4, 6), Short.class, Integer.class, 0,
                PERCPU_HASH::keys, ops);
    }

    @Provide
    Arbitrary<List<Op>> perCpuHashOps() {
        return ops(Arbitraries.shorts().between((short) -1, (short) 9), Arbitraries.integers(), true);
    }

    @Property(tries = 300)
    void perCpuArraysAgree(@ForAll("perCpuArrayOps") List<Op> ops) {
        runPerCpu(PERCPU_ARRAY, map(MapType.PERCPU_ARRAY, 4, 8, 4), Integer.class, Long.class, 0L,
                () -> List.of(0, 1, 2, 3), ops);
    }

    @Provide
    Arbitrary<List<Op>> perCpuArrayOps() {
        return ops(Arbitraries.integers().between(-1, 5), Arbitraries.longs(), true);
    }

    // ---- the harness

    private static MapHandle map(MapType type, int keySize, int valueSize, int maxEntries) {
        return MapHandle.create(MapSpec.of(type, keySize, valueSize, maxEntries).withName("skel_prop"));
    }

    private static Arbitrary<List<Op>> ops(Arbitrary<?> keys, Arbitrary<?> values, boolean perCpu) {
        List<Kind> kinds = new ArrayList<>(List.of(Kind.values()));
        if (!perCpu) kinds.removeAll(List.of(Kind.PER_CPU, Kind.SUM, Kind.ON_CPU));
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(kinds), keys, values,
                        Arbitraries.longs().between(-3, 3).injectNull(0).map(d -> d == null ? Long.MAX_VALUE : d),
                        Arbitraries.integers().between(0, CPUS - 1))
                .as(Op::new);
        return op.list().ofMaxSize(40);
    }

    private static <V> Map<Object, Object> arrayContents(EbpfMap<Integer, V> array, int size) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) out.put(i, array.get(i));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <K, V> void runShared(EbpfMap<K, V> jvm, MapHandle bpfMap, Class<K> keyType, Class<V> valueType,
                                         Supplier<Map<?, ?>> jvmContents, List<Op> ops) {
        clear(jvm);
        try (bpfMap) {
            KernelMap<K, V> kernel = KernelMaps.of(bpfMap, keyType, valueType);
            replay((EbpfMap<Object, Object>) jvm, (EbpfMap<Object, Object>) kernel, null, ops);
            assertEquals(Map.copyOf(jvmContents.get()), Map.copyOf(kernel.entries()), "contents after " + ops);
        }
    }

    @SuppressWarnings("unchecked")
    private static <K, V> void runPerCpu(PerCpuEbpfMap<K, V> jvm, MapHandle bpfMap, Class<K> keyType, Class<V> valueType,
                                         V zero, Supplier<List<K>> jvmKeys, List<Op> ops) {
        clear(jvm);
        try (bpfMap) {
            KernelPerCpuMap<K, V> kernel = KernelMaps.perCpu(bpfMap, keyType, valueType);
            replay((EbpfMap<Object, Object>) jvm, (EbpfMap<Object, Object>) kernel, zero, ops);
            assertEquals(List.copyOf(jvmKeys.get()).stream().sorted().toList(), kernel.keys().stream().sorted().toList(),
                    "keys after " + ops);
            for (K key : kernel.keys()) {
                assertEquals(firstCpus(jvm.perCpu(key), zero), kernel.perCpu(key), "values of " + key + " after " + ops);
                assertEquals(jvm.sum(key), kernel.sum(key));
                assertEquals(jvm.sum(key), kernel.sums().get(key));
            }
        } finally {
            JvmEnvironment.current().cpu(0);
        }
    }

    private static void clear(EbpfMap<?, ?> jvm) {
        switch (jvm) {
            case BpfHashMap<?, ?> m -> m.clear();
            case BpfArray<?> m -> m.clear();
            case BpfPerCpuHashMap<?, ?> m -> m.clear();
            case BpfPerCpuArray<?> m -> m.clear();
            default -> throw new AssertionError(jvm);
        }
    }

    private static void replay(EbpfMap<Object, Object> jvm, EbpfMap<Object, Object> kernel, Object zero, List<Op> ops) {
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            Outcome expected = apply(jvm, op);
            if (expected.value() instanceof List<?> perCpu) expected = new Outcome(firstCpus(perCpu, zero), null);
            Outcome actual = apply(kernel, op);
            int step = i;
            assertEquals(expected, actual, () -> "step " + step + ", " + op + ", of " + ops);
        }
    }

    /** The JVM keeps 64 slots per key; the kernel as many as there are possible CPUs. The rest must be untouched. */
    private static <V> List<V> firstCpus(List<V> jvmPerCpu, Object zero) {
        if (jvmPerCpu.isEmpty()) return jvmPerCpu;
        for (V value : jvmPerCpu.subList(CPUS, jvmPerCpu.size())) {
            assertTrue(Objects.equals(zero, value), "a CPU beyond the possible ones holds " + value);
        }
        return List.copyOf(jvmPerCpu.subList(0, CPUS));
    }

    @SuppressWarnings("unchecked")
    private static Outcome apply(EbpfMap<Object, Object> map, Op op) {
        try {
            Object value = switch (op.kind()) {
                case GET -> map.get(op.key());
                case CONTAINS -> map.containsKey(op.key());
                case PUT -> map.put(op.key(), op.value());
                case PUT_IF_ABSENT -> map.putIfAbsent(op.key(), op.value());
                case REMOVE -> map.remove(op.key());
                case INCREMENT -> {
                    map.increment(op.key(), op.delta());
                    yield null;
                }
                case INCREMENT_ONE -> {
                    map.increment(op.key());
                    yield null;
                }
                case PER_CPU -> ((PerCpuEbpfMap<Object, Object>) map).perCpu(op.key());
                case SUM -> ((PerCpuEbpfMap<Object, Object>) map).sum(op.key());
                case ON_CPU -> {
                    JvmEnvironment.current().cpu(op.cpu());
                    yield null;
                }
            };
            return new Outcome(value, null);
        } catch (RuntimeException e) {
            return new Outcome(null, e.getClass());
        }
    }
}
