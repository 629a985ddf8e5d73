package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.InMemoryMaps;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Globals compiled from Java by the processor: {@code @Config} load-time constants set through the
 * skeleton's builder (and frozen, so the verifier prunes the branches they rule out), and
 * {@code @Shared} state — atomic counters, a switch user space flips, plain values the program
 * stores — read and written through the mapping. The JVM, the processor's object and clang's
 * object of the C rendering agree on verdicts and on every global after the same frames.
 */
@Tag("kernel")
class GlobalsKernelTest {
    static final String SOURCE = """
            package globals;

            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.maps.*;
            import dev.ebpf4j.program.net.*;
            import java.util.concurrent.atomic.AtomicInteger;
            import java.util.concurrent.atomic.AtomicLong;

            @BpfProgram(license = "GPL")
            public final class Guard {
                static final int PORT_BASE = 1000;

                @Config static int minLength = 60;
                @Config static boolean dropUdp = false;
                @Config static long portLimit = PORT_BASE * 8L;
                @Config static short mark = -2;

                @Shared static boolean enforcing = true;
                @Shared static long lastLength;
                @Shared static int seen = 7;
                @Shared static byte lastProtocol;
                @Shared static final AtomicLong runs = new AtomicLong();
                @Shared static final AtomicInteger drops = new AtomicInteger(5);
                @Shared static final AtomicLong bytes = new AtomicLong();

                @Xdp
                public static XdpAction guard(XdpContext ctx) {
                    runs.incrementAndGet();
                    bytes.addAndGet(ctx.length());
                    lastLength = ctx.length();
                    seen++;
                    seen += mark;
                    if (!enforcing) return XdpAction.PASS;
                    Ethernet eth = ctx.ethernet();
                    if (eth == null) return XdpAction.PASS;
                    Ipv4 ip = eth.ipv4();
                    if (ip == null) return XdpAction.PASS;
                    lastProtocol = (byte) ip.protocol();
                    Udp udp = ip.udp();
                    if (udp != null) {
                        if (dropUdp) {
                            drops.getAndIncrement();
                            drops.addAndGet(udp.destinationPort() & 3);
                            bytes.getAndAdd(-1L);
                            return XdpAction.DROP;
                        }
                        return XdpAction.PASS;
                    }
                    if (ctx.length() < minLength) {
                        drops.decrementAndGet();
                        drops.addAndGet(2);
                        return XdpAction.DROP;
                    }
                    Tcp tcp = ip.tcp();
                    if (tcp != null && tcp.destinationPort() > portLimit) return XdpAction.TX;
                    return XdpAction.PASS;
                }
            }
            """;
    /** Atomic adds whose results the program uses: fetch-and-add instructions, which kernels have from 5.12. */
    static final String TICKETS = """
            package globals;

            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.maps.*;
            import java.util.concurrent.atomic.AtomicInteger;
            import java.util.concurrent.atomic.AtomicLong;

            @BpfProgram(license = "GPL")
            public final class Tickets {
                @Shared static final AtomicLong next = new AtomicLong(100);
                @Shared static final AtomicInteger sum = new AtomicInteger(-3);
                @MapDef(maxEntries = 2) static final BpfArray<Long> issued = new BpfArray<>();

                @Xdp
                public static XdpAction take(XdpContext ctx) {
                    long ticket = next.getAndIncrement();
                    int after = sum.addAndGet(ctx.length() & 7);
                    issued.put(0, ticket);
                    issued.put(1, (long) after + next.decrementAndGet());
                    next.incrementAndGet();
                    return (ticket & 1) == 0 ? XdpAction.PASS : XdpAction.DROP;
                }
            }
            """;
    private static final List<String> SHARED = List.of("enforcing", "lastLength", "seen", "lastProtocol", "runs", "drops", "bytes");

    private static InProcessCompiler.Output output;

    @BeforeAll
    static void compile() throws Exception {
        output = InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-globals"), Map.of("globals.Guard", SOURCE, "globals.Tickets", TICKETS));
    }

