package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.programs.ProgramInfo;
import dev.ebpf4j.testing.RequiresBpf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The processor's code against clang -O2 -mcpu=v3 on the processor's C rendering, on the
 * record-heavy fixtures (issue 13 part 4): instructions after verification (xlated) and
 * instructions the verifier processed, in the kernel. Prints a Markdown table for
 * docs/benchmarks.md; with {@code -Debpf4j.codesize.dir=DIR} it also leaves both objects of each
 * program there, for dumping with bpftool. Each program's xlated size as a multiple of clang's may
 * not grow past the one recorded when the back end last got smaller: the test is the ratchet that
 * keeps them. A ratio, not a count, because the kernel's rewrites (inlined lookups) differ between
 * the kernels the suite runs on and move both builds alike.
 */
@RequiresBpf
class CodeSizeKernelTest {
    /** Program (package/Class, entry) to the largest ratio of our xlated instructions to clang's, as last measured. */
    private static final Map<String, Double> CEILINGS = new LinkedHashMap<>();

    static {
        CEILINGS.put("flows/InPlace track", 0.96);
        CEILINGS.put("flows/GetAndPut track", 0.96);
        CEILINGS.put("heavy/DualStackFlows track", 0.84);
        CEILINGS.put("dev/ebpf4j/examples/FlowTracker track", 1.09);
        CEILINGS.put("globals/Guard guard", 1.10);
    }

    private static InProcessCompiler.Output output;

    @BeforeAll
    static void compile() throws Exception {
        output = InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-code-size"), Map.of(
                "flows.InPlace", FieldUpdatesKernelTest.IN_PLACE,
                "flows.GetAndPut", FieldUpdatesKernelTest.GET_AND_PUT,
                "heavy.DualStackFlows", RecordHeavyPrograms.DUAL_STACK_FLOWS,
                "dev.ebpf4j.examples.FlowTracker", frontEndFixture("FlowTracker.java"),
                "globals.Guard", GlobalsKernelTest.SOURCE));
    }

    @Test
    void oursStaysWithinItsRecordedSizeAndIsPrintedBesideClangs() throws Exception {
        KernelAtomics.assumeBitwise();
        String keep = System.getProperty("ebpf4j.codesize.dir");
        StringBuilder table = new StringBuilder("| program | ours xlated | clang xlated | ratio | ours verified | clang verified | ratio |\n"
                + "|---|---|---|---|---|---|---|\n");
        StringBuilder over = new StringBuilder();
        for (var entry : CEILINGS.entrySet()) {
            String[] parts = entry.getKey().split(" ");
            String base = parts[0];
            String program = parts[1];
            byte[] ours = output.resource(base + ".bpf.o");
            byte[] clangs = output.clangObject(base);
            if (keep != null) {
                Path dir = Files.createDirectories(Path.of(keep));
                String name = base.substring(base.lastIndexOf('/') + 1);
                Files.write(dir.resolve(name + ".ours.o"), ours);
                Files.write(dir.resolve(name + ".clang.o"), clangs);
            }
            int[] o = sizes(ours, program);
            int[] c = sizes(clangs, program);
            String name = base.substring(base.lastIndexOf('/') + 1) + "." + program;
            table.append(String.format("| %s | %d | %d | %.2f× | %d | %d | %.2f× |%n", name, o[0], c[0], (double) o[0] / c[0],
                    o[1], c[1], (double) o[1] / c[1]));
            double ratio = (double) o[0] / c[0];
            if (ratio > entry.getValue() + 0.005) {
                over.append(String.format("%s: %d xlated against clang's %d, %.2f×; recorded at most %.2f×%n", name, o[0], c[0], ratio,
                        entry.getValue()));
            }
        }
        System.out.println(table);
        assertTrue(over.isEmpty(), "the back end's code grew:\n" + over);
    }

    private static int[] sizes(byte[] object, String program) {
        try (LoadedObject loaded = Kernel.load(object)) {
            ProgramInfo info = loaded.program(program).info();
            return new int[] {info.xlatedLength() / 8, info.verifiedInstructions().orElse(-1)};
        }
    }

    private static String frontEndFixture(String name) throws IOException {
        try (InputStream in = CodeSizeKernelTest.class.getResourceAsStream("/dev/ebpf4j/processor/frontend/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
