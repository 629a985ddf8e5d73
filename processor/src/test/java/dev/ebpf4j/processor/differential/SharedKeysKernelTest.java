package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
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
 * A record key that several map calls share is built once and found again by the calls after it
 * (the back end's {@code KeyAreas}) only where none of its locals changed on any path in between:
 * here a local of the key changes on one branch only, in a loop, and between the two operands of
 * an {@code &&}. On the JVM, from the processor's object and from clang's object of the C
 * rendering, the same frames give the same verdicts and leave the same maps.
 */
@RequiresBpf
class SharedKeysKernelTest {
    static final String SOURCE = """
            package keys;

            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.maps.*;
            import dev.ebpf4j.program.net.*;

            @BpfProgram(license = "GPL")
            public final class SharedKeys {
                public record Key(int a, int b) {}
                public record Count(long hits, long last) {}

                @MapDef(maxEntries = 256)
                static final BpfHashMap<Key, Count> counts = new BpfHashMap<>();
                @MapDef(maxEntries = 256)
                static final BpfHashMap<Key, Long> seen = new BpfHashMap<>();

                @Xdp
                public static XdpAction run(XdpContext ctx) {
                    Ethernet eth = ctx.ethernet();
                    if (eth == null) return XdpAction.PASS;
                    Ipv4 ip = eth.ipv4();
                    if (ip == null) return XdpAction.PASS;
                    Udp udp = ip.udp();
                    if (udp == null) return XdpAction.PASS;
                    int a = udp.sourcePort() & 7;
                    int b = udp.destinationPort() & 3;
                    Count c = counts.get(new Key(a, b));
                    if (c == null) {
                        counts.put(new Key(a, b), new Count(1, a));
                    } else {
                        counts.put(new Key(a, b), new Count(c.hits() + 1, b));
                    }
                    if ((ctx.length() & 1) == 0) a++;
                    seen.put(new Key(a, b), (long) ctx.length());
                    for (int i = 0; i < 3; i++) {
                        if (seen.containsKey(new Key(a, b))) b++;
                    }
                    boolean both = (ctx.length() & 2) == 0 && seen.containsKey(new Key(a, b)) || counts.containsKey(new Key(a, b));
                    counts.put(new Key(a, b), new Count(both ? 7 : 8, a + b));
                    if (seen.containsKey(new Key(a, 0))) {
                        seen.remove(new Key(a, 0));
                        return seen.containsKey(new Key(a, 0)) ? XdpAction.ABORTED : XdpAction.DROP;
                    }
                    return XdpAction.PASS;
                }
            }
            """;

    private static InProcessCompiler.Output output;

    @BeforeAll
    static void compile() throws Exception {
        output = InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-shared-keys"), Map.of("keys.SharedKeys", SOURCE));
    }

    @Test
    void theProcessorsObjectAgreesWithTheJvm() throws Exception {
        agree(output.resource("keys/SharedKeys.bpf.o"));
    }

    @Test
    void clangsObjectOfTheCRenderingAgreesToo() throws Exception {
        agree(output.clangObject("keys/SharedKeys"));
    }

    private static void agree(byte[] object) throws Exception {
        try (URLClassLoader loader = output.classLoader(); LoadedObject loaded = Kernel.load(object)) {
            Class<?> program = loader.loadClass("keys.SharedKeys");
            Class<?> keyType = loader.loadClass("keys.SharedKeys$Key");
            Class<?> countType = loader.loadClass("keys.SharedKeys$Count");
            Method run = program.getMethod("run", XdpContext.class);
            InMemoryMaps.clear(program);
            Program kernel = loaded.program("run");
            Random random = new Random(8);
            int dropped = 0;
            for (int i = 0; i < 300; i++) {
                byte[] frame = FrameBuilder.udp(random.nextInt(16), random.nextInt(8)).payload(random.nextInt(8)).build();
                XdpAction expected = (XdpAction) run.invoke(null, XdpContext.of(frame));
                if (expected == XdpAction.DROP) dropped++;
                assertEquals(expected.code(), kernel.testRun(frame, 1).retval(), "verdict of frame " + i);
            }
            assertTrue(dropped > 10, "the last branch is taken: " + dropped);
            BpfHashMap<Object, Object> counts = InProcessCompiler.staticField(program, "counts");
            BpfHashMap<Object, Object> seen = InProcessCompiler.staticField(program, "seen");
            assertEquals(counts.entries(), Map.copyOf(InProcessCompiler.kernelMap(loaded, "counts", keyType, countType).entries()), "counts");
            assertEquals(seen.entries(), Map.copyOf(InProcessCompiler.kernelMap(loaded, "seen", keyType, Long.class).entries()), "seen");
            assertTrue(counts.size() > 20, "many keys: " + counts.size());
        }
    }
}
