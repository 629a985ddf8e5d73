package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfArray;
import dev.ebpf4j.program.maps.BpfHashMap;
import dev.ebpf4j.program.maps.InMemoryMaps;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real bpf-to-bpf calls compiled from Java: a flow-key builder called from four places (a function
 * by the processor's own choice), a header parser taking the context, a void map updater and a
 * verdict-returning decision (functions because they say {@code @NoInline}). The JVM, the
 * processor's object and clang's object of the C rendering agree on every verdict and every map
 * entry; the same program with every helper {@code @Inline} agrees too and is larger; bpftool
 * loads the object and shows the functions as subprograms of the loaded program; the object's
 * symbols, BTF linkage and call relocations are as clang writes them. A tc program's function
 * takes the context and reads a TCP option.
 */
@Tag("kernel")
class CallsKernelTest {
    static final String HELPERS = """
            /** Folds a flow's addresses and ports, either direction alike, to one of 64 slots. */
            %1$s
            static long flowKey(int source, int destination, int sourcePort, int destinationPort) {
                int a = source < destination ? source : destination;
                int b = source < destination ? destination : source;
                int low = sourcePort < destinationPort ? sourcePort : destinationPort;
                int high = sourcePort < destinationPort ? destinationPort : sourcePort;
                long h = (a * 0x9E3779B1L) ^ ((long) b << 17) ^ (b >>> 3);
                h ^= ((long) low << 32) | high;
                h = h * 31 + (h >>> 29);
                return h & 0x3f;
            }

            %2$s
            static int protocolOf(XdpContext ctx) {
                Ethernet eth = ctx.ethernet();
                if (eth == null) return -1;
                Ipv4 ip = eth.ipv4();
                if (ip == null) return -1;
                return ip.protocol();
            }

            %2$s
            static void count(long key, int bytes) {
                Long seen = packets.get(key);
                packets.put(key, seen == null ? 1L : seen + 1);
                Long total = totals.get(bytes > 100 ? 1 : 0);
                totals.put(bytes > 100 ? 1 : 0, (total == null ? 0L : total) + bytes);
            }

            %2$s
            static XdpAction decide(XdpContext ctx, long key, int protocol) {
                if (key == 7 && protocol == 17) return XdpAction.DROP;
                if (flowKey(protocol, ctx.length(), 1, 2) == key) return XdpAction.TX;   // a call from one function to another
                if (ctx.length() > 200 && (key & 1) == 1) return XdpAction.DROP;
                return XdpAction.PASS;
            }
            """;
    static final String ENTRY = """
            @MapDef(maxEntries = 64)
            static final BpfHashMap<Long, Long> packets = new BpfHashMap<>();
            @MapDef(maxEntries = 2)
            static final BpfArray<Long> totals = new BpfArray<>();

            @Xdp
            public static XdpAction flows(XdpContext ctx) {
                int protocol = protocolOf(ctx);
                if (protocol < 0) return XdpAction.PASS;
                Ethernet eth = ctx.ethernet();
                if (eth == null) return XdpAction.PASS;
                Ipv4 ip = eth.ipv4();
                if (ip == null) return XdpAction.PASS;
                Tcp tcp = ip.tcp();
                if (tcp != null) {
                    long forward = flowKey(ip.source(), ip.destination(), tcp.sourcePort(), tcp.destinationPort());
                    count(forward, ctx.length());
                    if (tcp.syn()) count(flowKey(ip.destination(), ip.source(), tcp.destinationPort() + 1, tcp.sourcePort()), 0);
                    return decide(ctx, forward, protocol);
                }
                Udp udp = ip.udp();
                if (udp != null) {
                    long key = flowKey(ip.source(), ip.destination(), udp.sourcePort(), udp.destinationPort());
                    count(key, ctx.length());
                    if (udp.destinationPort() == 53) count(flowKey(0, 0, 53, udp.sourcePort()), 1);
                    return decide(ctx, key, protocol);
                }
                return XdpAction.PASS;
            }
            """;
    /** A tc program whose function takes the context and reads a TCP option (through the options walk's own global function). */
    static final String TC = ProgramSources.program("calls.Mss", """
            @MapDef(maxEntries = 2)
            static final BpfArray<Long> seen = new BpfArray<>();

            @NoInline
            static int mssOf(TcContext ctx) {
                Ethernet eth = ctx.ethernet();
                if (eth == null) return -1;
                Ipv4 ip = eth.ipv4();
                if (ip == null) return -2;
                Tcp tcp = ip.tcp();
                if (tcp == null) return -3;
                return tcp.mss();
            }

            @Tc(Tc.Direction.INGRESS)
            public static TcAction mss(TcContext ctx) {
                int first = mssOf(ctx);
                seen.put(0, (long) first);
                if (first < 0) return TcAction.OK;
                seen.put(1, (long) mssOf(ctx) + ctx.length());
                return first > 1400 ? TcAction.SHOT : TcAction.OK;
            }
            """);
    /** The program with its functions: {@code flowKey} by the processor's choice, the others by annotation. */
    static final String CALLS = ProgramSources.program("calls.Flows", HELPERS.formatted("", "@NoInline") + "\n" + ENTRY);
    /** The same program with every helper inlined. */
    static final String INLINED = ProgramSources.program("calls.FlowsInlined", HELPERS.formatted("@Inline", "@Inline") + "\n" + ENTRY);

    private static InProcessCompiler.Output output;

    @BeforeAll
    static void compile() throws Exception {
        output = InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-calls"),
                Map.of("calls.Flows", CALLS, "calls.FlowsInlined", INLINED, "calls.Mss", TC));
    }

    static List<byte[]> frames() {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            frames.add(FrameBuilder.tcp(1000 + i % 9, 80 + i % 5).flags(i % 3 == 0 ? 0x02 : 0x10).payload(i * 3 % 250).build());
            if (i % 4 == 0) frames.add(FrameBuilder.udp(5000 + i, i % 8 == 0 ? 53 : 123).payload(i).build());
            if (i % 13 == 0) {
                byte[] arp = new byte[42];
                arp[12] = 0x08;
                arp[13] = 0x06;
                frames.add(arp);
            }
        }
        return frames;
    }

    @Test
    @RequiresBpf
    void theJvmOurObjectAndClangsObjectAgreeWithRealCalls() throws Exception {
        for (String name : List.of("Flows", "FlowsInlined")) {
            try (URLClassLoader loader = output.classLoader();
                 LoadedObject ours = Kernel.load(output.resource("calls/" + name + ".bpf.o"));
                 LoadedObject clang = Kernel.load(output.clangObject("calls/" + name))) {
                Class<?> program = loader.loadClass("calls." + name);
                InMemoryMaps.clear(program);
                Method run = program.getMethod("flows", XdpContext.class);
                BpfHashMap<Long, Long> packets = InProcessCompiler.staticField(program, "packets");
                BpfArray<Long> totals = InProcessCompiler.staticField(program, "totals");
                List<byte[]> frames = frames();
                int drops = 0;
                int transmitted = 0;
                for (int i = 0; i < frames.size(); i++) {
                    byte[] frame = frames.get(i);
                    int expected = ((XdpAction) run.invoke(null, XdpContext.of(frame))).code();
                    if (expected == XdpAction.DROP.code()) drops++;
                    if (expected == XdpAction.TX.code()) transmitted++;
                    assertEquals(expected, ours.program("flows").testRun(frame, 1).retval(), name + ": our verdict of frame " + i);
                    assertEquals(expected, clang.program("flows").testRun(frame, 1).retval(), name + ": clang's verdict of frame " + i);
                }
                assertTrue(drops > 0 && drops < frames.size(), name + ": both verdicts happen (" + drops + " drops)");
                assertTrue(transmitted > 0, name + ": the verdict of the nested call happens");
                assertTrue(packets.size() > 10, name + ": many flows were counted");
                for (LoadedObject o : List.of(ours, clang)) {
                    for (var entry : packets.entries().entrySet()) {
                        assertEquals(entry.getValue(), packetsOf(o, entry.getKey()),
                                name + ": packets of slot " + entry.getKey());
                    }
                    for (int slot = 0; slot < 2; slot++) {
                        assertEquals(totals.get(slot), Kernel.getLong(o.map("totals"), slot).orElseThrow(), name + ": total " + slot);
                    }
                }
            }
        }
    }

    @Test
    @RequiresBpf
    void aTcFunctionTakingTheContextReadsTcpOptionsAsTheJvmDoes() throws Exception {
        try (URLClassLoader loader = output.classLoader();
             LoadedObject ours = Kernel.load(output.resource("calls/Mss.bpf.o"));
             LoadedObject clang = Kernel.load(output.clangObject("calls/Mss"))) {
            Class<?> program = loader.loadClass("calls.Mss");
            InMemoryMaps.clear(program);
            Method run = program.getMethod("mss", dev.ebpf4j.program.TcContext.class);
            BpfArray<Long> seen = InProcessCompiler.staticField(program, "seen");
            List<byte[]> frames = new ArrayList<>();
            for (int mss : new int[] {536, 1400, 1460, 9000}) {
                frames.add(FrameBuilder.tcp(1000, 80).tcpOptions((byte) 2, (byte) 4, (byte) (mss >> 8), (byte) mss).build());
            }
            frames.add(FrameBuilder.tcp(1000, 80).build());
            frames.add(FrameBuilder.udp(1000, 53).build());
            int shots = 0;
            for (int i = 0; i < frames.size(); i++) {
                byte[] frame = frames.get(i);
                int expected = ((dev.ebpf4j.program.TcAction) run.invoke(null, dev.ebpf4j.program.TcContext.of(frame))).code();
                if (expected == dev.ebpf4j.program.TcAction.SHOT.code()) shots++;
                for (LoadedObject o : List.of(ours, clang)) {
                    assertEquals(expected, o.program("mss").testRun(frame, 1).retval(), "verdict of frame " + i);
                    for (int slot = 0; slot < 2; slot++) {
                        assertEquals(seen.get(slot), Kernel.getLong(o.map("seen"), slot).orElseThrow(), "seen " + slot + " after frame " + i);
                    }
                }
            }
            assertEquals(2, shots, "the segments announcing an MSS over 1400 are shot");
        }
    }

    /** The count under the 8-byte key {@code slot} of a loaded object's {@code packets}, or null. */
    private static Long packetsOf(LoadedObject object, long slot) {
        byte[] key = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, slot).array();
        return object.map("packets").lookup(key)
                .map(value -> java.nio.ByteBuffer.wrap(value).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0)).orElse(null);
    }

    @Test
    @RequiresBpf
    void bpftoolLoadsTheObjectAndShowsTheFunctionsAsSubprograms() throws Exception {
        ExternalTool bpftool = ExternalTool.require("bpftool");
        String object = output.classes().resolve("calls/Flows.bpf.o").toString();
        try (PrivateBpffs bpffs = PrivateBpffs.mount()) {
            var load = bpftool.run("prog", "loadall", object, bpffs.dir().resolve("flows").toString());
            assertEquals(0, load.exitCode(), load.stderr());
            var dump = bpftool.run("prog", "dump", "xlated", "pinned", bpffs.dir().resolve("flows/flows").toString());
            assertEquals(0, dump.exitCode(), dump.stderr());
            for (String function : List.of("flowKey", "protocolOf", "count", "decide")) {
                // bpftool prints a subprogram as its BTF signature ("int protocolOf(void * ctx):") and a call of it as
                // "call pc+151#bpf_prog_<tag>_protocolOf"
                assertTrue(java.util.regex.Pattern.compile("(?m)^\\w[\\w ]* " + function + "\\(.*\\):$").matcher(dump.stdout()).find(),
                        "the xlated dump shows the subprogram " + function + ":\n" + dump.stdout());
                assertTrue(java.util.regex.Pattern.compile("call pc[+-]\\d+#bpf_prog_\\p{XDigit}+_" + function + "\\b")
                        .matcher(dump.stdout()).find(), "a pc-relative call of " + function);
            }
        }
    }

    @Test
    void ourObjectWritesFunctionsAndCallsAsClangDoes() throws Exception {
        ExternalTool objdump = ExternalTool.require("llvm-objdump-19");
        ExternalTool readelf = ExternalTool.require("llvm-readelf-19");
        ExternalTool bpftool = ExternalTool.require("bpftool");
        String ours = output.classes().resolve("calls/Flows.bpf.o").toString();
        output.clangObject("calls/Flows");
        String clangs = output.classes().resolve("calls/Flows.clang.o").toString();
        for (String object : List.of(ours, clangs)) {
            String symbols = readelf.run("-s", object).stdout();
            String btf = bpftool.run("btf", "dump", "file", object).stdout();
            for (String function : List.of("flowKey", "protocolOf", "count", "decide")) {
                assertTrue(java.util.regex.Pattern.compile("FUNC +LOCAL +DEFAULT +\\d+ " + function + "\\n").matcher(symbols).find(),
                        object + ": " + function + " is a local function symbol:\n" + symbols);
                assertTrue(btf.contains("FUNC '" + function + "' type_id="), object + ": a BTF FUNC " + function);
                assertTrue(java.util.regex.Pattern.compile("FUNC '" + function + "' type_id=\\d+ linkage=static").matcher(btf).find(),
                        object + ": " + function + "'s linkage is static");
            }
            assertEquals(List.of(".text -> pc-relative", "xdp -> .text"), callShapes(objdump.run("-dr", object).stdout()),
                    object + ": calls from the entry's section go through .text's section symbol, calls inside .text are resolved");
        }
    }

    /** The distinct kinds of bpf-to-bpf call in an {@code llvm-objdump -dr} listing: caller section, then the relocation's symbol or "pc-relative". */
    private static List<String> callShapes(String listing) {
        java.util.Set<String> shapes = new java.util.TreeSet<>();
        String section = "";
        String[] lines = listing.split("\n");
        for (int i = 0; i < lines.length; i++) {
            var header = java.util.regex.Pattern.compile("^Disassembly of section (\\S+):").matcher(lines[i]);
            if (header.find()) section = header.group(1);
            if (!lines[i].matches("\\s*\\d+:\\s+85 10 .*")) continue;   // a call with src_reg 1, BPF_PSEUDO_CALL
            String next = i + 1 < lines.length ? lines[i + 1] : "";
            shapes.add(section + " -> " + (next.contains("R_BPF_64_32") ? next.substring(next.lastIndexOf('\t') + 1).trim() : "pc-relative"));
        }
        return List.copyOf(shapes);
    }

    @Test
    @RequiresBpf
    void theFunctionsMakeTheProgramSmallerThanInliningEverything() throws Exception {
        try (LoadedObject calls = Kernel.load(output.resource("calls/Flows.bpf.o"));
             LoadedObject inlined = Kernel.load(output.resource("calls/FlowsInlined.bpf.o"));
             LoadedObject clangCalls = Kernel.load(output.clangObject("calls/Flows"));
             LoadedObject clangInlined = Kernel.load(output.clangObject("calls/FlowsInlined"))) {
            int withCalls = calls.program("flows").info().xlatedLength() / 8;
            int withoutCalls = inlined.program("flows").info().xlatedLength() / 8;
            // the figures docs/benchmarks.md reports (verified instructions: 0 before 5.16, which does not count them)
            System.out.printf("Flows, xlated / verified instructions: real calls %d / %d (clang %d / %d), everything inlined %d / %d"
                            + " (clang %d / %d)%n", withCalls, calls.program("flows").info().verifiedInstructions().orElse(0),
                    clangCalls.program("flows").info().xlatedLength() / 8, clangCalls.program("flows").info().verifiedInstructions().orElse(0),
                    withoutCalls, inlined.program("flows").info().verifiedInstructions().orElse(0),
                    clangInlined.program("flows").info().xlatedLength() / 8, clangInlined.program("flows").info().verifiedInstructions().orElse(0));
            assertTrue(withCalls < withoutCalls, withCalls + " instructions with real calls against " + withoutCalls + " inlined");
        }
    }
}
