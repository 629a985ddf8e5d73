package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfArray;
import dev.ebpf4j.program.maps.BpfLpmTrie;
import dev.ebpf4j.program.maps.LpmTrie;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.maps.KernelLpmTrie;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A source-address classifier over IPv4 and IPv6 LPM tries, compiled from Java by the processor,
 * filled from user space through its generated skeleton, test-run in the kernel on frames and run
 * on the JVM on the same frames: verdicts, results and the prefixes the program stores itself must
 * agree — for our object and for clang's object of the C rendering.
 */
@RequiresBpf
class LpmTrieKernelTest {
    static final String SOURCE = """
            package lpm;

            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.maps.*;
            import dev.ebpf4j.program.net.*;

            @BpfProgram(license = "GPL")
            public final class Classifier {
                public record Ipv6Address(long high, long low) {}
                public record Zone(int id, short weight) {}
                /** Packed as 7 bytes: the address and port straddle alignment, so keys are stored in pieces. */
                public record Tagged(byte protocol, int address, short port) {}

                @MapDef(maxEntries = 16)
                static final BpfLpmTrie<Integer, Integer> zones = new BpfLpmTrie<>();
                @MapDef(maxEntries = 16)
                static final BpfLpmTrie<Ipv6Address, Zone> zones6 = new BpfLpmTrie<>();
                // Room for every prefix the frames store: replacing a prefix in a full trie fails
                // before Linux 6.14 only (KernelLpmTrieTest covers full tries on each kernel).
                @MapDef(maxEntries = 64)
                static final BpfLpmTrie<Long, Long> learned = new BpfLpmTrie<>();
                @MapDef(maxEntries = 8)
                static final BpfLpmTrie<Tagged, Integer> tagged = new BpfLpmTrie<>();
                @MapDef(maxEntries = 4)
                static final BpfArray<Integer> results = new BpfArray<>();

                @Xdp
                public static XdpAction classify(XdpContext ctx) {
                    Ethernet eth = ctx.ethernet();
                    if (eth == null) return XdpAction.PASS;
                    Ipv4 ip = eth.ipv4();
                    if (ip != null) {
                        Integer known = zones.get(ip.source());
                        int zone = known != null ? known : -1;
                        results.put(0, zone);
                        results.put(1, zones.containsKey(ip.destination()) ? 1 : 0);
                        // lengths 0..127: past 64 the kernel refuses them and put and remove are false
                        int length = ip.destination() & 0x7f;
                        boolean stored = learned.put((long) ip.source() << 32 | 0xFFFFL, length, (long) zone);
                        boolean removed = learned.remove(0x0A00000000000000L, (ip.destination() >>> 8) & 0x7f);
                        results.put(2, (stored ? 1 : 0) | (removed ? 2 : 0));
                        Integer rule = tagged.get(new Tagged((byte) ip.protocol(), ip.destination(), (short) -2));
                        results.put(3, rule != null ? rule : -1);
                        return zone < 0 ? XdpAction.DROP : XdpAction.PASS;
                    }
                    Ipv6 ip6 = eth.ipv6();
                    if (ip6 != null) {
                        Zone z = zones6.get(new Ipv6Address(ip6.sourceHigh(), ip6.sourceLow()));
                        if (z == null) {
                            results.put(0, -1);
                            return XdpAction.DROP;
                        }
                        results.put(0, z.id() * 1000 + z.weight());
                        results.put(1, zones6.containsKey(new Ipv6Address(ip6.destinationHigh(), ip6.destinationLow())) ? 1 : 0);
                        return XdpAction.PASS;
                    }
                    return XdpAction.PASS;
                }
            }
            """;

    private static InProcessCompiler.Output output;

    @BeforeAll
    static void compile() throws Exception {
        output = InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-lpm"), Map.of("lpm.Classifier", SOURCE));
    }

    @Test
    void ourObjectAgreesWithTheJvmFilledThroughTheSkeleton() throws Exception {
        try (URLClassLoader loader = output.classLoader()) {
            Class<?> skeletonClass = loader.loadClass("lpm.ClassifierSkeleton");
            try (AutoCloseable skeleton = (AutoCloseable) skeletonClass.getMethod("load").invoke(null)) {
                Kernel kernel = new Kernel(accessor(skeleton, "classify"), accessor(skeleton, "zones"),
                        accessor(skeleton, "zones6"), accessor(skeleton, "learned"), accessor(skeleton, "tagged"),
                        accessor(skeleton, "results"));
                agree(loader, kernel);
            }
        }
    }

