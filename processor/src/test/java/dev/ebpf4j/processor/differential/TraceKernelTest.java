package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.program.JvmEnvironment;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfArray;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.testing.RequiresBpf;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Bpf.trace} from Java source to the kernel's trace buffer: the processor's object and
 * clang's object of the C rendering print lines with a marker unique to the run, read back from
 * {@code /sys/kernel/tracing/trace} (never {@code trace_pipe}, which would consume other readers'
 * lines; the buffer is not cleared), and they must be the lines the JVM traced.
 */
@RequiresBpf
class TraceKernelTest {
    private static final Path TRACING = Path.of("/sys/kernel/tracing");
    private static final String SOURCE = """
            package gen;

            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.maps.*;

            @BpfProgram(license = "GPL")
            public final class Traces {
                static final String DONE = "MARKER done";

                @MapDef(maxEntries = 3)
                static final BpfArray<Long> inputs = new BpfArray<>();

                @Xdp
                public static XdpAction run(XdpContext ctx) {
                    long a = inputs.getOrDefault(0, 0L);
                    long b = inputs.getOrDefault(1, 0L);
                    long run = inputs.getOrDefault(2, 0L);
                    int c = (int) (a >>> 3);
                    Bpf.trace("MARKER start %ld", run);
                    Bpf.trace("MARKER d=%d u=%u x=%x", a, a, a);
                    Bpf.trace("MARKER ld=%ld lu=%lu lx=%lx", b, b, b);
                    Bpf.trace("MARKER i=%i lli=%lli llu=%llu", c, a + b, b);
                    if (c > 0) Bpf.trace("MARKER q\\"uote\\\\ len %d", ctx.length());
                    Bpf.trace(DONE);
                    return XdpAction.PASS;
                }
            }
            """;
    private static final long[] EDGES = {0, 1, -1, 0x7fffffffL, 0x80000000L, 0xffffffffL, Long.MIN_VALUE, Long.MAX_VALUE};

    @Test
    void theKernelPrintsWhatTheJvmTraces(@TempDir Path dir) throws Exception {
        Path trace = tracingFile();
        String marker = "ebpf4j-" + Long.toHexString(new Random().nextLong() >>> 1);
        InProcessCompiler.Output output = InProcessCompiler.compileOrFail(dir, Map.of("gen.Traces", SOURCE.replace("MARKER", marker)));
        byte[] clangsObject = output.clangObject("gen/Traces");

        Random random = new Random();
        byte[] frame = FrameBuilder.tcp(1, 2).payload(7).build();
        try (var loader = output.classLoader();
                LoadedObject ours = Kernel.load(output.resource("gen/Traces.bpf.o"));
                LoadedObject clangs = Kernel.load(clangsObject)) {
            Class<?> program = loader.loadClass("gen.Traces");
            Method run = program.getMethod("run", XdpContext.class);
            BpfArray<Long> inputs = field(program, "inputs");
            long id = 0;
            for (int set = 0; set < 6; set++) {
                long a = random.nextBoolean() ? EDGES[random.nextInt(EDGES.length)] : random.nextLong();
                long b = random.nextBoolean() ? EDGES[random.nextInt(EDGES.length)] : random.nextLong();
                for (LoadedObject object : List.of(ours, clangs)) {
                    id++;
                    inputs.put(0, a);
                    inputs.put(1, b);
                    inputs.put(2, id);
                    JvmEnvironment.current().clearTrace();
                    run.invoke(null, XdpContext.of(frame));
                    List<String> expected = JvmEnvironment.current().traced();
                    KernelMap<Integer, Long> kernelInputs = KernelMaps.of(object.map("inputs"), Integer.class, Long.class);
                    kernelInputs.put(0, a);
                    kernelInputs.put(1, b);
                    kernelInputs.put(2, id);
                    assertEquals(2, object.program("run").testRun(frame, 1).retval());
                    String which = (object == ours ? "our" : "clang's") + " object, a=" + a + ", b=" + b;
                    assertEquals(expected, linesOfRun(traced(trace, marker), expected.getFirst()), which);
                }
            }
        }
    }

    /** The newest run's lines: from the last one equal to {@code start} on. */
    private static List<String> linesOfRun(List<String> lines, String start) {
        int from = lines.lastIndexOf(start);
        return from < 0 ? List.of() : lines.subList(from, lines.size());
    }

    /** The messages of the buffer's bpf_trace_printk lines that start with {@code marker}. */
    private static List<String> traced(Path trace, String marker) throws IOException {
        String tag = "bpf_trace_printk: ";
        return Files.readAllLines(trace).stream()
                .filter(line -> line.contains(tag + marker))
                .map(line -> line.substring(line.indexOf(tag) + tag.length()))
                .toList();
    }

    /** {@code /sys/kernel/tracing/trace}, mounting tracefs there first if it is not mounted. */
    private static Path tracingFile() throws IOException, InterruptedException {
        Path trace = TRACING.resolve("trace");
        if (!Files.exists(trace)) {
            Process mount = new ProcessBuilder("mount", "-t", "tracefs", "nodev", TRACING.toString()).inheritIO().start();
            mount.waitFor();
        }
        Assumptions.assumeTrue(Files.isReadable(trace), "skipped: no tracefs at " + TRACING + " and it cannot be mounted");
        return trace;
    }

    private static <T> T field(Class<?> owner, String name) throws ReflectiveOperationException {
        return InProcessCompiler.staticField(owner, name);
    }
}
