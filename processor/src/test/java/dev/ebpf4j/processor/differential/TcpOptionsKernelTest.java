package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfArray;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TCP option accessors from Java source to the kernel: the processor's object and clang's
 * object of the processor's C rendering run on frames with random option lists (malformed ones
 * too), and both must read what the JVM reads.
 */
@RequiresBpf
class TcpOptionsKernelTest {
    private static final int FRAMES = 400;
    private static final int SLOTS = 6;
    private static final long UNSET = -7;
    static final String SOURCE = ProgramSources.program("gen.TcpOptions", """
            @MapDef(maxEntries = 6)
            static final BpfArray<Long> results = new BpfArray<>();

            """ + ProgramSources.overTcp("run", "record(tcp);\n") + """

            /** After the IPv6 extension-header walk one accessor: clang's object of the C rendering stays under the verifier's limit. */
            """ + ProgramSources.overTcp("run6", 6, "results.put(0, (long) tcp.mss());\n") + """

            static void record(Tcp tcp) {
                results.put(0, (long) tcp.mss());
                results.put(1, (long) tcp.windowScale());
                results.put(2, tcp.sackPermitted() ? 1L : 0L);
                results.put(3, tcp.timestampValue());
                results.put(4, tcp.timestampEcho());
                results.put(5, (long) tcp.mss() + tcp.windowScale() * 100000L + (tcp.sackPermitted() ? 7 : 3));
            }
            """);

    @Test
    void ourObjectAndClangsReadTheOptionsTheJvmReads(@TempDir Path dir) throws Exception {
        InProcessCompiler.Output output = InProcessCompiler.compileOrFail(dir, Map.of("gen.TcpOptions", SOURCE));
        byte[] clangsObject = output.clangObject("gen/TcpOptions");

        long seed = new Random().nextLong();
        Random random = new Random(seed);
        TcpOptionFrames frames = new TcpOptionFrames(random);
        try (var loader = output.classLoader();
                LoadedObject ours = Kernel.load(output.resource("gen/TcpOptions.bpf.o"));
                LoadedObject clangs = Kernel.load(clangsObject)) {
            Class<?> program = loader.loadClass("gen.TcpOptions");
            Method run4 = program.getMethod("run", XdpContext.class);
            Method run6 = program.getMethod("run6", XdpContext.class);
            BpfArray<Long> jvm = InProcessCompiler.staticField(program, "results");
            KernelMap<Integer, Long> ourResults = KernelMaps.of(ours.map("results"), Integer.class, Long.class);
            KernelMap<Integer, Long> clangResults = KernelMaps.of(clangs.map("results"), Integer.class, Long.class);
            int present = 0;
            for (int f = 0; f < FRAMES; f++) {
                byte[] frame = frames.frame();
                boolean six = frame.length > 13 && (frame[12] & 0xff) == 0x86;
                Method run = six ? run6 : run4;
                String entry = six ? "run6" : "run";
                for (int slot = 0; slot < SLOTS; slot++) {
                    jvm.put(slot, UNSET);
                    ourResults.put(slot, UNSET);
                    clangResults.put(slot, UNSET);
                }
                run.invoke(null, XdpContext.of(frame));
                assertEquals(2, ours.program(entry).testRun(frame, 1).retval());
                assertEquals(2, clangs.program(entry).testRun(frame, 1).retval());
                long[] expected = new long[SLOTS], actual = new long[SLOTS], clangActual = new long[SLOTS];
                for (int slot = 0; slot < SLOTS; slot++) {
                    expected[slot] = jvm.get(slot);
                    actual[slot] = ourResults.get(slot);
                    clangActual[slot] = clangResults.get(slot);
                }
                String where = "seed " + seed + ", " + entry + ", frame " + HexFormat.of().formatHex(frame);
                assertArrayEquals(expected, actual, "our object: " + where);
                assertArrayEquals(expected, clangActual, "clang's object: " + where);
                if (expected[0] >= 0 || expected[1] >= 0 || expected[3] >= 0) present++;
            }
            assertTrue(present > FRAMES / 4, "most frames carry some option the walk finds: " + present);
        }
    }
}
