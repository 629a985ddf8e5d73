package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfArray;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Indices proven by the program's own checks (a range test, an unsigned compare, a clamp, a char
 * below the length, an early return, an unsigned compare of the index expression as written) and for-each loops over local arrays and a record's
 * {@code @Size} component, arrays passed to methods, a view helper returning null, compiled from
 * source and run on the JVM, in the kernel from our object and from clang's object of the C
 * rendering: verdicts and the map must agree on every frame. The arrays have at most 16 elements
 * and each entry one store at a variable index (the compare chains the eBPF back end indexes
 * small arrays with multiply the verifier's paths), so the 5.10 verifier accepts every entry.
 */
@RequiresBpf
class CheckedIndicesKernelTest {
    static final String SOURCE = """
            package gen;

            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.maps.*;
            import dev.ebpf4j.program.net.*;

            @BpfProgram(license = "GPL")
            public final class Checked {
                public record Key(@Size(4) byte[] addr, char port) {}
                public record Counts(@Size(16) int[] counts, long hash, int used) {}

                @MapDef(maxEntries = 6)
                static final BpfArray<Counts> out = new BpfArray<>();

                /** A range check. */
                @Xdp
                public static XdpAction range(XdpContext ctx) {
                    Tcp tcp = tcp(ctx);
                    if (tcp == null) return XdpAction.PASS;
                    int[] counts = new int[16];
                    int i = tcp.destinationPort() - 1000;
                    if (i >= 0 && i < counts.length) counts[i] += tcp.window();
                    publish(0, counts);
                    return (tcp.window() & 1) == 0 ? XdpAction.PASS : XdpAction.DROP;
                }

                /** The bound check of a value known non-negative. */
                @Xdp
                public static XdpAction bounded(XdpContext ctx) {
                    Tcp tcp = tcp(ctx);
                    if (tcp == null) return XdpAction.PASS;
                    int[] counts = new int[16];
                    int j = tcp.window() & 0xff;
                    if (j < counts.length) counts[j]++;
                    publish(1, counts);
                    return j < 8 ? XdpAction.PASS : XdpAction.DROP;
                }

                /** An unsigned compare, in a method the array is passed to. */
                @Xdp
                public static XdpAction compared(XdpContext ctx) {
                    Tcp tcp = tcp(ctx);
                    if (tcp == null) return XdpAction.PASS;
                    int[] counts = new int[16];
                    bump(counts, tcp.destinationPort() - 1000, 100);
                    publish(2, counts);
                    return (tcp.destinationPort() & 1) == 0 ? XdpAction.PASS : XdpAction.DROP;
                }

                /** A clamp. */
                @Xdp
                public static XdpAction clamped(XdpContext ctx) {
                    Tcp tcp = tcp(ctx);
                    if (tcp == null) return XdpAction.PASS;
                    int[] counts = new int[16];
                    int v = tcp.sourcePort() - 30000;
                    if (v < 0) v = 0;
                    if (v > 15) v = 15;
                    counts[v] += tcp.sourcePort();
                    publish(3, counts);
                    return (tcp.sourcePort() & 1) == 0 ? XdpAction.PASS : XdpAction.DROP;
                }

                /** An unsigned compare of the index expression itself. */
                @Xdp
                public static XdpAction expression(XdpContext ctx) {
                    Tcp tcp = tcp(ctx);
                    if (tcp == null) return XdpAction.PASS;
                    int[] counts = new int[16];
                    int j = tcp.destinationPort() - 1001;
                    if (Integer.compareUnsigned(j + 1, counts.length) < 0) counts[j + 1] += tcp.window();
                    publish(5, counts);
                    return (tcp.window() & 2) == 0 ? XdpAction.PASS : XdpAction.DROP;
                }

                static Ipv4 ipv4(XdpContext ctx) {
                    Ethernet eth = ctx.ethernet();
                    return eth == null ? null : eth.ipv4();
                }

                static Tcp tcp(XdpContext ctx) {
                    Ipv4 ip = ipv4(ctx);
                    if (ip == null) return null;
                    return ip.tcp();
                }

                static void publish(int slot, int[] counts) {
                    long hash = 0;
                    for (int n : counts) hash = hash * 31 + n;
                    int used = 0;
                    for (int n : counts) used += (n | -n) >>> 31;
                    out.put(slot, new Counts(counts, hash, used));
                }

                static void bump(int[] counts, int i, int by) {
                    if (Integer.compareUnsigned(i, counts.length) < 0) counts[i] += by;
                }

                /** A char checked by an early return, and for-each over a record's array. */
                @Xdp
                public static XdpAction early(XdpContext ctx) {
                    Ipv4 ip = ipv4(ctx);
                    if (ip == null) return XdpAction.PASS;
                    Tcp tcp = ip.tcp();
                    if (tcp == null) return XdpAction.PASS;
                    int[] counts = new int[16];
                    byte[] addr = new byte[4];
                    int source = ip.source();
                    for (int k = 0; k < 4; k++) addr[k] = (byte) (source >>> (24 - 8 * k));
                    Key key = new Key(addr, (char) tcp.destinationPort());
                    long hash = key.port();
                    for (byte b : key.addr()) hash = hash * 31 + b;
                    char c = (char) (tcp.sourcePort() & 0x1f);
                    if (c >= 16) return XdpAction.DROP;
                    counts[c] = (int) hash;
                    out.put(4, new Counts(counts, hash, c));
                    return XdpAction.PASS;
                }
            }
            """;

    private static SourceProgram program;

    @BeforeAll
    static void compile() throws Exception {
        program = SourceProgram.compile("gen.Checked", SOURCE);
    }

    /** Frames whose ports, window and TTL fall inside and outside every checked range, ACK or ACK+FIN. */
    static List<byte[]> frames() {
        List<byte[]> frames = new ArrayList<>();
        Random random = new Random(42);
        int[] destinations = {999, 1000, 1007, 1015, 1016, 80, 65535};
        int[] sources = {29999, 30000, 30007, 30015, 30016, 12, 65535};
        for (int n = 0; n < 40; n++) {
            int destination = n < destinations.length ? destinations[n] : 990 + random.nextInt(40);
            int source = n < sources.length ? sources[n] : 29990 + random.nextInt(40);
            byte[] frame = FrameBuilder.tcp(source, destination).addresses(random.nextInt(), 0x0a0000fe)
                    .flags(random.nextBoolean() ? 0x10 : 0x11).build();
            frame[14 + 8] = (byte) (50 + random.nextInt(30)); // TTL 50..79: u below and above the range
            frame[14 + 20 + 14] = (byte) random.nextInt(256);
            frame[14 + 20 + 15] = (byte) (n % 3 == 0 ? random.nextInt(20) : random.nextInt(256)); // window's low byte
            frames.add(frame);
        }
        return frames;
    }

    /** Our object ({@code clang} false) or clang's object of the C rendering, in the kernel, against the JVM. */
    @ParameterizedTest(name = "clang: {0}")
    @ValueSource(booleans = {false, true})
    void agreesWithTheJvm(boolean clang) throws Exception {
        try (LoadedObject kernel = program.load(clang); var loader = program.classLoader()) {
            Class<?> checked = loader.loadClass("gen.Checked");
            BpfArray<Object> out = program.field(loader, "out");
            @SuppressWarnings({"unchecked", "rawtypes"})
            KernelMap<Integer, Object> kernelOut = (KernelMap) KernelMaps.of(kernel.map("out"), Integer.class,
                    loader.loadClass("gen.Checked$Counts"));
            out.clear();
            int n = 0;
            int dropped = 0;
            for (byte[] frame : frames()) {
                n++;
                for (String entry : List.of("range", "bounded", "compared", "clamped", "early", "expression")) {
                    Method run = checked.getMethod(entry, XdpContext.class);
                    int verdict = ((dev.ebpf4j.program.XdpAction) run.invoke(null, XdpContext.of(frame))).code();
                    assertEquals(verdict, kernel.program(entry).testRun(frame, 1).retval(), entry + ": verdict of frame " + n);
                    if (verdict == 1) dropped++;
                }
                for (int slot = 0; slot < 6; slot++) {
                    assertEquals(ArraysKernelTest.describe(out.get(slot)), ArraysKernelTest.describe(kernelOut.get(slot)),
                            "slot " + slot + " after frame " + n);
                }
            }
            assertTrue(dropped > 0 && dropped < 6 * n, "the frames give both verdicts: " + dropped + " of " + 6 * n);
        }
    }
}
