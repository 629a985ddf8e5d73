package dev.ebpf4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/ebpf4j}. */
@Command(
        name = "ebpf4j",
        mixinStandardHelpOptions = true,
        version = "ebpf4j 0.1.0",
        description = "A pure-Java eBPF toolchain: assemble, inspect, load and test-run eBPF objects.",
        subcommands = {AsmCommand.class, DisasmCommand.class, InfoCommand.class, LoadCommand.class, RunCommand.class,
                MapCommand.class, ConformanceCommand.class, CommandLine.HelpCommand.class})
public final class Ebpf4j {

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Ebpf4j());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new UserErrors());
        return commandLine.execute(args);
    }
}
