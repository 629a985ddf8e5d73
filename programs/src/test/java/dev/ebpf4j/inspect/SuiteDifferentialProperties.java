package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.inspect.CidrFirewall.Rule;
import dev.ebpf4j.inspect.ConnectionEvents.ConnectionEvent;
import dev.ebpf4j.inspect.FlowTracker.Flow;
import dev.ebpf4j.inspect.FlowTracker.FlowKey;
import dev.ebpf4j.inspect.SynGuard.Bucket;
import dev.ebpf4j.inspect.SynGuard.Source;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.maps.KernelLpmTrie;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.maps.KernelPerCpuMap;
import dev.ebpf4j.maps.KernelRingBuffer;
import dev.ebpf4j.program.TcAction;
import dev.ebpf4j.program.JvmEnvironment;
import dev.ebpf4j.program.TcContext;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfPerCpuArray;
import dev.ebpf4j.program.maps.InMemoryMaps;
import dev.ebpf4j.program.maps.LpmTrie;
import dev.ebpf4j.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The suite's programs three ways on the same random segments and initial maps, as
 * {@link ProgramsDifferentialProperties} runs the examples: (a) on the JVM, (b) the processor's
 * object in the kernel, (c) clang's object from the C rendering in the kernel. Verdicts, and the
 * maps and events afterwards, must agree; timestamps are left out (the JVM's clock is not the
 * kernel's), everything computed from them is not (the guard runs with rate 0, so its buckets do
 * not depend on the clock).
 */
@RequiresBpf
class SuiteDifferentialProperties {
    private static final int FRAMES = 40;
    private static final List<AutoCloseable> OPENED = new ArrayList<>();
    private static Map<Class<?>, LoadedObject[]> loaded;
    private static List<KernelRingBuffer<ConnectionEvent>> eventRings;

    @BeforeContainer
    static void load() throws Exception {
        Path dir = Files.createTempDirectory("ebpf4j-suite-differential");
        loaded = new LinkedHashMap<>();
        for (Class<?> program : List.of(TrafficCounters.class, SynGuard.class, CidrFirewall.class, FlowTracker.class, ConnectionEvents.class)) {
            LoadedObject ours = KernelPrograms.loadOurs(program);
            OPENED.add(ours);
            LoadedObject clangs = KernelPrograms.loadClangs(program, dir);
            OPENED.add(clangs);
            loaded.put(program, new LoadedObject[] {ours, clangs});
        }
        eventRings = new ArrayList<>();
        for (LoadedObject object : loaded.get(ConnectionEvents.class)) {
            KernelRingBuffer<ConnectionEvent> ring = object.ringBuffer("events", ConnectionEvent.class);
            OPENED.add(0, ring);
            eventRings.add(ring);
        }
    }

    @AfterContainer
    static void close() throws Exception {
        for (AutoCloseable each : OPENED) each.close();
        OPENED.clear();
    }

    private static String which(Class<?> program, int build, long seed) {
        return (build == 0 ? "our object" : "clang's object") + " of " + program.getSimpleName() + ", seed " + seed;
    }

