package dev.ebpf4j.tcpinspect;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tcpinspect guard DEV… --syn-rate N}: the SYN-flood guard. Its program, SynGuard, is part of
 * the TCP suite (issue 15) and not in this build: the command checks its arguments and interfaces,
 * then says so.
 */
@Command(name = "guard", description = {"Limits SYNs per source on DEV… (a token bucket per address; --allow prefixes never limited).",
        "Needs the SynGuard program of the TCP suite (issue 15)."})
final class GuardCommand implements Callable<Integer> {
    @ParentCommand
    Tcpinspect tool;

    @Parameters(arity = "1..*", paramLabel = "DEV", description = "The interfaces.")
    List<String> devices;

    @Option(names = "--syn-rate", required = true, paramLabel = "N", description = "SYNs per second allowed per source.")
    int synRate;

    @Option(names = "--burst", paramLabel = "N", description = "SYNs a source may send at once (default: the rate).")
    Integer burst;

    @Option(names = "--allow", arity = "1..*", paramLabel = "CIDR", description = "Sources never limited.")
    List<String> allow = List.of();

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        Preflight.prefixes("--allow", allow);
        if (synRate <= 0 || (burst != null && burst <= 0)) {
            throw new ToolFailure(ExitCode.USAGE, "--syn-rate and --burst take a number above 0");
        }
        Interfaces.resolve(devices, options.netns);
        throw new ToolFailure(ExitCode.NEEDS_PROGRAM, "guard needs the SynGuard program (the TCP suite, issue 15),"
                + " which this build does not have; 'tcpinspect watch' shows the SYN rate meanwhile");
    }
}
