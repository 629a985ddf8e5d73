package dev.ebpf4j.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.cli.CommandLineTest.Run;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * How the command line ends when a command fails in a way no command put into words (a bug), and
 * when its arguments do not parse: one line (two for a usage error), never a stack trace unless
 * asked for.
 */
class FailureReportingTest {

    /** A stand-in for a bug: fails the way it is told to. */
    @Command(name = "fail")
    static final class Failing implements Callable<Integer> {
        @Parameters(index = "0")
        String how;

        @Override
        public Integer call() {
            if (how.equals("error")) {
                throw new NoClassDefFoundError("dev/ebpf4j/Missing");
            }
            throw new IllegalStateException("no state here");
        }
    }

    private static Run ebpf4jWithABug(String debugVariable, String... args) {
        CommandLine commandLine = new CommandLine(new Ebpf4j()).addSubcommand(new Failing());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ebpf4j.execute(commandLine, args, new PrintWriter(out, true), new PrintWriter(err, true), debugVariable);
        return new Run(code, out.toString(), err.toString());
    }

    private static void assertOneLineWithoutTrace(Run run, String firstLine) {
        assertAll(
                () -> assertEquals(1, run.exitCode(), run.err()),
                () -> assertEquals(1, run.err().lines().count(), "one line expected: " + run.err()),
                () -> assertTrue(run.err().startsWith(firstLine), run.err()),
                () -> assertTrue(run.err().contains("--debug or EBPF4J_DEBUG=1 shows where"), run.err()));
    }

    @Test
    void anUnexpectedExceptionIsOneLineWithoutAStackTrace() {
        assertOneLineWithoutTrace(ebpf4jWithABug(null, "fail", "exception"),
                "ebpf4j: internal error: java.lang.IllegalStateException: no state here (");
    }

    @Test
    void anErrorPicocliLetsThroughIsOneLineToo() {
        assertOneLineWithoutTrace(ebpf4jWithABug(null, "fail", "error"),
                "ebpf4j: internal error: java.lang.NoClassDefFoundError: dev/ebpf4j/Missing (");
    }

    @Test
    void debugBeforeOrAfterTheCommandAndTheEnvironmentVariableAddTheTrace() {
        for (Run run : List.of(ebpf4jWithABug(null, "--debug", "fail", "exception"),
                ebpf4jWithABug(null, "fail", "--debug", "exception"), ebpf4jWithABug("1", "fail", "exception"))) {
            List<String> lines = run.err().lines().toList();
            assertEquals(1, run.exitCode(), run.err());
            assertEquals("ebpf4j: internal error: java.lang.IllegalStateException: no state here", lines.getFirst());
            assertEquals("java.lang.IllegalStateException: no state here", lines.get(1), run.err());
            assertTrue(lines.get(2).startsWith("\tat dev.ebpf4j.cli.FailureReportingTest$Failing.call("), run.err());
        }
        assertOneLineWithoutTrace(ebpf4jWithABug("0", "fail", "exception"), "ebpf4j: internal error: ");
    }

    @Test
    void aUserErrorWithDebugStillLeadsWithItsOneLine() {
        Run run = CommandLineTest.ebpf4j("--debug", "info", "/nonexistent/nothing.o");
        assertEquals(1, run.exitCode());
        assertEquals("ebpf4j: /nonexistent/nothing.o: no such file", run.err().lines().findFirst().orElseThrow());
        assertTrue(run.err().contains("\tat "), "--debug shows where even a user's error was raised: " + run.err());
    }

    private static void assertUsageError(Run run, String command, String... fragments) {
        List<String> lines = run.err().lines().toList();
        assertAll(
                () -> assertEquals(2, run.exitCode(), run.err()),
                () -> assertEquals(2, lines.size(), "the error and a pointer to --help expected, not the usage: " + run.err()),
                () -> assertTrue(lines.getFirst().startsWith("ebpf4j: "), run.err()),
                () -> List.of(fragments).forEach(f -> assertTrue(lines.getFirst().contains(f), "missing '" + f + "' in " + run.err())),
                () -> assertEquals("Try '" + command + " --help' for more information.", lines.getLast()),
                () -> assertEquals("", run.out()));
        String[] words = command.split(" ");
        String[] help = Arrays.copyOfRange(words, 1, words.length + 1);
        help[help.length - 1] = "--help";
        Run helped = CommandLineTest.ebpf4j(help);
        assertEquals(0, helped.exitCode(), "the --help the error points to must work: " + helped.err());
        assertTrue(helped.out().startsWith("Usage: " + command + " "), helped.out());
    }

    @Test
    void aUsageErrorIsTheErrorAndOneLinePointingToHelp() {
        assertUsageError(CommandLineTest.ebpf4j("run", "prog.o:x"), "ebpf4j run", "Missing required option", "--data");
        assertUsageError(CommandLineTest.ebpf4j("info", "a.o", "b.o"), "ebpf4j info", "Unmatched argument", "'b.o'");
        assertUsageError(CommandLineTest.ebpf4j("load", "a.o", "--pni", "/sys/fs/bpf/a"), "ebpf4j load", "Unknown option", "'--pni'");
        assertUsageError(CommandLineTest.ebpf4j("map"), "ebpf4j map", "Missing required subcommand");
        assertUsageError(CommandLineTest.ebpf4j("disasmm", "a.o"), "ebpf4j", "'disasmm'", "(did you mean disasm");
    }
}