    @Test
    void clangsObjectOfTheCRenderingAgreesWithTheJvm() throws Exception {
        try (URLClassLoader loader = output.classLoader();
             LoadedObject loaded = dev.ebpf4j.processor.fixture.Kernel.load(output.clangObject("lpm/Classifier"))) {
            Class<?> address = loader.loadClass("lpm.Classifier$Ipv6Address");
            Class<?> zone = loader.loadClass("lpm.Classifier$Zone");
            Class<?> tagged = loader.loadClass("lpm.Classifier$Tagged");
            Kernel kernel = new Kernel(loaded.program("classify"),
                    KernelMaps.lpmTrie(loaded.map("zones"), Integer.class, Integer.class),
                    untyped(KernelMaps.lpmTrie(loaded.map("zones6"), address, zone)),
                    KernelMaps.lpmTrie(loaded.map("learned"), Long.class, Long.class),
                    untyped(KernelMaps.lpmTrie(loaded.map("tagged"), tagged, Integer.class)),
                    KernelMaps.of(loaded.map("results"), Integer.class, Integer.class));
            agree(loader, kernel);
        }
    }

    /** The kernel side: the program and its maps, however they were loaded. */
    private record Kernel(Program program, KernelLpmTrie<Integer, Integer> zones, KernelLpmTrie<Object, Object> zones6,
                          KernelLpmTrie<Long, Long> learned, KernelLpmTrie<Object, Object> tagged,
                          KernelMap<Integer, Integer> results) {
    }

    @SuppressWarnings("unchecked")
    private static KernelLpmTrie<Object, Object> untyped(KernelLpmTrie<?, ?> trie) {
        return (KernelLpmTrie<Object, Object>) trie;
    }

