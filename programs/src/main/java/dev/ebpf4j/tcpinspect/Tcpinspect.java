package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.links.AttachException;
import dev.ebpf4j.loader.LoadException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of {@code bin/tcpinspect}: see and control incoming TCP traffic on a server's
 * interfaces. Every failure a person can cause ends as one line on standard error with the fix,
 * and an {@link ExitCode} of its own.
 */
@Command(name = "tcpinspect", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "tcpinspect 0.1.0",
        description = "Watch and control incoming TCP traffic on network interfaces with eBPF programs written in Java.",
        subcommands = {WatchCommand.class, EventsCommand.class, GuardCommand.class, FirewallCommand.class, StopCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (also after SIGINT, SIGTERM or q)", "1:an unforeseen failure (--debug shows where)", "2:usage error",
                "3:not root / missing capabilities", "4:no such interface or namespace", "5:the XDP hook is taken",
                "6:no bpffs for --persist", "7:--prometheus port in use", "8:malformed CIDR",
                "10:stop: nothing persisted", "11:--add/--remove/--update: no running instance there"})
public final class Tcpinspect {
    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "On failure, print the stack trace after the one-line error.")
    boolean debug;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private final StopRequest stop;
    private volatile Deployment deployment;

    Tcpinspect(PrintWriter out, PrintWriter err, boolean terminal, StopRequest stop) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.stop = stop;
    }

    public static void main(String[] args) {
        StopRequest stop = new StopRequest();
        for (String name : new String[] {"INT", "TERM"}) {
            // The run ends as at the end of --duration: last line, detach, exit 0 (the JVM's own handling would exit 130 or 143).
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.request());
        }
        java.io.Console console = System.console();
        Tcpinspect tool = new Tcpinspect(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                console != null && console.isTerminal(), stop);
        // A net under the run's own cleanup, for an exit it did not see coming (SIGHUP, an Error):
        // closing what is still attached detaches it.
        Runtime.getRuntime().addShutdownHook(new Thread(tool::closeDeployment, "tcpinspect-detach"));
        System.exit(tool.execute(args));
    }

    /** Runs {@code args} in this process with the given streams, no terminal, and {@code stop} to end a run (for tests). */
    static int run(String[] args, PrintWriter out, PrintWriter err, StopRequest stop) {
        return new Tcpinspect(out, err, false, stop).execute(args);
    }

    int execute(String[] args) {
        CommandLine commandLine = new CommandLine(this);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> report(e, debug(parsed)));
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            err.println("tcpinspect: " + e.getMessage().replace('\n', ' '));
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCode.USAGE;
        });
        try {
            return commandLine.execute(args);
        } catch (Throwable t) {
            return report(t, debug);
        }
    }

    private static boolean debug(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    private int report(Throwable t, boolean debug) {
        int code;
        String message;
        switch (t) {
            case ToolFailure failure -> {
                code = failure.exitCode();
                message = failure.getMessage();
            }
            case BpfException kernel when kernel.errno().number() == 1 -> {
                code = ExitCode.NOT_PERMITTED;
                message = kernel.getMessage() + "; run as root or grant CAP_BPF, CAP_NET_ADMIN and CAP_PERFMON";
            }
            case AttachException attach -> {
                code = ExitCode.INTERNAL;
                message = attach.getMessage();
            }
            case BpfException kernel -> {
                code = ExitCode.INTERNAL;
                message = kernel.getMessage();
            }
            case LoadException load -> {
                code = ExitCode.INTERNAL;
                message = load.getMessage();
            }
            default -> {
                code = ExitCode.INTERNAL;
                message = "internal error: " + t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage())
                        + (debug ? "" : " (--debug shows where; please report it)");
            }
        }
        err.println("tcpinspect: " + message.replace('\n', ' '));
        if (debug) {
            t.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    boolean terminal() {
        return terminal;
    }

    StopRequest stop() {
        return stop;
    }

    /** Remembers the run's deployment for the shutdown hook; returns it. */
    Deployment deployment(Deployment deployment) {
        this.deployment = deployment;
        return deployment;
    }

    private void closeDeployment() {
        Deployment current = deployment;
        if (current != null) {
            current.close();
        }
    }
}
