package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.maps.KernelPerCpuMap;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfArray;
import dev.ebpf4j.program.maps.BpfHashMap;
import dev.ebpf4j.program.maps.BpfPerCpuHashMap;
import dev.ebpf4j.program.maps.BpfLruHashMap;
import dev.ebpf4j.program.maps.BpfPerCpuArray;
import dev.ebpf4j.program.maps.InMemoryMaps;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A flow tracker that updates its per-flow record in place ({@code addOrInsert}, {@code add},
 * {@code or}; {@code xor} and {@code and} on an array; a per-CPU array): on the JVM, in the kernel
 * from the processor's object and from clang's object of the C rendering, the same frames leave
 * the same map contents; test runs from several threads at once (the kernel runs each on the
 * thread's CPU) lose no update; and the same tracker written with get and put, as programs had to
 * before, takes more instructions.
 */
@RequiresBpf
class FieldUpdatesKernelTest {
    private static final String PACKAGE_AND_IMPORTS = """
            package flows;

            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.maps.*;
            import dev.ebpf4j.program.net.*;

            """;
    private static final String RECORDS = """
                public record FlowKey(int source, int destination, int sourcePort, int destinationPort, int protocol) {}
                public record FlowStats(long packets, long bytes, long firstSeen, long lastSeen, int flags) {}

                @MapDef(maxEntries = 1024)
                static final BpfLruHashMap<FlowKey, FlowStats> flows = new BpfLruHashMap<>();
                @MapDef(maxEntries = 2)
                static final BpfArray<FlowStats> totals = new BpfArray<>();
                @MapDef(maxEntries = 1)
                static final BpfPerCpuArray<FlowStats> perCpu = new BpfPerCpuArray<>();
                @MapDef(maxEntries = 2)
                static final BpfHashMap<Integer, FlowStats> byPort = new BpfHashMap<>();
                @MapDef(maxEntries = 8)
                static final BpfPerCpuHashMap<Integer, FlowStats> perCpuByPort = new BpfPerCpuHashMap<>();
            """;
    private static final String PARSE = """
                    Ethernet eth = ctx.ethernet();
                    if (eth == null) return XdpAction.PASS;
                    Ipv4 ip = eth.ipv4();
                    if (ip == null) return XdpAction.PASS;
                    Tcp tcp = ip.tcp();
                    if (tcp == null) return XdpAction.PASS;
                    FlowKey key = new FlowKey(ip.source(), ip.destination(), tcp.sourcePort(), tcp.destinationPort(), 6);
                    long length = ctx.length();
            """;
    /** The per-flow state updated in place: one lookup an update. */
    static final String IN_PLACE = PACKAGE_AND_IMPORTS + """
            @BpfProgram(license = "GPL")
            public final class InPlace {
            """ + RECORDS + """

                @Xdp
                public static XdpAction track(XdpContext ctx) {
            """ + PARSE + """
                    if (!flows.addOrInsert(key, FlowStats::packets, 1, new FlowStats(0, 0, length, length, 0))) return XdpAction.DROP;
                    flows.add(key, FlowStats::bytes, length);
                    flows.or(key, FlowStats::flags, tcp.flags());
                    flows.set(key, FlowStats::lastSeen, length + tcp.sequenceNumber());
                    totals.add(0, FlowStats::packets, 1);
                    totals.add(0, FlowStats::bytes, length);
                    totals.xor(0, FlowStats::flags, tcp.flags());
                    totals.or(1, FlowStats::flags, 0xFF);
                    totals.and(1, FlowStats::flags, ~tcp.flags());
                    perCpu.add(0, FlowStats::packets, 1);
                    // two entries at most: a third port is refused, and so is its update
                    boolean counted = byPort.addOrInsert(tcp.destinationPort(), FlowStats::bytes, length, new FlowStats(1, 0, 0, 0, 0));
                    perCpuByPort.addOrInsert(tcp.destinationPort(), FlowStats::packets, counted ? 1 : 100, new FlowStats(0, 0, 0, 0, 0xFF));
                    perCpuByPort.and(tcp.destinationPort(), FlowStats::flags, tcp.flags());
                    return flows.add(new FlowKey(0, 0, 0, 0, 0), FlowStats::packets, 1) ? XdpAction.DROP : XdpAction.PASS;
                }
            }
            """;
    /** The same state, kept as programs had to keep it before: get, a new record, put. */
    static final String GET_AND_PUT = PACKAGE_AND_IMPORTS + """
            @BpfProgram(license = "GPL")
            public final class GetAndPut {
            """ + RECORDS + """

                @Xdp
                public static XdpAction track(XdpContext ctx) {
            """ + PARSE + """
                    FlowStats old = flows.get(key);
                    if (old == null) {
                        if (!flows.put(key, new FlowStats(1, length, length, length + tcp.sequenceNumber(), tcp.flags()))) {
                            return XdpAction.DROP;
                        }
                    } else {
                        flows.put(key, new FlowStats(old.packets() + 1, old.bytes() + length, old.firstSeen(),
                                length + tcp.sequenceNumber(), old.flags() | tcp.flags()));
                    }
                    FlowStats total = totals.get(0);
                    if (total != null) {
                        totals.put(0, new FlowStats(total.packets() + 1, total.bytes() + length, total.firstSeen(), total.lastSeen(),
                                total.flags() ^ tcp.flags()));
                    }
                    FlowStats mask = totals.get(1);
                    if (mask != null) {
                        totals.put(1, new FlowStats(mask.packets(), mask.bytes(), mask.firstSeen(), mask.lastSeen(),
                                (mask.flags() | 0xFF) & ~tcp.flags()));
                    }
                    FlowStats mine = perCpu.get(0);
                    if (mine != null) {
                        perCpu.put(0, new FlowStats(mine.packets() + 1, mine.bytes(), mine.firstSeen(), mine.lastSeen(), mine.flags()));
                    }
                    FlowStats port = byPort.get(tcp.destinationPort());
                    boolean counted = true;
                    if (port == null) {
                        counted = byPort.put(tcp.destinationPort(), new FlowStats(1, length, 0, 0, 0));
                    } else {
                        byPort.put(tcp.destinationPort(), new FlowStats(port.packets(), port.bytes() + length, 0, 0, port.flags()));
                    }
                    FlowStats portHere = perCpuByPort.get(tcp.destinationPort());
                    long add = counted ? 1 : 100;
                    if (portHere == null) {
                        perCpuByPort.put(tcp.destinationPort(), new FlowStats(add, 0, 0, 0, 0xFF & tcp.flags()));
                    } else {
                        perCpuByPort.put(tcp.destinationPort(), new FlowStats(portHere.packets() + add, portHere.bytes(), 0, 0,
                                portHere.flags() & tcp.flags()));
                    }
                    FlowStats none = flows.get(new FlowKey(0, 0, 0, 0, 0));
                    if (none != null) {
                        flows.put(new FlowKey(0, 0, 0, 0, 0), new FlowStats(none.packets() + 1, none.bytes(), none.firstSeen(),
                                none.lastSeen(), none.flags()));
                        return XdpAction.DROP;
                    }
                    return XdpAction.PASS;
                }
            }
            """;

    /** Nothing but the update: the program is short, so test runs on two CPUs overlap in it often. */
    static final String HITS = PACKAGE_AND_IMPORTS + """
            @BpfProgram(license = "GPL")
            public final class Hits {
                public record Hit(long count, int last) {}

                @MapDef(maxEntries = 1)
                static final BpfArray<Hit> hits = new BpfArray<>();

                @Xdp
                public static XdpAction hit(XdpContext ctx) {
                    hits.add(0, Hit::count, 1);
                    return XdpAction.PASS;
                }
            }
            """;

    private static InProcessCompiler.Output output;

    @BeforeAll
    static void compile() throws Exception {
        output = InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-field-updates"),
                Map.of("flows.InPlace", IN_PLACE, "flows.GetAndPut", GET_AND_PUT, "flows.Hits", HITS));
    }

    @Test
    void theProcessorsObjectLeavesTheJvmsMapContents() throws Exception {
        KernelAtomics.assumeBitwise();
        try (URLClassLoader loader = output.classLoader();
             LoadedObject loaded = Kernel.load(output.resource("flows/InPlace.bpf.o"))) {
            agree(loader, "flows.InPlace", loaded);
        }
    }

    @Test
    void clangsObjectOfTheCRenderingAgreesToo() throws Exception {
        KernelAtomics.assumeBitwise();
        assertTrue(new String(output.resource("flows/InPlace.bpf.c")).contains("__sync_fetch_and_or(&"), "C's atomic or");
        try (URLClassLoader loader = output.classLoader();
             LoadedObject loaded = Kernel.load(output.clangObject("flows/InPlace"))) {
            agree(loader, "flows.InPlace", loaded);
        }
    }

    @Test
    void theGetAndPutTrackerKeepsTheSameState() throws Exception {
        KernelAtomics.assumeBitwise();
        try (URLClassLoader loader = output.classLoader();
             LoadedObject loaded = Kernel.load(output.resource("flows/GetAndPut.bpf.o"))) {
            agree(loader, "flows.GetAndPut", loaded);
        }
    }

    private static void agree(ClassLoader loader, String programName, LoadedObject loaded) throws Exception {
        Class<?> program = loader.loadClass(programName);
        Class<?> keyType = loader.loadClass(programName + "$FlowKey");
        Class<?> statsType = loader.loadClass(programName + "$FlowStats");
        Method run = program.getMethod("track", XdpContext.class);
        InMemoryMaps.clear(program);
        BpfLruHashMap<Object, Object> flows = InProcessCompiler.staticField(program, "flows");
        BpfArray<Object> totals = InProcessCompiler.staticField(program, "totals");
        BpfPerCpuArray<Object> perCpu = InProcessCompiler.staticField(program, "perCpu");
        KernelMap<Object, Object> kernelFlows = InProcessCompiler.kernelMap(loaded, "flows", keyType, statsType);
        KernelMap<Object, Object> kernelTotals = InProcessCompiler.kernelMap(loaded, "totals", Integer.class, statsType);
        KernelPerCpuMap<Object, Object> kernelPerCpu = perCpuMap(loaded, "perCpu", statsType);
        Program track = loaded.program("track");
        Random random = new Random(13);
        for (int i = 0; i < 400; i++) {
            byte[] frame = i % 50 == 7 ? FrameBuilder.udp(53, 53).build()
                    : FrameBuilder.tcp(1000 + random.nextInt(6), 80 + random.nextInt(3)).flags(random.nextInt(256))
                    .addresses(0x0a000001 + random.nextInt(4), 0xc0a80001).payload(random.nextInt(40)).build();
            if (i == 300) {
                // from here on the catch-all flow exists: the plain add finds it and the verdict changes
                Object zero = keyType.getDeclaredConstructors()[0].newInstance(0, 0, 0, 0, 0);
                Object stats = statsType.getDeclaredConstructors()[0].newInstance(0L, 0L, 0L, 0L, 0);
                flows.put(zero, stats);
                kernelFlows.put(zero, stats);
            }
            XdpAction expected = (XdpAction) run.invoke(null, XdpContext.of(frame));
            assertEquals(expected.code(), track.testRun(frame, 1).retval(), "verdict of frame " + i);
        }
        assertEquals(flows.entries(), Map.copyOf(kernelFlows.entries()), "flows");
        assertTrue(flows.size() > 40, "many flows: " + flows.size());
        assertEquals(totals.get(0), kernelTotals.get(0), "totals[0]");
        assertEquals(totals.get(1), kernelTotals.get(1), "totals[1]");
        BpfHashMap<Object, Object> byPort = InProcessCompiler.staticField(program, "byPort");
        assertEquals(byPort.entries(), Map.copyOf(InProcessCompiler.kernelMap(loaded, "byPort", Integer.class, statsType).entries()), "byPort");
        assertEquals(2, byPort.size(), "a third port was refused");
        BpfPerCpuHashMap<Object, Object> perCpuByPort = InProcessCompiler.staticField(program, "perCpuByPort");
        KernelPerCpuMap<Object, Object> kernelPerCpuByPort = perCpuMap(loaded, "perCpuByPort", statsType);
        assertEquals(Set.copyOf(perCpuByPort.keys()), Set.copyOf(kernelPerCpuByPort.keys()), "perCpuByPort keys");
        for (Object port : perCpuByPort.keys()) {
            assertEquals(summed(statsType, perCpuByPort.perCpu(port)), summed(statsType, kernelPerCpuByPort.perCpu(port)),
                    "perCpuByPort " + port + ": packets over the CPUs");
        }
        long kernelPackets = 0;
        for (Object stats : kernelPerCpu.perCpu(0)) kernelPackets += (Long) statsType.getMethod("packets").invoke(stats);
        assertEquals(statsType.getMethod("packets").invoke(perCpu.get(0)), kernelPackets, "per-CPU packets, summed");
    }

    @Test
    void testRunsFromSeveralThreadsAtOnceLoseNoUpdate() throws Exception {
        KernelAtomics.assumeBitwise();
        for (String object : List.of("ours", "clang's")) {
            try (URLClassLoader loader = output.classLoader();
                 LoadedObject loaded = Kernel.load(object.equals("ours") ? output.resource("flows/InPlace.bpf.o")
                         : output.clangObject("flows/InPlace"))) {
                Class<?> keyType = loader.loadClass("flows.InPlace$FlowKey");
                Class<?> statsType = loader.loadClass("flows.InPlace$FlowStats");
                byte[] frame = FrameBuilder.tcp(4000, 443).flags(0x12).addresses(0x0a000001, 0x0a000002).payload(10).build();
                long runs = ConcurrentTestRuns.run(loaded.program("track"), frame, 5000);
                Object key = keyType.getDeclaredConstructors()[0].newInstance(0x0a000001, 0x0a000002, 4000, 443, 6);
                Object stats = InProcessCompiler.kernelMap(loaded, "flows", keyType, statsType).get(key);
                assertEquals(runs, statsType.getMethod("packets").invoke(stats), object + ": packets of the flow");
                assertEquals(runs * frame.length, statsType.getMethod("bytes").invoke(stats), object + ": bytes of the flow");
                assertEquals(0x12, statsType.getMethod("flags").invoke(stats), object + ": flags of the flow");
                Object total = InProcessCompiler.kernelMap(loaded, "totals", Integer.class, statsType).get(0);
                assertEquals(runs, statsType.getMethod("packets").invoke(total), object + ": packets of the totals");
                assertEquals(runs * frame.length, statsType.getMethod("bytes").invoke(total), object + ": bytes of the totals");
                assertEquals(runs % 2 == 0 ? 0 : 0x12, statsType.getMethod("flags").invoke(total), object + ": flags xor'd " + runs + " times");
            }
        }
    }

    @Test
    void aShortProgramsAddsFromSeveralThreadsAtOnceLoseNone() throws Exception {
        KernelAtomics.assumeBitwise();
        for (String object : List.of("ours", "clang's")) {
            try (URLClassLoader loader = output.classLoader();
                 LoadedObject loaded = Kernel.load(object.equals("ours") ? output.resource("flows/Hits.bpf.o")
                         : output.clangObject("flows/Hits"))) {
                Class<?> hitType = loader.loadClass("flows.Hits$Hit");
                long runs = ConcurrentTestRuns.run(loaded.program("hit"), FrameBuilder.udp(1, 2).build(), 200_000);
                Object hit = InProcessCompiler.kernelMap(loaded, "hits", Integer.class, hitType).get(0);
                assertEquals(runs, hitType.getMethod("count").invoke(hit), object + ": hits");
            }
        }
    }

    @Test
    void bpftoolLoadsTheObjectAndTheKernelReadsEachUpdateAsOneAtomicInstructionAtTheFieldsOffset() throws Exception {
        KernelAtomics.assumeBitwise();
        ExternalTool bpftool = ExternalTool.require("bpftool");
        Path object = Files.createTempFile("ebpf4j-in-place", ".bpf.o");
        try (PrivateBpffs bpffs = PrivateBpffs.mount()) {
            Files.write(object, output.resource("flows/InPlace.bpf.o"));
            Path pins = bpffs.dir().resolve("in-place");
            ExternalTool.Result load = bpftool.run("prog", "loadall", object.toString(), pins.toString());
            assertEquals(0, load.exitCode(), load.stderr());
            ExternalTool.Result dump = bpftool.run("prog", "dump", "xlated", "pinned", pins.resolve("track").toString());
            assertEquals(0, dump.exitCode(), dump.stderr());
            String xlated = dump.stdout();
            // FlowStats: packets at 0, bytes at 8, flags (an int) at 32
            for (String update : List.of("\\(u64 \\*\\)\\(r\\d \\+0\\) \\+= r\\d", "\\(u64 \\*\\)\\(r\\d \\+8\\) \\+= r\\d",
                    "\\(u32 \\*\\)\\(r\\d \\+32\\) \\|= r\\d", "\\(u32 \\*\\)\\(r\\d \\+32\\) \\^= r\\d",
                    "\\(u32 \\*\\)\\(r\\d \\+32\\) &= r\\d")) {
                assertTrue(java.util.regex.Pattern.compile("lock \\*" + update).matcher(xlated).find(), update + " in\n" + xlated);
            }
        } finally {
            Files.deleteIfExists(object);
        }
    }

    @Test
    void updatingInPlaceTakesFewerInstructionsThanGetAndPut() throws Exception {
        KernelAtomics.assumeBitwise();
        Map<String, int[]> sizes = new java.util.LinkedHashMap<>();
        for (String name : List.of("InPlace", "GetAndPut")) {
            for (String object : List.of("ours", "clang")) {
                try (LoadedObject loaded = Kernel.load(object.equals("ours") ? output.resource("flows/" + name + ".bpf.o")
                        : output.clangObject("flows/" + name))) {
                    var info = loaded.program("track").info();
                    sizes.put(name + " " + object, new int[] {info.xlatedLength() / 8, info.verifiedInstructions().orElse(-1)});
                }
            }
        }
        sizes.forEach((what, size) -> System.out.println("field updates: " + what + ": " + size[0] + " xlated, " + size[1] + " verified"));
        assertTrue(sizes.get("InPlace ours")[0] < sizes.get("GetAndPut ours")[0], "in place, ours, is smaller");
        assertTrue(sizes.get("InPlace clang")[0] < sizes.get("GetAndPut clang")[0], "in place, clang's, is smaller");
    }

    /**
     * The packets summed over one key's per-CPU values. Not the flags: a CPU's value of a key
     * another CPU inserted starts at zero, so and-ing differs with the CPUs the test runs land on.
     */
    private static long summed(Class<?> statsType, List<?> perCpu) throws ReflectiveOperationException {
        long packets = 0;
        for (Object stats : perCpu) packets += (Long) statsType.getMethod("packets").invoke(stats);
        return packets;
    }

    @SuppressWarnings("unchecked")
    private static KernelPerCpuMap<Object, Object> perCpuMap(LoadedObject loaded, String name, Class<?> value) {
        return KernelMaps.perCpu(loaded.map(name), (Class<Object>) (Class<?>) Integer.class, (Class<Object>) value);
    }
}
