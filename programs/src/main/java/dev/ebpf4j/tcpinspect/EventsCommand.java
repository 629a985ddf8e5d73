package dev.ebpf4j.tcpinspect;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tcpinspect events DEV…}: one line per connection as it opens and ends, like bcc's tcplife.
 * Its program, ConnectionEvents, is part of the TCP suite (issue 15) and not in this build: the
 * command checks its interfaces, then says so.
 */
@Command(name = "events", description = {"One line per TCP connection on DEV… as it opens and ends (addresses, ports, duration, bytes).",
        "Needs the ConnectionEvents program of the TCP suite (issue 15)."})
final class EventsCommand implements Callable<Integer> {
    @ParentCommand
    Tcpinspect tool;

    @Parameters(arity = "1..*", paramLabel = "DEV", description = "The interfaces.")
    List<String> devices;

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        Interfaces.resolve(devices, options.netns);
        throw new ToolFailure(ExitCode.NEEDS_PROGRAM, "events needs the ConnectionEvents program (the TCP suite, issue 15),"
                + " which this build does not have; 'tcpinspect watch' shows the SYN, FIN and RST counts meanwhile");
    }
}
