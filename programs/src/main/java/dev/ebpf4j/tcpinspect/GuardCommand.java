package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.inspect.SynGuard;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.tcpinspect.source.Cidr;
import dev.ebpf4j.tcpinspect.source.SynGuardProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tcpinspect guard DEV… --syn-rate N}: the SYN-flood guard, SynGuard at XDP, with its rate
 * and burst in the program's {@code config} map. A running guard pins its maps, so
 * {@code guard DEV --syn-rate N --update} changes the thresholds of the running one.
 */
@Command(name = "guard", description = {"Limits SYNs per source on DEV… at XDP (a token bucket per address, per /64 for IPv6;",
        "--allow prefixes never limited); shows SYNs passed and dropped and the sources over the limit.",
        "With --update, changes --syn-rate and --burst of the guard running on DEV."})
final class GuardCommand implements Callable<Integer> {
    @ParentCommand
    Tcpinspect tool;

    @Parameters(arity = "1..*", paramLabel = "DEV", description = "The interfaces.")
    List<String> devices;

    @Option(names = "--syn-rate", required = true, paramLabel = "N", description = "SYNs per second allowed per source.")
    long synRate;

    @Option(names = "--burst", paramLabel = "N", description = "SYNs a source may send at once (default: the rate).")
    Long burst;

    @Option(names = "--allow", arity = "1..*", paramLabel = "CIDR", description = "Sources never limited.")
    List<String> allow = List.of();

    @Option(names = "--update", description = "Change the thresholds of the guard running on DEV (through its pinned config map) and exit.")
    boolean update;

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        List<Cidr> allowed = Preflight.prefixes("--allow", allow);
        long burstOrRate = burst == null ? synRate : burst;
        // the program's token bucket multiplies rate and burst by 1e9: keep the product in a long
        if (synRate <= 0 || burstOrRate <= 0 || synRate > 1_000_000 || burstOrRate > 1_000_000) {
            throw new ToolFailure(ExitCode.USAGE, "--syn-rate and --burst take a number from 1 to 1000000");
        }
        if (update) {
            return update(burstOrRate);
        }
        Preflight.Checked checked = Preflight.check(options, devices, List.of("SynGuard"), true);
        Sources sources = new Sources();
        return RunLoop.run(options, tool,
                deployment -> deployment.attachAll(checked, device -> SynGuardProbe.attach(device, synRate, burstOrRate, allowed, checked.xdp()), true)
                        .forEach(sources::add),
                sources, () -> Outputs.choose(options, tool, "SynGuard at XDP"));
    }

    private int update(long burstOrRate) {
        Capabilities.require();
        PinLayout pins = new PinLayout(options.pinDir, options.netns);
        for (String device : devices) {
            Path config = pins.program(device, "SynGuard").resolve("maps").resolve("config");
            if (!Files.exists(config)) {
                throw new ToolFailure(ExitCode.NOT_RUNNING, "guard " + device + " --update: no running guard on " + device + " (no " + config
                        + "); start one with: tcpinspect guard " + device + " --syn-rate N");
            }
            try (MapHandle handle = MapHandle.openPinned(config)) {
                KernelMap<Integer, Long> map = KernelMaps.of(handle, Integer.class, Long.class);
                // the program takes its defaults while the burst is 0: set the rate first, then the burst
                map.put(SynGuard.RATE, synRate);
                map.put(SynGuard.BURST, burstOrRate);
            }
            tool.out().println("guard " + device + ": --syn-rate " + synRate + " --burst " + burstOrRate);
        }
        tool.out().flush();
        return ExitCode.OK;
    }
}
