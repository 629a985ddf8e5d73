package dev.ebpf4j.cli;

import dev.ebpf4j.testing.Checkout;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.testing.ExternalTool;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure commands (asm, disasm, info) end to end, with LLVM 19 as the oracle of what they write and print. */
class CommandLineTest {
    private static final Path DEMO = Checkout.path("docs", "demo", "drop_telnet.s");

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {}

    static Run ebpf4j(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ebpf4j.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** A user's mistake: exit 1 and exactly one line on standard error, with no stack trace. */
    static void assertOneLineError(Run run, String... fragments) {
        assertAll(
                () -> assertEquals(1, run.exitCode(), run.err()),
                () -> assertEquals(1, run.err().lines().count(), "one line expected: " + run.err()),
                () -> assertFalse(run.err().contains("Exception"), run.err()),
                () -> assertTrue(run.err().startsWith("ebpf4j: "), run.err()),
                () -> Arrays.stream(fragments).forEach(f -> assertTrue(run.err().contains(f), "missing '" + f + "' in " + run.err())));
    }

    private Path assembleDemo() {
        Path object = dir.resolve("drop_telnet.o");
        Run run = ebpf4j("asm", DEMO.toString(), "-o", object.toString());
        assertEquals(0, run.exitCode(), run.err());
        return object;
    }

    @Test
    void infoListsTheAssembledProgram() {
        Run info = ebpf4j("info", assembleDemo().toString());
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().lines().anyMatch(l -> l.matches("\\s+drop_telnet\\s+xdp\\s+XDP\\s+XDP\\s+17")), info.out());
        assertTrue(info.out().contains("license: GPL"), info.out());
    }

    @Test
    void disasmPrintsWhatLlvmObjdumpPrintsForTheSameObject() {
        Path object = assembleDemo();
        Run disasm = ebpf4j("disasm", object.toString());
        assertEquals(0, disasm.exitCode(), disasm.err());
        List<String> ours = instructionTexts(disasm.out(), Pattern.compile("^\\s+\\d+: (.*)$"));

        ExternalTool objdump = ExternalTool.require("llvm-objdump-19");
        String theirs = objdump.run("-d", "--mcpu=v4", "--no-show-raw-insn", "--no-print-imm-hex", object.toString()).stdout();
        List<String> expected = instructionTexts(theirs, Pattern.compile("^\\s+\\d+:\\s+(.*?)(?: <.*>)?$"));
        assertEquals(17, expected.size(), theirs);
        assertEquals(expected, ours);
    }

    private static List<String> instructionTexts(String listing, Pattern line) {
        return listing.lines().map(line::matcher).filter(Matcher::matches).map(m -> m.group(1).strip()).toList();
    }

    @Test
    void asmReportsASyntaxErrorWithFileAndLine() throws IOException {
        Path source = dir.resolve("bad.s");
        Files.writeString(source, ".section xdp\nprog:\n  r0 = 2\n  r11 = 1\n  exit\n");
        Path output = dir.resolve("bad.o");
        assertOneLineError(ebpf4j("asm", source.toString(), "-o", output.toString()), "bad.s: line 4", "r11");
        assertFalse(Files.exists(output), "no object may be written for bad input");
    }

    @Test
    void asmReportsAProgramSectionWithoutAFunctionName() throws IOException {
        Path source = dir.resolve("anonymous.s");
        Files.writeString(source, ".section xdp\n  r0 = 2\n  exit\n");
        assertOneLineError(ebpf4j("asm", source.toString(), "-o", dir.resolve("a.o").toString()), "anonymous.s", "section xdp");
    }

    @Test
    void infoAndDisasmReportATruncatedObjectWithItsOffset() throws IOException {
        byte[] whole = Files.readAllBytes(assembleDemo());
        Path truncated = dir.resolve("truncated.o");
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
        assertOneLineError(ebpf4j("info", truncated.toString()), "truncated.o: offset 0x");
        assertOneLineError(ebpf4j("disasm", truncated.toString()), "truncated.o: offset 0x");
    }

    @Test
    void aMissingFileIsOneLine() {
        assertOneLineError(ebpf4j("info", dir.resolve("nothing.o").toString()), "nothing.o: no such file");
        assertOneLineError(ebpf4j("asm", dir.resolve("nothing.s").toString(), "-o", dir.resolve("x.o").toString()), "nothing.s: no such file");
    }

    @Test
    void anObjectForAnotherMachineIsRefusedClearly() throws IOException {
        Path notBpf = dir.resolve("x86.o");
        byte[] header = new byte[64];
        byte[] magic = {0x7f, 'E', 'L', 'F', 2, 1, 1};
        System.arraycopy(magic, 0, header, 0, magic.length);
        header[16] = 1;   // ET_REL
        header[18] = 62;  // EM_X86_64
        Files.write(notBpf, header);
        assertOneLineError(ebpf4j("info", notBpf.toString()), "x86.o: offset 0x12", "not EM_BPF");
    }
}
