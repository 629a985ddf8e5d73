package dev.ebpf4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of {@code bin/ebpf4j}. */
@Command(
        name = "ebpf4j",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,  // -h/--help on every subcommand too, where the usage errors point
        version = "ebpf4j 0.1.0",
        description = "A pure-Java eBPF toolchain: assemble, inspect, load, test-run and attach eBPF programs.",
        subcommands = {AsmCommand.class, DisasmCommand.class, InfoCommand.class, LoadCommand.class, RunCommand.class,
                MapCommand.class, ConformanceCommand.class, AttachCommand.class, DetachCommand.class, NetCommand.class,
                CommandLine.HelpCommand.class})
public final class Ebpf4j {
    /** Set to anything but empty or {@code 0}, it does what {@code --debug} does, for every command. */
    static final String DEBUG_VARIABLE = "EBPF4J_DEBUG";

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace after the one-line error (as does EBPF4J_DEBUG=1).")
    boolean debug;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return execute(new CommandLine(new Ebpf4j()), args, out, err, System.getenv(DEBUG_VARIABLE));
    }

    /**
     * Runs {@code commandLine} (this command, or a test's variant of it) with ebpf4j's handling of
     * failures, {@code debugVariable} standing for the value of {@value #DEBUG_VARIABLE}.
     */
    static int execute(CommandLine commandLine, String[] args, PrintWriter out, PrintWriter err, String debugVariable) {
        boolean debugFromEnvironment = debugVariable != null && !debugVariable.isEmpty() && !debugVariable.equals("0");
        commandLine.setOut(out);
        commandLine.setErr(err);
        UserErrors errors = new UserErrors(debugFromEnvironment);
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setParameterExceptionHandler(new UsageErrors());
        try {
            return commandLine.execute(args);
        } catch (Throwable t) {
            // Errors (a failed native link, a class that did not initialise, a stack overflow) pass by
            // picocli's handlers: this is the net under them.
            return errors.lastResort(t, commandLine);
        }
    }
}
