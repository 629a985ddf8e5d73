package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.inspect.SynGuard;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.tcpinspect.source.Cidr;
import dev.ebpf4j.tcpinspect.source.GuardAllowlist;
import dev.ebpf4j.tcpinspect.source.SynGuardProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tcpinspect guard DEV… --syn-rate N}: the SYN-flood guard, SynGuard at XDP, with its rate
 * and burst in the program's {@code config} map and its allowlist in LPM tries. A running guard
 * pins its maps, so {@code guard DEV --syn-rate N --update} changes the thresholds of the running
 * one, and {@code guard DEV --add-allow CIDR… / --remove-allow CIDR…} its allowlist (the words of
 * {@code firewall DEV --add-allow/--remove-allow}). {@code --ipv6-prefix N} chooses, at start, the
 * prefix length by which IPv6 sources share a bucket (the program's load-time constant).
 */
@Command(name = "guard", description = {"Limits SYNs per source on DEV… at XDP (a token bucket per address; IPv6",
        "sources by their /64, or --ipv6-prefix N; --allow prefixes never limited);",
        "shows SYNs passed and dropped and the sources over the limit.",
        "With --update, changes --syn-rate and --burst of",
        "the guard running on DEV; with --add-allow or --remove-allow, its allowlist",
        "(a change is checked whole first, and made on every DEV or on none)."})
final class GuardCommand implements Callable<Integer> {
    @ParentCommand
    Tcpinspect tool;

    @Parameters(arity = "1..*", paramLabel = "DEV", description = "The interfaces.")
    List<String> devices;

    @Option(names = "--syn-rate", paramLabel = "N", description = "SYNs per second allowed per source (to start a guard, and with --update).")
    Long synRate;

    @Option(names = "--burst", paramLabel = "N", description = "SYNs a source may send at once (default: the rate).")
    Long burst;

    @Option(names = "--allow", arity = "1..*", paramLabel = "CIDR", description = "Sources never limited.")
    List<String> allow = List.of();

    @Option(names = "--ipv6-prefix", paramLabel = "N", description = "IPv6 sources share a bucket by their first N bits, 0 to 128"
            + " (default: 64, one host's usual share; 128: each address; 48: a site). Chosen when the guard starts.")
    Integer ipv6Prefix;

    @Option(names = "--update", description = "Change the thresholds of the guard running on DEV (through its pinned config map) and exit.")
    boolean update;

    @Option(names = "--add-allow", arity = "1..*", paramLabel = "CIDR", description = "Add prefixes to the allowlist of the guard running on DEV.")
    List<String> addAllow = List.of();

    @Option(names = "--remove-allow", arity = "1..*", paramLabel = "CIDR", description = "Remove prefixes from the allowlist of the guard running on DEV.")
    List<String> removeAllow = List.of();

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        boolean changeAllowlist = !addAllow.isEmpty() || !removeAllow.isEmpty();
        if ((update || changeAllowlist) && !allow.isEmpty()) {
            throw new ToolFailure(ExitCode.USAGE, "--allow starts a guard; --update, --add-allow and --remove-allow change a running one:"
                    + " give one kind or the other");
        }
        if (changeAllowlist && !update && (synRate != null || burst != null)) {
            throw new ToolFailure(ExitCode.USAGE, "--syn-rate and --burst change a running guard only with --update");
        }
        if ((update || changeAllowlist) && ipv6Prefix != null) {
            throw new ToolFailure(ExitCode.USAGE, "--ipv6-prefix is chosen when a guard starts (the verifier sees it as a constant);"
                    + " stop the guard and start it again with the new prefix");
        }
        if (update || changeAllowlist) {
            return change(changeAllowlist);
        }
        if (synRate == null) {
            throw new ToolFailure(ExitCode.USAGE, "guard: give the limit with --syn-rate N (or change a running guard's with --update,"
                    + " --add-allow or --remove-allow)");
        }
        List<Cidr> allowed = Preflight.prefixes("--allow", allow);
        long burstOrRate = thresholds();
        int prefix = ipv6Prefix();
        Preflight.Checked checked = Preflight.check(options, devices, List.of("SynGuard"), true);
        Sources sources = new Sources();
        return RunLoop.run(options, tool,
                deployment -> deployment.attachAll(checked, device -> SynGuardProbe.attach(device, synRate, burstOrRate, allowed, prefix, checked.xdp()), true)
                        .forEach(sources::add),
                sources, () -> Outputs.choose(options, tool, "SynGuard at XDP"));
    }

    /** The burst (the rate where not given), once both are checked. */
    private long thresholds() {
        if (synRate == null) {
            throw new ToolFailure(ExitCode.USAGE, "guard --update: give the new limit with --syn-rate N [--burst N]");
        }
        long burstOrRate = burst == null ? synRate : burst;
        // the program's token bucket multiplies rate and burst by 1e9: keep the product in a long
        if (synRate <= 0 || burstOrRate <= 0 || synRate > 1_000_000 || burstOrRate > 1_000_000) {
            throw new ToolFailure(ExitCode.USAGE, "--syn-rate and --burst take a number from 1 to 1000000");
        }
        return burstOrRate;
    }

    /** The prefix length IPv6 sources are limited by, once checked (SynGuard's {@code ipv6SourcePrefix}: 0 to 128). */
    private int ipv6Prefix() {
        if (ipv6Prefix == null) {
            return 64;
        }
        if (ipv6Prefix < 0 || ipv6Prefix > 128) {
            throw new ToolFailure(ExitCode.USAGE, "--ipv6-prefix " + ipv6Prefix + ": give a prefix length from 0 to 128");
        }
        return ipv6Prefix;
    }

    /**
     * Changes the guards running on DEV…: checks every part of the change on every interface before
     * making any of it, so that a refusal leaves all of them as they were.
     */
    private int change(boolean changeAllowlist) {
        List<Cidr> adds = Preflight.prefixes("--add-allow", addAllow);
        List<Cidr> removes = Preflight.prefixes("--remove-allow", removeAllow);
        long burstOrRate = update ? thresholds() : 0;
        Capabilities.require();
        PinLayout pins = new PinLayout(options.pinDir, options.netns);
        List<Path> mapDirs = new ArrayList<>();
        for (String device : devices) {
            Path maps = pins.program(device, "SynGuard").resolve("maps");
            if (!Files.isDirectory(maps)) {
                String option = update ? "--update" : !addAllow.isEmpty() ? "--add-allow" : "--remove-allow";
                throw new ToolFailure(ExitCode.NOT_RUNNING, "guard " + device + " " + option + ": no running guard on " + device + " (no " + maps
                        + (options.netns == null ? "; was it started with --netns or --pin-dir?" : "")
                        + "); start one with: tcpinspect guard " + device + " --syn-rate N");
            }
            mapDirs.add(maps);
        }
        List<GuardAllowlist> allowlists = new ArrayList<>();
        try {
            if (changeAllowlist) {
                for (int i = 0; i < devices.size(); i++) {
                    GuardAllowlist allowlist = GuardAllowlist.openPinned(mapDirs.get(i));
                    allowlists.add(allowlist);
                    try {
                        allowlist.check(removes, adds);
                    } catch (IllegalArgumentException e) {
                        throw new ToolFailure(ExitCode.BAD_CIDR, "guard " + devices.get(i) + " " + e.getMessage(), e);
                    }
                }
                List<GuardAllowlist> changed = new ArrayList<>();
                try {
                    for (GuardAllowlist allowlist : allowlists) {
                        allowlist.apply(removes, adds);
                        changed.add(allowlist);
                    }
                } catch (RuntimeException e) {
                    changed.reversed().forEach(allowlist -> allowlist.apply(adds, removes)); // the inverse: what it added goes, what it removed comes back
                    throw e;
                }
            }
            if (update) {
                for (Path maps : mapDirs) {
                    try (MapHandle handle = MapHandle.openPinned(maps.resolve("config"))) {
                        KernelMap<Integer, Long> map = KernelMaps.of(handle, Integer.class, Long.class);
                        // the program takes its defaults while the burst is 0: set the rate first, then the burst
                        map.put(SynGuard.RATE, synRate);
                        map.put(SynGuard.BURST, burstOrRate);
                    }
                }
            }
        } finally {
            allowlists.forEach(GuardAllowlist::close);
        }
        for (String device : devices) {
            for (Cidr prefix : removes) tool.out().println("guard " + device + ": removed allow " + prefix);
            for (Cidr prefix : adds) tool.out().println("guard " + device + ": added allow " + prefix);
            if (update) tool.out().println("guard " + device + ": --syn-rate " + synRate + " --burst " + burstOrRate);
        }
        tool.out().flush();
        return ExitCode.OK;
    }
}