    @SuppressWarnings("unchecked")
    private static void agree(ClassLoader loader, Kernel kernel) throws Exception {
        Class<?> program = loader.loadClass("lpm.Classifier");
        Method classify = program.getMethod("classify", XdpContext.class);
        BpfLpmTrie<Integer, Integer> zones = InProcessCompiler.staticField(program, "zones");
        BpfLpmTrie<Object, Object> zones6 = InProcessCompiler.staticField(program, "zones6");
        BpfLpmTrie<Long, Long> learned = InProcessCompiler.staticField(program, "learned");
        BpfLpmTrie<Object, Object> tagged = InProcessCompiler.staticField(program, "tagged");
        BpfArray<Integer> results = InProcessCompiler.staticField(program, "results");
        zones.clear();
        zones6.clear();
        learned.clear();
        tagged.clear();
        results.clear();
        var address = program.getClassLoader().loadClass("lpm.Classifier$Ipv6Address").getDeclaredConstructor(long.class, long.class);
        var zone = program.getClassLoader().loadClass("lpm.Classifier$Zone").getDeclaredConstructor(int.class, short.class);

        // the same table on both sides, filled by user space
        int[][] ipv4 = {{0x0A000000, 8, 1}, {0x0A010000, 16, 2}, {0x0A010200, 24, 3}, {0xC0A80000, 16, 4},
                {0x0A0102FF, 32, 5}, {0, 0, 6}, {0xAC100000, 12, 7}};
        for (int[] p : ipv4) {
            assertTrue(zones.put(p[0], p[1], p[2]));
            assertTrue(kernel.zones().put(p[0], p[1], p[2]));
        }
        assertTrue(zones.remove(0, 0) & kernel.zones().remove(0, 0), "the default route goes again");
        long[][] ipv6 = {{0x20010DB800000000L, 0, 32, 1}, {0x20010DB800000000L, 0, 64, 2},
                {0x20010DB800000000L, 0x8000000000000000L, 65, 3}, {0x20010DB800000000L, 1, 128, 4},
                {0xFE80000000000000L, 0, 10, 5}};
        for (long[] p : ipv6) {
            Object network = address.newInstance(p[0], p[1]);
            Object value = zone.newInstance((int) p[3], (short) (p[2] * 3));
            assertTrue(zones6.put(network, (int) p[2], value));
            assertTrue(kernel.zones6().put(network, (int) p[2], value));
        }
        var rule = program.getClassLoader().loadClass("lpm.Classifier$Tagged").getDeclaredConstructor(byte.class, int.class, short.class);
        Object[][] rules = {{(byte) 17, 0x0A000000, (short) 0, 20, 1}, {(byte) 17, 0, (short) 0, 8, 2},
                {(byte) 17, 0x0A0102FF, (short) -2, 56, 3}, {(byte) 17, 0x0A0102FF, (short) -1, 55, 4}};
        for (Object[] r : rules) {
            Object network = rule.newInstance(r[0], r[1], r[2]);
            assertTrue(tagged.put(network, (int) r[3], (int) r[4]));
            assertTrue(kernel.tagged().put(network, (int) r[3], (int) r[4]));
        }
        assertEquals(tagged.entries(), kernelEntries(kernel.tagged()));
        assertEquals(zones.entries(), kernelEntries(kernel.zones()));
        assertEquals(zones6.entries(), kernelEntries(kernel.zones6()));

        Random random = new Random(4);
        int[] sources = {0x0A000001, 0x0A010101, 0x0A010201, 0x0A0102FF, 0x0A0102FE, 0xC0A8FFFF, 0xC0A90000,
                0xAC1F0001, 0xAC200001, 0x0B000001, 0};
        List<byte[]> frames = new ArrayList<>();
        for (int source : sources) {
            for (int i = 0; i < 3; i++) {
                int destination = i == 0 ? sources[random.nextInt(sources.length)] : random.nextInt();
                frames.add((i == 2 ? FrameBuilder.tcp(1, 2) : FrameBuilder.udp(1, 2)).addresses(source, destination).build());
            }
        }
        long[][] sources6 = {{0x20010DB800000000L, 1}, {0x20010DB800000000L, 2}, {0x20010DB800000000L, -1},
                {0x20010DB8FFFFFFFFL, 0}, {0x20010DB900000000L, 0}, {0xFEBF000000000000L, 7}, {0xFEC0000000000000L, 7}};
        for (long[] source : sources6) {
            byte[] frame = FrameBuilder.udp(1, 2).ipv6().build();
            put64(frame, 22, source[0]);
            put64(frame, 30, source[1]);
            put64(frame, 38, random.nextBoolean() ? source[0] : random.nextLong());
            put64(frame, 46, random.nextLong());
            frames.add(frame);
        }
        for (byte[] frame : frames) {
            XdpAction expected = (XdpAction) classify.invoke(null, XdpContext.of(frame));
            int verdict = kernel.program().testRun(frame, 1).retval();
            String what = "frame " + java.util.HexFormat.of().formatHex(frame, 14, Math.min(frame.length, 54));
            assertEquals(expected.code(), verdict, what);
            for (int i = 0; i < 4; i++) assertEquals(results.get(i), kernel.results().get(i), what + ": results[" + i + "]");
            assertEquals(learned.entries(), kernel.learned().entries(), what + ": the prefixes the program stored");
        }
        assertFalse(learned.entries().isEmpty(), "the program stored prefixes");
        java.util.Set<Integer> rulesSeen = new java.util.HashSet<>();
        for (byte[] frame : frames) {
            if (frame[12] == 0x08 && frame[13] == 0x00) {
                classify.invoke(null, XdpContext.of(frame));
                rulesSeen.add(results.get(3));
            }
        }
        assertTrue(rulesSeen.containsAll(List.of(-1, 1, 2, 3)), "the tagged rules matched: " + rulesSeen);
    }

    private static <K, V> Map<LpmTrie.Prefix<K>, V> kernelEntries(KernelLpmTrie<K, V> trie) {
        return trie.entries();
    }

    private static void put64(byte[] frame, int offset, long value) {
        for (int i = 0; i < 8; i++) frame[offset + i] = (byte) (value >>> (56 - 8 * i));
    }

    @SuppressWarnings("unchecked")
    private static <T> T accessor(Object skeleton, String name) throws ReflectiveOperationException {
        return (T) skeleton.getClass().getMethod(name).invoke(skeleton);
    }
}
