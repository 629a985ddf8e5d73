package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfArray;
import dev.ebpf4j.program.maps.BpfHashMap;
import dev.ebpf4j.program.maps.InMemoryMaps;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code map.get} returns a copy: a field read after the program itself changed the value (a put
 * into an array, which writes in place, or an in-place add) still sees the value as it was at the
 * get, while reads before any write are loaded through the pointer where they are used (the
 * back end's {@code LazyValueCopies}). On the JVM, from the processor's object and from clang's
 * object of the C rendering, the same frames give the same verdicts and leave the same maps.
 */
@RequiresBpf
class ValueCopiesKernelTest {
    static final String SOURCE = """
            package copies;

            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.maps.*;
            import dev.ebpf4j.program.net.*;

            @BpfProgram(license = "GPL")
            public final class ValueCopies {
                public record Key(int a) {}
                public record Count(long hits, long bytes) {}

                @MapDef(maxEntries = 16)
                static final BpfHashMap<Key, Count> counts = new BpfHashMap<>();
                @MapDef(maxEntries = 2)
                static final BpfArray<Count> totals = new BpfArray<>();
                @MapDef(maxEntries = 4)
                static final BpfArray<Long> seen = new BpfArray<>();

                @Xdp
                public static XdpAction run(XdpContext ctx) {
                    Ethernet eth = ctx.ethernet();
                    if (eth == null) return XdpAction.PASS;
                    Ipv4 ip = eth.ipv4();
                    if (ip == null) return XdpAction.PASS;
                    Udp udp = ip.udp();
                    if (udp == null) return XdpAction.PASS;
                    int a = udp.sourcePort() & 7;
                    Count c = counts.get(new Key(a));
                    if (c == null) {
                        counts.put(new Key(a), new Count(1, ctx.length()));
                    } else {
                        counts.put(new Key(a), new Count(c.hits() + 1, c.bytes() + ctx.length()));
                    }
                    Count t = totals.get(0);
                    totals.put(0, new Count(a, ctx.length()));
                    if (t != null) seen.put(0, t.hits() * 1000 + t.bytes());
                    Count u = totals.get(1);
                    totals.add(1, Count::hits, 5);
                    long after = u == null ? -1 : u.hits();
                    seen.put(1, after);
                    return (after & 1) == 0 ? XdpAction.DROP : XdpAction.PASS;
                }
            }
            """;

    private static InProcessCompiler.Output output;

    @BeforeAll
    static void compile() throws Exception {
        output = InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-value-copies"), Map.of("copies.ValueCopies", SOURCE));
    }

    @Test
    void theProcessorsObjectAgreesWithTheJvm() throws Exception {
        agree(output.resource("copies/ValueCopies.bpf.o"));
    }

    @Test
    void clangsObjectOfTheCRenderingAgreesToo() throws Exception {
        agree(output.clangObject("copies/ValueCopies"));
    }

    private static void agree(byte[] object) throws Exception {
        try (URLClassLoader loader = output.classLoader(); LoadedObject loaded = Kernel.load(object)) {
            Class<?> program = loader.loadClass("copies.ValueCopies");
            Class<?> keyType = loader.loadClass("copies.ValueCopies$Key");
            Class<?> countType = loader.loadClass("copies.ValueCopies$Count");
            Method run = program.getMethod("run", XdpContext.class);
            InMemoryMaps.clear(program);
            Program kernel = loaded.program("run");
            Random random = new Random(21);
            int dropped = 0;
            for (int i = 0; i < 200; i++) {
                byte[] frame = FrameBuilder.udp(random.nextInt(16), 53).payload(random.nextInt(8)).build();
                XdpAction expected = (XdpAction) run.invoke(null, XdpContext.of(frame));
                if (expected == XdpAction.DROP) dropped++;
                assertEquals(expected.code(), kernel.testRun(frame, 1).retval(), "verdict of frame " + i);
            }
            assertTrue(dropped > 0 && dropped < 200, "both verdicts: " + dropped + " dropped");
            BpfHashMap<Object, Object> counts = InProcessCompiler.staticField(program, "counts");
            BpfArray<Object> totals = InProcessCompiler.staticField(program, "totals");
            BpfArray<Object> seen = InProcessCompiler.staticField(program, "seen");
            assertEquals(counts.entries(), Map.copyOf(InProcessCompiler.kernelMap(loaded, "counts", keyType, countType).entries()), "counts");
            KernelMap<Object, Object> kernelTotals = InProcessCompiler.kernelMap(loaded, "totals", Integer.class, countType);
            KernelMap<Object, Object> kernelSeen = InProcessCompiler.kernelMap(loaded, "seen", Integer.class, Long.class);
            for (int k = 0; k < 2; k++) {
                assertEquals(totals.get(k), kernelTotals.get(k), "totals[" + k + "]");
                assertEquals(seen.get(k), kernelSeen.get(k), "seen[" + k + "]");
            }
        }
    }
}
