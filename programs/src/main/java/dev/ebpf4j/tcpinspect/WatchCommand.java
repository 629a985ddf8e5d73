package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.tcpinspect.source.FlagCounterProbe;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tcpinspect watch DEV…}: counts the TCP traffic arriving on each interface and shows it each
 * second: the live view on a terminal, else one plain line per interval, or JSON lines.
 */
@Command(name = "watch", description = {"Shows the TCP traffic arriving on DEV…, refreshed every second:",
        "a live view on a terminal (q quits, s changes the sort), one plain line per second otherwise, or --json lines."})
final class WatchCommand implements Callable<Integer> {
    @ParentCommand
    Tcpinspect tool;

    @Parameters(arity = "1..*", paramLabel = "DEV", description = "The interfaces.")
    List<String> devices;

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        Preflight.Checked checked = Preflight.check(options, devices);
        Sources sources = new Sources();
        return RunLoop.run(options, tool, deployment -> deployment.attachAll(checked, FlagCounterProbe::attach).forEach(sources::add),
                sources, () -> Outputs.choose(options, tool, "TcpFlagCounter at XDP (ingress)"));
    }
}