    private static List<byte[]> frames() {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            frames.add(FrameBuilder.tcp(1000 + i, 7990 + i % 20).payload(i % 40).build());
            if (i % 7 == 0) frames.add(FrameBuilder.udp(53, 50 + i).build());
            if (i % 11 == 0) {
                byte[] arp = new byte[42];   // not IP: the program passes it after counting
                arp[12] = 0x08;
                arp[13] = 0x06;
                frames.add(arp);
            }
        }
        return frames;
    }

    @Test
    @RequiresBpf
    void theSkeletonsBuilderConfiguresAndTheMappingShowsTheSameStateAsTheJvm() throws Exception {
        try (URLClassLoader loader = output.classLoader()) {
            Class<?> skeletonClass = loader.loadClass("globals.GuardSkeleton");
            Object builder = skeletonClass.getMethod("builder").invoke(null);
            builder.getClass().getMethod("minLength", int.class).invoke(builder, 80);
            builder.getClass().getMethod("dropUdp", boolean.class).invoke(builder, true);
            builder.getClass().getMethod("portLimit", long.class).invoke(builder, 8005L);
            try (AutoCloseable skeleton = (AutoCloseable) builder.getClass().getMethod("load").invoke(builder)) {
                assertEquals(80, skeleton.getClass().getMethod("minLength").invoke(skeleton));
                assertEquals(true, skeleton.getClass().getMethod("dropUdp").invoke(skeleton));
                assertEquals(8005L, skeleton.getClass().getMethod("portLimit").invoke(skeleton));
                assertEquals((short) -2, skeleton.getClass().getMethod("mark").invoke(skeleton));
                assertEquals(5, skeleton.getClass().getMethod("drops").invoke(skeleton), "the atomic's initial value");
                Program guard = (Program) skeleton.getClass().getMethod("guard").invoke(skeleton);
                Class<?> program = jvm(loader, Map.of("minLength", 80, "dropUdp", true, "portLimit", 8005L));
                agree(program, guard, name -> {
                    try {
                        return skeleton.getClass().getMethod(name).invoke(skeleton);
                    } catch (ReflectiveOperationException e) {
                        throw new AssertionError(e);
                    }
                }, enforcing -> {
                    try {
                        skeleton.getClass().getMethod("enforcing", boolean.class).invoke(skeleton, enforcing);
                    } catch (ReflectiveOperationException e) {
                        throw new AssertionError(e);
                    }
                });
            }
        }
    }

    @Test
    @RequiresBpf
    void clangsObjectOfTheCRenderingAgreesToo() throws Exception {
        LoadOptions options = LoadOptions.defaults()
                .withGlobal("minLength", ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(70).array())
                .withGlobal("portLimit", ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(8000L).array());
        try (URLClassLoader loader = output.classLoader();
             LoadedObject loaded = Kernel.load(output.clangObject("globals/Guard"), options)) {
            Class<?> program = jvm(loader, Map.of("minLength", 70, "portLimit", 8000L));
            agree(program, loaded.program("guard"), name -> switch (name) {
                case "enforcing" -> loaded.variable(name).getByte() != 0;
                case "lastProtocol" -> loaded.variable(name).getByte();
                case "seen", "drops" -> loaded.variable(name).getInt();
                default -> loaded.variable(name).getLong();
            }, enforcing -> loaded.variable("enforcing").setByte((byte) (enforcing ? 1 : 0)));
        }
    }

    @Test
    @RequiresBpf
    void aConstantSetThroughTheBuilderChangesTheVerdictAndTheVerifierPrunesTheBranchItRulesOut() throws Exception {
        byte[] udp = FrameBuilder.udp(53, 53).build();
        int[] instructions = new int[2];
        try (URLClassLoader loader = output.classLoader()) {
            Class<?> skeletonClass = loader.loadClass("globals.GuardSkeleton");
            for (int dropUdp = 0; dropUdp < 2; dropUdp++) {
                Object builder = skeletonClass.getMethod("builder").invoke(null);
                builder.getClass().getMethod("dropUdp", boolean.class).invoke(builder, dropUdp == 1);
                try (AutoCloseable skeleton = (AutoCloseable) builder.getClass().getMethod("load").invoke(builder)) {
                    Program guard = (Program) skeleton.getClass().getMethod("guard").invoke(skeleton);
                    assertEquals(dropUdp == 1 ? XdpAction.DROP.code() : XdpAction.PASS.code(), guard.testRun(udp, 1).retval());
                    instructions[dropUdp] = guard.info().xlatedLength() / 8;
                }
            }
        }
        System.out.println("Guard, xlated instructions: dropUdp=false " + instructions[0] + ", dropUdp=true " + instructions[1]);
        assertTrue(instructions[0] < instructions[1], "the branch a false dropUdp rules out is gone: " + instructions[0]
                + " instructions against " + instructions[1]);
    }

    @Test
    @RequiresBpf
    void theAtomicCounterReadThroughTheMappingCountsEveryTestRun() throws Exception {
        try (URLClassLoader loader = output.classLoader();
             AutoCloseable skeleton = (AutoCloseable) loader.loadClass("globals.GuardSkeleton").getMethod("load").invoke(null)) {
            LoadedObject object = (LoadedObject) skeleton.getClass().getMethod("object").invoke(skeleton);
            assertTrue(object.globals(".bss").isMapped() && object.globals(".data").isMapped(), "state is read without a system call");
            assertTrue(object.globals(".rodata").isFrozen(), "configuration is frozen");
            Program guard = (Program) skeleton.getClass().getMethod("guard").invoke(skeleton);
            byte[] frame = FrameBuilder.tcp(1, 80).build();
            guard.testRun(frame, 1000);
            guard.testRun(frame, 234);
            assertEquals(1234L, skeleton.getClass().getMethod("runs").invoke(skeleton));
            assertEquals(1234L * frame.length, skeleton.getClass().getMethod("bytes").invoke(skeleton));
            skeleton.getClass().getMethod("runs", long.class).invoke(skeleton, 10L);
            guard.testRun(frame, 1);
            assertEquals(11L, skeleton.getClass().getMethod("runs").invoke(skeleton), "the program adds to what user space wrote");
        }
    }

    @Test
    @RequiresBpf
    void bpftoolLoadsTheObjectAndGeneratesASkeletonWithTheGlobals() throws Exception {
        dev.ebpf4j.testing.ExternalTool bpftool = dev.ebpf4j.testing.ExternalTool.require("bpftool");
        String object = output.classes().resolve("globals/Guard.bpf.o").toString();
        try (dev.ebpf4j.testing.PrivateBpffs bpffs = dev.ebpf4j.testing.PrivateBpffs.mount()) {
            var load = bpftool.run("prog", "loadall", object, bpffs.dir().resolve("guard").toString());
            assertEquals(0, load.exitCode(), load.stderr());
        }
        var skeleton = bpftool.run("gen", "skeleton", object);
        assertEquals(0, skeleton.exitCode(), skeleton.stderr());
        String header = skeleton.stdout().replaceAll("\\s+", " ");
        assertTrue(header.contains("struct Guard_bpf__rodata { int minLength; _Bool dropUdp; long long portLimit; short mark; } *rodata;"),
                "the .rodata struct of bpftool's skeleton");
        assertTrue(header.contains("struct Guard_bpf__data { _Bool enforcing; int seen; int drops; } *data;"), "the .data struct");
        assertTrue(header.matches("(?s).*struct Guard_bpf__bss \\{ long long lastLength; signed char lastProtocol;( char __pad0\\[7\\];)?"
                + " long long runs; long long bytes; \\} \\*bss;.*"), "the .bss struct");
    }

    @Test
    @RequiresBpf
    void atomicAddsWhoseResultIsUsedFetchTheOldValue() throws Exception {
        Assumptions.assumeTrue(atomicFetchLoads(), "this kernel has no atomic fetch-and-add (5.12+): a program that uses"
                + " the result of getAndIncrement or addAndGet cannot load here");
        try (URLClassLoader loader = output.classLoader();
             AutoCloseable skeleton = (AutoCloseable) loader.loadClass("globals.TicketsSkeleton").getMethod("load").invoke(null);
             LoadedObject clang = Kernel.load(output.clangObject("globals/Tickets"))) {
            Class<?> program = loader.loadClass("globals.Tickets");
            InMemoryMaps.clear(program);
            Method run = program.getMethod("take", XdpContext.class);
            Program ours = (Program) skeleton.getClass().getMethod("take").invoke(skeleton);
            LoadedObject object = (LoadedObject) skeleton.getClass().getMethod("object").invoke(skeleton);
            dev.ebpf4j.program.maps.BpfArray<Long> issued = InProcessCompiler.staticField(program, "issued");
            for (int i = 0; i < 40; i++) {
                byte[] frame = FrameBuilder.tcp(i, 80).payload(i).build();
                int expected = ((XdpAction) run.invoke(null, XdpContext.of(frame))).code();
                for (LoadedObject o : List.of(object, clang)) {
                    Program p = o == object ? ours : clang.program("take");
                    assertEquals(expected, p.testRun(frame, 1).retval(), "verdict of frame " + i);
                    assertEquals(issued.get(0), Kernel.getLong(o.map("issued"), 0).orElseThrow(), "ticket " + i);
                    assertEquals(issued.get(1), Kernel.getLong(o.map("issued"), 1).orElseThrow(), "sum " + i);
                    assertEquals(((AtomicLong) InProcessCompiler.staticField(program, "next")).get(), o.variable("next").getLong());
                    assertEquals(((AtomicInteger) InProcessCompiler.staticField(program, "sum")).get(), o.variable("sum").getInt());
                }
            }
            assertEquals(140L, object.variable("next").getLong());
        }
    }

    /** Whether the kernel loads a program with an atomic fetch-and-add on the stack. */
    private static boolean atomicFetchLoads() {
        var code = new dev.ebpf4j.asm.CodeBuilder()
                .mov64(dev.ebpf4j.asm.Register.R1, 0).stxdw(dev.ebpf4j.asm.Register.R10, -8, dev.ebpf4j.asm.Register.R1)
                .mov64(dev.ebpf4j.asm.Register.R2, 1)
                .atomicFetchAdd(dev.ebpf4j.asm.Size.DW, dev.ebpf4j.asm.Register.R10, -8, dev.ebpf4j.asm.Register.R2)
                .mov64(dev.ebpf4j.asm.Register.R0, 0).exit().build();
        try (Program probe = Program.load(dev.ebpf4j.types.ProgramType.XDP, code.encode(), "GPL", "fetch_probe")) {
            return true;
        } catch (dev.ebpf4j.errors.BpfException e) {
            return false;
        }
    }

    @Test
    void inMemoryMapsClearPutsTheGlobalsBack() throws Exception {
        try (URLClassLoader loader = output.classLoader()) {
            Class<?> program = loader.loadClass("globals.Guard");
            InMemoryMaps.clear(program);
            Method run = program.getMethod("guard", XdpContext.class);
            run.invoke(null, XdpContext.of(FrameBuilder.udp(53, 53).build()));
            AtomicLong runs = InProcessCompiler.staticField(program, "runs");
            assertEquals(1, runs.get());
            field(program, "minLength").set(null, 1);
            InMemoryMaps.clear(program);
            assertEquals(0, runs.get());
            assertEquals(5, ((AtomicInteger) InProcessCompiler.staticField(program, "drops")).get());
            assertEquals(7, (int) InProcessCompiler.staticField(program, "seen"));
            assertEquals(0L, (long) InProcessCompiler.staticField(program, "lastLength"));
            assertEquals(60, (int) InProcessCompiler.staticField(program, "minLength"));
        }
    }

    /** The program class on the JVM, its globals reset and then configured with {@code config}. */
    private static Class<?> jvm(ClassLoader loader, Map<String, Object> config) throws Exception {
        Class<?> program = loader.loadClass("globals.Guard");
        InMemoryMaps.clear(program);
        for (var e : config.entrySet()) field(program, e.getKey()).set(null, e.getValue());
        return program;
    }

    private static Field field(Class<?> program, String name) throws NoSuchFieldException {
        Field field = program.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private static void agree(Class<?> program, Program kernel, java.util.function.Function<String, Object> kernelGlobal,
                              java.util.function.Consumer<Boolean> setEnforcing) throws Exception {
        Method run = program.getMethod("guard", XdpContext.class);
        int dropped = 0;
        for (int round = 0; round < 2; round++) {
            boolean enforcing = round == 0;
            setEnforcing.accept(enforcing);
            field(program, "enforcing").set(null, enforcing);
            for (byte[] frame : frames()) {
                XdpAction expected = (XdpAction) run.invoke(null, XdpContext.of(frame));
                assertEquals(expected.code(), kernel.testRun(frame, 1).retval(), "verdict");
                if (expected == XdpAction.DROP) dropped++;
                for (String name : SHARED) {
                    assertEquals(jvmValue(program, name), kernelGlobal.apply(name), name + " after a frame of " + frame.length + " bytes");
                }
            }
        }
        assertTrue(dropped > 0, "some frames were dropped");
        assertEquals(2L * frames().size(), kernelGlobal.apply("runs"), "the atomic counter counts every test run");
    }

    private static Object jvmValue(Class<?> program, String name) throws Exception {
        Object value = field(program, name).get(null);
        return switch (value) {
            case AtomicLong a -> a.get();
            case AtomicInteger a -> a.get();
            default -> value;
        };
    }
}