    private static List<byte[]> segments(Random random) {
        RandomFrames generator = new RandomFrames(random);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) frames.add(random.nextInt(4) == 0 ? generator.any() : generator.segment());
        return frames;
    }

    /**
     * The frames a tc program can be test-run on: the kernel (6.18 here) refuses, with EINVAL, an
     * skb test run whose Ethernet type is IPv4 or IPv6 when the IP header does not fit in the data;
     * a real interface never hands tc such a packet either.
     */
    private static List<byte[]> tcSegments(Random random) {
        List<byte[]> frames = new ArrayList<>(segments(random));
        frames.removeIf(frame -> {
            int type = (frame[12] & 0xff) << 8 | frame[13] & 0xff;
            return type == 0x0800 && frame.length < 14 + 20 || type == 0x86DD && frame.length < 14 + 40;
        });
        return frames;
    }

    private static void zero(KernelPerCpuMap<Integer, Long> array, int entries) {
        List<Long> zeros = Collections.nCopies(array.possibleCpus(), 0L);
        for (int i = 0; i < entries; i++) array.putPerCpu(i, zeros);
    }

    private static <K, V> void empty(KernelMap<K, V> map) {
        map.keys().forEach(map::remove);
    }

    private static <K, V> void empty(KernelLpmTrie<K, V> trie) {
        for (LpmTrie.Prefix<K> prefix : List.copyOf(trie.entries().keySet())) trie.remove(prefix.network(), prefix.length());
    }

    private static void assertSums(BpfPerCpuArray<Long> jvm, KernelPerCpuMap<Integer, Long> kernel, int entries, String what) {
        for (int i = 0; i < entries; i++) assertEquals(jvm.sum(i), kernel.sum(i), what + "[" + i + "]");
    }

    @Property(tries = 30)
    void trafficCountersAgreeEverywhere(@ForAll long seed) {
        Random random = new Random(seed);
        List<byte[]> frames = tcSegments(random);
        List<Boolean> ingress = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) ingress.add(random.nextBoolean());

        InMemoryMaps.clear(TrafficCounters.class);
        JvmEnvironment.current().cpu(0);
        for (int i = 0; i < frames.size(); i++) {
            TcContext ctx = TcContext.of(frames.get(i));
            if (ingress.get(i)) TrafficCounters.ingress(ctx);
            else TrafficCounters.egress(ctx);
        }
        Map<Integer, Long> jvmPorts = new TreeMap<>();
        Map<Integer, Long> jvmPortBytes = new TreeMap<>();
        for (int port : TrafficCounters.portPackets.keys()) jvmPorts.put(port, TrafficCounters.portPackets.sum(port));
        for (int port : TrafficCounters.portBytes.keys()) jvmPortBytes.put(port, TrafficCounters.portBytes.sum(port));

        LoadedObject[] builds = loaded.get(TrafficCounters.class);
        for (int build = 0; build < builds.length; build++) {
            LoadedObject object = builds[build];
            String which = which(TrafficCounters.class, build, seed);
            KernelPerCpuMap<Integer, Long> totals = KernelMaps.perCpu(object.map("totals"), Integer.class, Long.class);
            KernelPerCpuMap<Integer, Long> flagPackets = KernelMaps.perCpu(object.map("flagPackets"), Integer.class, Long.class);
            KernelPerCpuMap<Integer, Long> flagBytes = KernelMaps.perCpu(object.map("flagBytes"), Integer.class, Long.class);
            KernelPerCpuMap<Integer, Long> portPackets = KernelMaps.perCpu(object.map("portPackets"), Integer.class, Long.class);
            KernelPerCpuMap<Integer, Long> portBytes = KernelMaps.perCpu(object.map("portBytes"), Integer.class, Long.class);
            zero(totals, 2 * TrafficCounters.TOTALS);
            zero(flagPackets, 2 * Segments.COMBINATIONS);
            zero(flagBytes, 2 * Segments.COMBINATIONS);
            portPackets.keys().forEach(portPackets::remove);
            portBytes.keys().forEach(portBytes::remove);
            for (int i = 0; i < frames.size(); i++) {
                String entry = ingress.get(i) ? "ingress" : "egress";
                assertEquals(TcAction.UNSPEC.code(), object.program(entry).testRun(frames.get(i), 1).retval(), which + ": TC_ACT_UNSPEC, the next program runs");
            }
            assertSums(TrafficCounters.totals, totals, 2 * TrafficCounters.TOTALS, which + ": totals");
            assertSums(TrafficCounters.flagPackets, flagPackets, 2 * Segments.COMBINATIONS, which + ": flagPackets");
            assertSums(TrafficCounters.flagBytes, flagBytes, 2 * Segments.COMBINATIONS, which + ": flagBytes");
            assertEquals(jvmPorts, new TreeMap<>(portPackets.sums()), which + ": portPackets");
            assertEquals(jvmPortBytes, new TreeMap<>(portBytes.sums()), which + ": portBytes");
        }
    }

    @Property(tries = 30)
    void synGuardAgreesEverywhere(@ForAll long seed) {
        Random random = new Random(seed);
        List<byte[]> frames = segments(random);
        long burst = 1 + random.nextInt(3);
        boolean allow4 = random.nextBoolean();
        boolean allow6 = random.nextBoolean();

        InMemoryMaps.clear(SynGuard.class);
        JvmEnvironment.current().cpu(0).clock(() -> 1_000_000_000L);
        configure(SynGuard.config, SynGuard.allow4, SynGuard.allow6, burst, allow4, allow6);
        List<Integer> jvmVerdicts = new ArrayList<>();
        for (byte[] frame : frames) jvmVerdicts.add(SynGuard.guard(XdpContext.of(frame)).code());
        JvmEnvironment.current().clock(System::nanoTime);
        Map<Source, Long> jvmCredit = new TreeMap<>(SOURCES);
        SynGuard.buckets.entries().forEach((source, bucket) -> jvmCredit.put(source, bucket.credit()));
        Map<Source, Long> jvmOverLimit = new TreeMap<>(SOURCES);
        jvmOverLimit.putAll(SynGuard.overLimit.entries());

        LoadedObject[] builds = loaded.get(SynGuard.class);
        for (int build = 0; build < builds.length; build++) {
            LoadedObject object = builds[build];
            String which = which(SynGuard.class, build, seed);
            KernelMap<Integer, Long> config = KernelMaps.of(object.map("config"), Integer.class, Long.class);
            KernelLpmTrie<Integer, Byte> trie4 = KernelMaps.lpmTrie(object.map("allow4"), Integer.class, Byte.class);
            KernelLpmTrie<Ipv6Address, Byte> trie6 = KernelMaps.lpmTrie(object.map("allow6"), Ipv6Address.class, Byte.class);
            KernelMap<Source, Bucket> buckets = KernelMaps.of(object.map("buckets"), Source.class, Bucket.class);
            KernelMap<Source, Long> overLimit = KernelMaps.of(object.map("overLimit"), Source.class, Long.class);
            KernelPerCpuMap<Integer, Long> counts = KernelMaps.perCpu(object.map("synCounts"), Integer.class, Long.class);
            empty(buckets);
            empty(overLimit);
            empty(trie4);
            empty(trie6);
            zero(counts, 3);
            configure(config, trie4, trie6, burst, allow4, allow6);
            List<Integer> verdicts = new ArrayList<>();
            for (byte[] frame : frames) verdicts.add(object.program("guard").testRun(frame, 1).retval());
            assertEquals(jvmVerdicts, verdicts, which + ": verdicts");
            assertSums(SynGuard.synCounts, counts, 3, which + ": synCounts");
            Map<Source, Long> credit = new TreeMap<>(SOURCES);
            buckets.entries().forEach((source, bucket) -> credit.put(source, bucket.credit()));
            assertEquals(jvmCredit, credit, which + ": buckets' credit");
            Map<Source, Long> over = new TreeMap<>(SOURCES);
            over.putAll(overLimit.entries());
            assertEquals(jvmOverLimit, over, which + ": overLimit");
        }
    }

    private static final java.util.Comparator<Source> SOURCES = java.util.Comparator.comparingLong(Source::high).thenComparingLong(Source::low);

    /** Rate 0 (buckets do not depend on the clock), the burst, and allowlists of 10.1/16 and fd00::/8 or none. */
    private static void configure(dev.ebpf4j.program.maps.EbpfMap<Integer, Long> config, LpmTrie<Integer, Byte> trie4,
                                  LpmTrie<Ipv6Address, Byte> trie6, long burst, boolean allow4, boolean allow6) {
        config.put(SynGuard.RATE, 0L);
        config.put(SynGuard.BURST, burst);
        if (allow4) trie4.put(0x0a010000, 16, (byte) 1);
        if (allow6) trie6.put(new Ipv6Address(0xfd00000000000000L, 0), 8, (byte) 1);
    }

    @Property(tries = 30)
    void cidrFirewallAgreesEverywhere(@ForAll long seed) {
        Random random = new Random(seed);
        List<byte[]> frames = segments(random);
        // rules on prefixes of the generator's hosts, random lists, lengths and ports
        record Rule4(boolean block, int network, int length, Rule rule) { }
        record Rule6(boolean block, Ipv6Address network, int length, Rule rule) { }
        List<Rule4> rules4 = new ArrayList<>();
        List<Rule6> rules6 = new ArrayList<>();
        int id = 0;
        int[] networks4 = {0x0a000000, 0x0a010200, 0xc0000200, 0x0a000001};
        int[] lengths4 = {8, 24, 24, 32};
        Ipv6Address[] networks6 = {new Ipv6Address(0x20010db800000000L, 0), new Ipv6Address(0x20010db800010002L, 0),
                new Ipv6Address(0xfd00000000000000L, 0), new Ipv6Address(0x20010db800000000L, 1)};
        int[] lengths6 = {32, 64, 8, 128};
        int[] ports = {CidrFirewall.ANY_PORT, CidrFirewall.ANY_PORT, 80, 443};
        for (int i = 0; i < networks4.length; i++) {
            for (boolean block : new boolean[] {true, false}) {
                if (random.nextBoolean()) rules4.add(new Rule4(block, networks4[i], lengths4[i], new Rule(++id, lengths4[i], ports[random.nextInt(4)])));
                if (random.nextBoolean()) rules6.add(new Rule6(block, networks6[i], lengths6[i], new Rule(++id, lengths6[i], ports[random.nextInt(4)])));
            }
        }

        InMemoryMaps.clear(CidrFirewall.class);
        JvmEnvironment.current().cpu(0);
        for (Rule4 r : rules4) (r.block() ? CidrFirewall.block4 : CidrFirewall.allow4).put(r.network(), r.length(), r.rule());
        for (Rule6 r : rules6) (r.block() ? CidrFirewall.block6 : CidrFirewall.allow6).put(r.network(), r.length(), r.rule());
        List<Integer> jvmVerdicts = new ArrayList<>();
        for (byte[] frame : frames) jvmVerdicts.add(CidrFirewall.filter(XdpContext.of(frame)).code());
        Map<Integer, Long> jvmHits = new TreeMap<>();
        for (int rule : CidrFirewall.ruleHits.keys()) jvmHits.put(rule, CidrFirewall.ruleHits.sum(rule));

        LoadedObject[] builds = loaded.get(CidrFirewall.class);
        for (int build = 0; build < builds.length; build++) {
            LoadedObject object = builds[build];
            String which = which(CidrFirewall.class, build, seed);
            KernelLpmTrie<Integer, Rule> block4 = KernelMaps.lpmTrie(object.map("block4"), Integer.class, Rule.class);
            KernelLpmTrie<Integer, Rule> allow4 = KernelMaps.lpmTrie(object.map("allow4"), Integer.class, Rule.class);
            KernelLpmTrie<Ipv6Address, Rule> block6 = KernelMaps.lpmTrie(object.map("block6"), Ipv6Address.class, Rule.class);
            KernelLpmTrie<Ipv6Address, Rule> allow6 = KernelMaps.lpmTrie(object.map("allow6"), Ipv6Address.class, Rule.class);
            KernelPerCpuMap<Integer, Long> hits = KernelMaps.perCpu(object.map("ruleHits"), Integer.class, Long.class);
            KernelPerCpuMap<Integer, Long> verdictCounts = KernelMaps.perCpu(object.map("verdicts"), Integer.class, Long.class);
            for (KernelLpmTrie<?, ?> trie : List.of(block4, allow4, block6, allow6)) empty(trie);
            hits.keys().forEach(hits::remove);
            zero(verdictCounts, 2);
            for (Rule4 r : rules4) (r.block() ? block4 : allow4).put(r.network(), r.length(), r.rule());
            for (Rule6 r : rules6) (r.block() ? block6 : allow6).put(r.network(), r.length(), r.rule());
            List<Integer> verdicts = new ArrayList<>();
            for (byte[] frame : frames) verdicts.add(object.program("filter").testRun(frame, 1).retval());
            assertEquals(jvmVerdicts, verdicts, which + ": verdicts");
            assertEquals(jvmHits, new TreeMap<>(hits.sums()), which + ": ruleHits");
            assertSums(CidrFirewall.verdicts, verdictCounts, 2, which + ": verdicts counted");
        }
    }

    /** A flow without its timestamps, which come from two different clocks. */
    private record Counted(long packetsAToB, long bytesAToB, long packetsBToA, long bytesBToA, int flagsAToB, int flagsBToA, int state) {
        static Counted of(Flow flow) {
            return new Counted(flow.packetsAToB(), flow.bytesAToB(), flow.packetsBToA(), flow.bytesBToA(), flow.flagsAToB(),
                    flow.flagsBToA(), flow.state());
        }
    }

    private static final java.util.Comparator<FlowKey> KEYS = java.util.Comparator.comparingLong(FlowKey::aHigh)
            .thenComparingLong(FlowKey::aLow).thenComparingLong(FlowKey::bHigh).thenComparingLong(FlowKey::bLow)
            .thenComparingInt(FlowKey::aPort).thenComparingInt(FlowKey::bPort);

    private static Map<FlowKey, Counted> counted(Map<FlowKey, Flow> flows) {
        Map<FlowKey, Counted> counted = new TreeMap<>(KEYS);
        flows.forEach((key, flow) -> counted.put(key, Counted.of(flow)));
        return counted;
    }

    @Property(tries = 30)
    void flowTrackerAgreesEverywhere(@ForAll long seed) {
        Random random = new Random(seed);
        List<byte[]> frames = tcSegments(random);
        List<Boolean> ingress = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) ingress.add(random.nextBoolean());

        InMemoryMaps.clear(FlowTracker.class);
        for (int i = 0; i < frames.size(); i++) {
            TcContext ctx = TcContext.of(frames.get(i));
            if (ingress.get(i)) FlowTracker.ingress(ctx);
            else FlowTracker.egress(ctx);
        }
        Map<FlowKey, Counted> jvmFlows = counted(FlowTracker.flows.entries());

        LoadedObject[] builds = loaded.get(FlowTracker.class);
        for (int build = 0; build < builds.length; build++) {
            LoadedObject object = builds[build];
            String which = which(FlowTracker.class, build, seed);
            KernelMap<FlowKey, Flow> flows = KernelMaps.of(object.map("flows"), FlowKey.class, Flow.class);
            empty(flows);
            for (int i = 0; i < frames.size(); i++) {
                assertEquals(TcAction.UNSPEC.code(), object.program(ingress.get(i) ? "ingress" : "egress").testRun(frames.get(i), 1).retval(), which);
            }
            assertEquals(jvmFlows, counted(flows.entries()), which + ": flows");
        }
    }

    /** An event without its clock readings. */
    private record Seen(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow, long bytesFromSource,
                        long bytesToSource, int sourcePort, int destinationPort, int kind, int state) {
        static Seen of(ConnectionEvent e) {
            return new Seen(e.sourceHigh(), e.sourceLow(), e.destinationHigh(), e.destinationLow(), e.bytesFromSource(),
                    e.bytesToSource(), e.sourcePort(), e.destinationPort(), e.kind(), e.state());
        }
    }

    @Property(tries = 30)
    void connectionEventsAgreeEverywhere(@ForAll long seed) {
        Random random = new Random(seed);
        List<byte[]> frames = tcSegments(random);
        List<Boolean> ingress = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) ingress.add(random.nextBoolean());

        InMemoryMaps.clear(ConnectionEvents.class);
        for (int i = 0; i < frames.size(); i++) {
            TcContext ctx = TcContext.of(frames.get(i));
            if (ingress.get(i)) ConnectionEvents.ingress(ctx);
            else ConnectionEvents.egress(ctx);
        }
        List<Seen> jvmEvents = ConnectionEvents.events.drain().stream().map(Seen::of).toList();
        Map<FlowKey, Counted> jvmFlows = counted(ConnectionEvents.flows.entries());

        LoadedObject[] builds = loaded.get(ConnectionEvents.class);
        for (int build = 0; build < builds.length; build++) {
            LoadedObject object = builds[build];
            String which = which(ConnectionEvents.class, build, seed);
            KernelMap<FlowKey, Flow> flows = KernelMaps.of(object.map("flows"), FlowKey.class, Flow.class);
            KernelPerCpuMap<Integer, Long> lost = KernelMaps.perCpu(object.map("lost"), Integer.class, Long.class);
            KernelRingBuffer<ConnectionEvent> ring = eventRings.get(build);
            empty(flows);
            zero(lost, 1);
            ring.consume(event -> { });
            for (int i = 0; i < frames.size(); i++) {
                assertEquals(TcAction.UNSPEC.code(), object.program(ingress.get(i) ? "ingress" : "egress").testRun(frames.get(i), 1).retval(), which);
            }
            List<Seen> events = new ArrayList<>();
            ring.consume(event -> events.add(Seen.of(event)));
            assertEquals(jvmEvents, events, which + ": events");
            assertEquals(jvmFlows, counted(flows.entries()), which + ": flows");
            assertEquals(ConnectionEvents.lost.sum(0), lost.sum(0), which + ": lost");
        }
    }
}
