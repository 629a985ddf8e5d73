package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.tcpinspect.source.ConnectionEventsProbe;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tcpinspect events DEV…}: one line per connection event as it comes (attempted, accepted,
 * ended with its duration and bytes each way), like bcc's tcplife, from ConnectionEvents at tc.
 */
@Command(name = "events", description = {"One line per TCP connection event on DEV…: attempted (SYN), accepted (SYN-ACK), ended (FIN or RST)",
        "with its duration and bytes each way, like bcc's tcplife; --json for one object per event."})
final class EventsCommand implements Callable<Integer> {
    @ParentCommand
    Tcpinspect tool;

    @Parameters(arity = "1..*", paramLabel = "DEV", description = "The interfaces.")
    List<String> devices;

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        Preflight.Checked checked = Preflight.check(options, devices, List.of("ConnectionEvents"), false);
        Sources sources = new Sources();
        return RunLoop.run(options, tool, deployment -> deployment.attachAll(checked, ConnectionEventsProbe::attach, false).forEach(sources::add),
                sources, () -> options.json ? new JsonLines(tool.out(), false) : new EventLines(tool.out()));
    }
}
