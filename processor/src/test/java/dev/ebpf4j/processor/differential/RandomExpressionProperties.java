package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfArray;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;

/**
 * Random expression programs — arithmetic, bitwise operators, shifts, casts and comparisons over
 * every primitive type, with overflow — compiled by the processor, then run on the JVM and in the
 * kernel on edge-heavy inputs: every expression's value must agree.
 */
@RequiresBpf
@Tag("slow") // javac and the processor in-process on each try: minutes under the VMs' emulation
class RandomExpressionProperties {
    private static final int EXPRESSIONS = 40;
    private static final int INPUT_SETS = 8;
    private static final long[] EDGES = {0, 1, -1, 2, 31, 32, 63, 64, 0x7f, 0x80, 0xff, 0xffff, 0x8000,
            Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffffffffL, Long.MAX_VALUE, Long.MIN_VALUE, 0x100000000L};

    @Property(tries = 6)
    void expressionsAgreeBetweenTheJvmAndTheKernel(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        ExpressionGenerator generator = new ExpressionGenerator(random);
        List<String> expressions = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < EXPRESSIONS; i++) {
            ExpressionGenerator.Type type = generator.anyType();
            String expression = generator.expression(type, 1 + random.nextInt(4));
            expressions.add(expression);
            body.append("        results.put(").append(i).append(", ").append(ExpressionGenerator.asLong(type, expression)).append(");\n");
        }
        String source = """
                package gen;

                import dev.ebpf4j.program.*;
                import dev.ebpf4j.program.maps.*;

                @BpfProgram(license = "GPL")
                public final class Expressions {
                    @MapDef(maxEntries = 4)
                    static final BpfArray<Long> inputs = new BpfArray<>();
                    @MapDef(maxEntries = %d)
                    static final BpfArray<Long> results = new BpfArray<>();

                    @Xdp
                    public static XdpAction run(XdpContext ctx) {
                        long in0 = inputs.getOrDefault(0, 0L);
                        long in1 = inputs.getOrDefault(1, 0L);
                        long in2 = inputs.getOrDefault(2, 0L);
                        long in3 = inputs.getOrDefault(3, 0L);
                %s
                %s        return XdpAction.PASS;
                    }
                }
                """.formatted(EXPRESSIONS, ExpressionGenerator.DECLARATIONS.indent(8), body);
        Path dir = Files.createTempDirectory("ebpf4j-expressions");
        InProcessCompiler.Output output = InProcessCompiler.compile(dir, Map.of("gen.Expressions", source));
        assertTrue(output.success(), "seed " + seed + ": the program does not compile:\n" + output.errors() + "\n" + source);

        LoadedObject loaded;
        try {
            loaded = Kernel.load(output.resource("gen/Expressions.bpf.o"));
        } catch (RuntimeException e) {
            throw new AssertionError("seed " + seed + ": the kernel refuses the program: " + e.getMessage() + "\n" + source, e);
        }
        try (var loader = output.classLoader(); LoadedObject kernel = loaded) {
            Class<?> program = loader.loadClass("gen.Expressions");
            Method run = program.getMethod("run", XdpContext.class);
            BpfArray<Long> inputs = InProcessCompiler.staticField(program, "inputs");
            BpfArray<Long> results = InProcessCompiler.staticField(program, "results");
            KernelMap<Integer, Long> kernelInputs = KernelMaps.of(kernel.map("inputs"), Integer.class, Long.class);
            KernelMap<Integer, Long> kernelResults = KernelMaps.of(kernel.map("results"), Integer.class, Long.class);
            byte[] frame = FrameBuilder.tcp(1, 2).build();
            for (int set = 0; set < INPUT_SETS; set++) {
                long[] in = new long[4];
                for (int i = 0; i < 4; i++) {
                    in[i] = random.nextInt(3) == 0 ? random.nextLong() : EDGES[random.nextInt(EDGES.length)];
                    inputs.put(i, in[i]);
                    kernelInputs.put(i, in[i]);
                }
                run.invoke(null, XdpContext.of(frame));
                assertEquals(2, kernel.program("run").testRun(frame, 1).retval(), "XDP_PASS");
                for (int i = 0; i < EXPRESSIONS; i++) {
                    int index = i;
                    long expected = results.get(i);
                    long actual = kernelResults.get(i);
                    assertEquals(expected, actual, () -> "seed " + seed + ", inputs " + java.util.Arrays.toString(in)
                            + ": results[" + index + "] = " + expressions.get(index));
                }
            }
        }
    }
}
