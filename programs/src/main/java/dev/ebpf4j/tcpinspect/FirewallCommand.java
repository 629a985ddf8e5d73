package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.tcpinspect.source.FirewallRule;
import dev.ebpf4j.tcpinspect.source.PortFilterProbe;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tcpinspect firewall DEV… --block CIDR[:PORT]…}: drops what the rules match on each
 * interface and shows the drops per rule each second. This build enforces it with PortFilter, so
 * only rules on every address with a port; prefixes and {@code --allow} need CidrFirewall.
 */
@Command(name = "firewall", description = {"Drops incoming TCP matching --block rules on DEV… and shows the drops per rule.",
        "This build enforces rules on every address with a port (0.0.0.0/0:23); prefix rules need CidrFirewall (issue 15)."})
final class FirewallCommand implements Callable<Integer> {
    @ParentCommand
    Tcpinspect tool;

    @Parameters(arity = "1..*", paramLabel = "DEV", description = "The interfaces.")
    List<String> devices;

    @Option(names = "--block", arity = "1..*", required = true, paramLabel = "CIDR[:PORT]", description = "Drop TCP from CIDR (to PORT).")
    List<String> block;

    @Option(names = "--allow", arity = "1..*", paramLabel = "CIDR", description = "Never drop from CIDR (needs CidrFirewall).")
    List<String> allow = List.of();

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        List<FirewallRule> rules = Preflight.rules("--block", block);
        Preflight.prefixes("--allow", allow);
        if (!allow.isEmpty()) {
            throw new ToolFailure(ExitCode.NEEDS_PROGRAM, "--allow needs the CidrFirewall program (the TCP suite, issue 15),"
                    + " which this build does not have");
        }
        for (FirewallRule rule : rules) {
            if (!PortFilterProbe.enforces(rule)) {
                throw new ToolFailure(ExitCode.NEEDS_PROGRAM, "--block " + rule + ": a rule on a prefix needs the CidrFirewall program"
                        + " (the TCP suite, issue 15), which this build does not have; it enforces rules on every address with a port,"
                        + " such as 0.0.0.0/0:23");
            }
        }
        Preflight.Checked checked = Preflight.check(options, devices);
        Sources sources = new Sources();
        return RunLoop.run(options, tool,
                deployment -> deployment.attachAll(checked, (device, xdp) -> PortFilterProbe.attach(device, rules, xdp)).forEach(sources::add),
                sources, () -> Outputs.choose(options, tool, "PortFilter at XDP"));
    }
}
