package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.tcpinspect.source.ConnectionEventsProbe;
import dev.ebpf4j.tcpinspect.source.FlowTrackerProbe;
import dev.ebpf4j.tcpinspect.source.TrafficCountersProbe;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tcpinspect watch DEV…}: counts the TCP traffic crossing each interface, both directions,
 * tracks its connections and their events, and shows them each second: the live view on a
 * terminal, else one plain line per interval, or JSON lines. Its programs run at tc, which sees
 * both directions (XDP sees only what arrives) and is shared, so the guard or the firewall can hold
 * the XDP hook of the same interface at the same time; the counts of a tcpinspect guard or
 * firewall running there are shown with watch's own ({@link Beside}).
 */
@Command(name = "watch", description = {"Shows the TCP traffic crossing DEV… (both directions), its connections and their events, refreshed every second:",
        "a live view on a terminal (q quits, s changes the sort), one plain line per second otherwise, or --json lines.",
        "Attaches at tc, beside a guard or firewall at XDP, and shows the drops of a tcpinspect guard or firewall running on DEV",
        "(read through the maps they pin, at each reading; not in watch's /metrics, which their own --prometheus serves)."})
final class WatchCommand implements Callable<Integer> {
    static final List<String> PROGRAMS = List.of("TrafficCounters", "FlowTracker", "ConnectionEvents");

    @ParentCommand
    Tcpinspect tool;

    @Parameters(arity = "1..*", paramLabel = "DEV", description = "The interfaces.")
    List<String> devices;

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        Preflight.Checked checked = Preflight.check(options, devices, PROGRAMS, false);
        Sources sources = new Sources();
        sources.showBeside(new Beside(checked.pins(), checked.devices()));
        StringBuilder what = new StringBuilder("TrafficCounters");
        return RunLoop.run(options, tool, deployment -> {
                    List<TrafficCountersProbe> counters = deployment.attachAll(checked, TrafficCountersProbe::attach, false);
                    counters.forEach(sources::add);
                    // tc runs a hook's programs in order until one returns a verdict: the suite's tc programs
                    // return TC_ACT_UNSPEC ("next"), so the flow table and the events after the counters see every packet
                    List<FlowTrackerProbe> flows = deployment.attachAll(checked, FlowTrackerProbe::attach, false);
                    flows.forEach(sources::add);
                    what.append(", FlowTracker");
                    deployment.attachAll(checked, ConnectionEventsProbe::attach, false).forEach(sources::add);
                    what.append(", ConnectionEvents");
                },
                sources, () -> Outputs.choose(options, tool, what + " at tc"));
    }
}
