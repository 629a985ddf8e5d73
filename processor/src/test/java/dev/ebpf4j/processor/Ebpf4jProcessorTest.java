package dev.ebpf4j.processor;

import dev.ebpf4j.processor.fixture.Javac;
import dev.ebpf4j.program.BpfProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The processor inside a real javac run: declaration checks, body checks after analysis, failures as diagnostics. */
class Ebpf4jProcessorTest {
    private static final String GOOD = """
            package demo;
            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.maps.*;
            @BpfProgram(license = "GPL")
            public class Good {
                @MapDef(maxEntries = 4) static final BpfArray<Long> seen = new BpfArray<>();
                @Xdp static XdpAction run(XdpContext ctx) {
                    seen.increment(0);
                    return XdpAction.PASS;
                }
            }
            """;

    private static final String BAD = """
            package demo;
            import dev.ebpf4j.program.*;
            @BpfProgram(license = "GPL")
            public class Bad {
                @Xdp static XdpAction run(XdpContext ctx) {
                    int a = ctx.length() / 2;
                    return XdpAction.PASS;
                }
                @Xdp static int wrong(XdpContext ctx) { return 0; }
            }
            """;

    record Run(boolean success, List<Diagnostic<? extends JavaFileObject>> errors) {
        String text() {
            StringBuilder out = new StringBuilder();
            for (var d : errors) out.append(d.getLineNumber()).append(':').append(d.getColumnNumber()).append(' ').append(d.getMessage(Locale.ROOT)).append('\n');
            return out.toString();
        }
    }

    private static Run compile(Path out, String name, String source, String... options) {
        List<String> args = new ArrayList<>(List.of("-classpath", Javac.classPath(BpfProgram.class),
                "-d", out.toString(), "-proc:only".equals(options.length > 0 ? options[0] : "") ? "-proc:only" : "-proc:full"));
        for (String option : options) if (!option.equals("-proc:only")) args.add(option);
        Javac.Result result = Javac.compile(args, List.of(Javac.source("demo." + name, source)), List.of(new Ebpf4jProcessor()));
        return new Run(result.success(), result.errors());
    }

    @Test
    void aGoodProgramPassesTheFrontEnd(@TempDir Path out) {
        Run run = compile(out, "Good", GOOD, "-Aebpf4j.stopAfter=frontend");
        assertEquals("", run.text());
        assertTrue(run.success());
    }

    @Test
    void declarationAndBodyErrorsAreReportedWhereTheyAre(@TempDir Path out) {
        Run run = compile(out, "Bad", BAD, "-Aebpf4j.stopAfter=frontend");
        assertTrue(!run.success());
        String text = run.text();
        assertTrue(text.contains("9:21 entry method 'wrong' must be declared as static XdpAction wrong(XdpContext ctx)"), text);
        assertEquals(1, run.errors().size(), text); // a class with bad declarations is not lowered
    }

    @Test
    void bodyErrorsAfterAnalysis(@TempDir Path out) {
        Run run = compile(out, "Bad", BAD.replace("@Xdp static int wrong(XdpContext ctx) { return 0; }", ""), "-Aebpf4j.stopAfter=frontend");
        assertTrue(!run.success());
        assertTrue(run.text().startsWith("6:30 division and remainder"), run.text());
    }

    /**
     * Without the option the back ends and the skeleton generator run: each either writes its
     * outputs or fails with one "ebpf4j internal error" on the class, never a javac crash. (While
     * they are placeholders this checks the failure path; once they land, the outputs.)
     */
    @Test
    void backEndsWriteTheirOutputsOrReportOneErrorEach(@TempDir Path out) throws Exception {
        Run run = compile(out, "Good", GOOD);
        for (var error : run.errors()) {
            assertTrue(error.getMessage(Locale.ROOT).startsWith("ebpf4j internal error in "), run.text());
        }
        String text = run.text();
        boolean bpf = Files.exists(out.resolve("demo" + File.separator + "Good.bpf.o"));
        boolean c = Files.exists(out.resolve("demo" + File.separator + "Good.bpf.c"));
        if (text.contains("in the skeleton generator")) {
            // an error during processing stops javac before analysis: no bodies, no back ends
            assertEquals(1, run.errors().size(), text);
            assertTrue(!bpf && !c, text);
            return;
        }
        assertTrue(Files.exists(out.resolve("demo" + File.separator + "GoodSkeleton.class")), text);
        assertTrue(bpf != text.contains("in the eBPF back end"), text);
        assertTrue(c != text.contains("in the C back end"), text);
        if (c) assertTrue(Files.exists(out.resolve("demo" + File.separator + "ebpf4j.h")));
    }

    private static final String SLOTS = """
            package demo.util;
            public final class Slots {
                private Slots() { }
                public static int slot(int length) { return length > 100 ? 1 : 0; }
            }
            """;

    private static Javac.Result compileWithSlots(Path out, boolean programFirst, String... options) {
        List<String> args = new ArrayList<>(List.of("-classpath", Javac.classPath(BpfProgram.class), "-d", out.toString()));
        args.addAll(List.of(options));
        JavaFileObject program = Javac.source("demo.Good", GOOD.replace("seen.increment(0);", "seen.increment(demo.util.Slots.slot(ctx.length()));"));
        JavaFileObject slots = Javac.source("demo.util.Slots", SLOTS);
        return Javac.compile(args, programFirst ? List.of(program, slots) : List.of(slots, program), List.of(new Ebpf4jProcessor()));
    }

    /**
     * A program that inlines a static method of another class compiled with it is compiled once
     * javac has analysed that class too: under -XDcompilePolicy=simple whatever the order.
     */
    @Test
    void aProgramWaitsForTheClassesWhoseMethodsItInlines(@TempDir Path out) {
        for (boolean programFirst : new boolean[] {true, false}) {
            Javac.Result result = compileWithSlots(out, programFirst, "-XDcompilePolicy=simple");
            assertEquals("", result.errorText());
            assertTrue(Files.exists(out.resolve("demo" + File.separator + "Good.bpf.o")));
            assertTrue(Files.exists(out.resolve("demo" + File.separator + "Good.bpf.c")));
        }
    }

    /** Under javac's default policy the program and the class it calls are never analysed side by side: one error that names the fix. */
    @Test
    void underTheDefaultPolicyACallOfAnotherClassIsOneErrorWithTheFix(@TempDir Path out) {
        for (boolean programFirst : new boolean[] {true, false}) {
            Javac.Result result = compileWithSlots(out, programFirst);
            assertEquals(1, result.errors().size(), result.errorText());
            assertTrue(result.errorText().contains("this program calls methods of demo.util.Slots, which javac does not keep"
                    + " analysed beside it under its default policy"), result.errorText());
            assertTrue(result.errorText().contains("compile with -XDcompilePolicy=simple"), result.errorText());
        }
    }
}
