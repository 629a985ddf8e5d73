package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.program.maps.InMemoryMaps;
import dev.ebpf4j.skeleton.ProgramResource;
import dev.ebpf4j.program.JvmEnvironment;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.maps.KernelPerCpuMap;
import dev.ebpf4j.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The example programs three ways on the same random frames and initial maps: (a) on the JVM,
 * (b) the processor's object in the kernel, (c) clang's object from the C rendering in the kernel.
 * Verdicts, and the maps afterwards, must agree. The flag counter runs with its load-time
 * constant {@code countPorts} both ways: each build is loaded with it on and off.
 */
@RequiresBpf
class ProgramsDifferentialProperties {
    private static final int FRAMES = 40;
    private static final List<LoadedObject> LOADED = new ArrayList<>();
    private static LoadedObject[] filters;
    private static LoadedObject[] counters;
    /** The counter builds loaded with {@code countPorts} off. */
    private static LoadedObject[] portlessCounters;
    private static Path dir;

    @BeforeContainer
    static void load() throws Exception {
        dir = Files.createTempDirectory("ebpf4j-differential");
        filters = new LoadedObject[] {KernelPrograms.loadOurs(PortFilter.class), KernelPrograms.loadClangs(PortFilter.class, dir)};
        counters = new LoadedObject[] {KernelPrograms.loadOurs(TcpFlagCounter.class), KernelPrograms.loadClangs(TcpFlagCounter.class, dir)};
        LOADED.addAll(List.of(filters));
        LoadOptions portless = LoadOptions.defaults().withGlobal("countPorts", new byte[] {0});
        portlessCounters = new LoadedObject[] {ProgramResource.load(TcpFlagCounter.class, portless),
                KernelPrograms.loadClangs(TcpFlagCounter.class, dir, portless)};
        LOADED.addAll(List.of(counters));
        LOADED.addAll(List.of(portlessCounters));
    }

    @AfterContainer
    static void close() {
        LOADED.forEach(LoadedObject::close);
    }

    /**
     * {@code PortFilter.verdict}, called on the IPv4 and on the IPv6 path, is compiled as a real
     * function in both builds (by the processor's choice; {@code static __noinline} in the C), so
     * {@link #portFilterAgreesEverywhere} compares bpf-to-bpf calls as well.
     */
    @Example
    void portFilterCallsItsVerdictAsARealFunctionInBothBuilds() throws Exception {
        byte[] ours;
        try (var in = PortFilter.class.getResourceAsStream("PortFilter.bpf.o")) {
            ours = in.readAllBytes();
        }
        var builds = List.of(dev.ebpf4j.object.ObjectReader.read(ours), dev.ebpf4j.object.ObjectReader.read(dir.resolve("PortFilter.clang.o")));
        for (dev.ebpf4j.object.BpfObject object : builds) {
            var verdict = object.programs().stream().filter(p -> p.name().equals("verdict")).findFirst();
            org.junit.jupiter.api.Assertions.assertTrue(verdict.isPresent() && !verdict.get().isEntry(),
                    "verdict is a subprogram: " + object.programs().stream().map(p -> p.name()).toList());
            var filter = object.programs().stream().filter(p -> p.name().equals("filter")).findFirst().orElseThrow();
            long calls = filter.code().references().stream()
                    .filter(r -> r.kind() == dev.ebpf4j.asm.Reference.Kind.FUNCTION && r.symbol().equals("verdict")).count();
            // ours calls it on each path; clang merges the two tail calls into one
            if (object == builds.getFirst()) org.junit.jupiter.api.Assertions.assertEquals(2, calls, "our filter calls verdict twice");
            else org.junit.jupiter.api.Assertions.assertEquals(1, calls, "clang's filter calls verdict once");
        }
    }

    @Property(tries = 60)
    void portFilterAgreesEverywhere(@ForAll long seed) {
        Random random = new Random(seed);
        RandomFrames generator = new RandomFrames(random);
        List<Integer> blocked = new ArrayList<>();
        for (int port : RandomFrames.PORTS) if (random.nextBoolean()) blocked.add(port);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) frames.add(generator.any());

        PortFilter.blockedPorts.clear();
        PortFilter.droppedByPort.clear();
        for (int port : blocked) PortFilter.blockedPorts.put(port, (byte) 1);
        List<Integer> jvmVerdicts = new ArrayList<>();
        for (byte[] frame : frames) jvmVerdicts.add(PortFilter.filter(XdpContext.of(frame)).code());
        Map<Integer, Long> jvmDropped = new LinkedHashMap<>(PortFilter.droppedByPort.entries());

        for (LoadedObject object : filters) {
            KernelMap<Integer, Byte> blockedMap = KernelMaps.of(object.map("blockedPorts"), Integer.class, Byte.class);
            KernelMap<Integer, Long> droppedMap = KernelMaps.of(object.map("droppedByPort"), Integer.class, Long.class);
            blockedMap.keys().forEach(blockedMap::remove);
            droppedMap.keys().forEach(droppedMap::remove);
            for (int port : blocked) blockedMap.put(port, (byte) 1);
            List<Integer> verdicts = new ArrayList<>();
            for (byte[] frame : frames) verdicts.add(object.program("filter").testRun(frame, 1).retval());
            String which = (object == filters[0] ? "our object" : "clang's object") + ", seed " + seed;
            assertEquals(jvmVerdicts, verdicts, which + ": verdicts");
            assertEquals(jvmDropped, droppedMap.entries(), which + ": droppedByPort");
        }
    }

    @Property(tries = 40)
    void flagCounterAgreesEverywhere(@ForAll long seed) {
        Random random = new Random(seed);
        RandomFrames generator = new RandomFrames(random);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) frames.add(generator.any());
        boolean countPorts = random.nextBoolean();

        InMemoryMaps.clear(TcpFlagCounter.class);
        TcpFlagCounter.countPorts = countPorts;
        JvmEnvironment.current().cpu(0);
        for (byte[] frame : frames) TcpFlagCounter.count(XdpContext.of(frame));
        TcpFlagCounter.countPorts = true;   // its default again, for the tests after this one

        for (LoadedObject object : countPorts ? counters : portlessCounters) {
            KernelPerCpuMap<Integer, Long> flags = KernelMaps.perCpu(object.map("flagCounts"), Integer.class, Long.class);
            KernelPerCpuMap<Integer, Long> ports = KernelMaps.perCpu(object.map("portCounts"), Integer.class, Long.class);
            List<Long> zeros = Collections.nCopies(flags.possibleCpus(), 0L);
            for (int i = 0; i < TcpFlagCounter.COMBINATIONS; i++) flags.putPerCpu(i, zeros);
            ports.keys().forEach(ports::remove);
            for (byte[] frame : frames) assertEquals(2, object.program("count").testRun(frame, 1).retval());
            String which = (object == counters[0] ? "our object" : "clang's object") + ", seed " + seed;
            for (int i = 0; i < TcpFlagCounter.COMBINATIONS; i++) {
                assertEquals(TcpFlagCounter.flagCounts.sum(i), flags.sum(i), which + ": flagCounts[" + i + "]");
            }
            Map<Integer, Long> jvmPorts = new LinkedHashMap<>();
            for (int port : TcpFlagCounter.portCounts.keys()) jvmPorts.put(port, TcpFlagCounter.portCounts.sum(port));
            assertEquals(jvmPorts, ports.sums(), which + ": portCounts");
        }
    }
}
