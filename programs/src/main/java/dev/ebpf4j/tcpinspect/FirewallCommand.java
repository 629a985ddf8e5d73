package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.tcpinspect.source.CidrFirewallProbe;
import dev.ebpf4j.tcpinspect.source.FirewallRule;
import dev.ebpf4j.tcpinspect.source.FirewallRules;
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
 * {@code tcpinspect firewall DEV… --block CIDR[:PORT]… [--allow CIDR…]}: CidrFirewall at XDP,
 * dropping what the block rules match (the longest matching prefix decides; allow wins on equal
 * length) and showing the drops per rule each second. A running firewall pins its maps, and
 * {@code firewall DEV --add …} / {@code --remove …} change its rules through them.
 */
@Command(name = "firewall", description = {"Drops packets from --block prefixes (to PORT, if given) on DEV… at XDP, except --allow prefixes",
        "(the longest matching prefix decides); shows the drops per rule. With --add, --remove, --add-allow or --remove-allow,",
        "changes the rules of the firewall running on DEV and exits."})
final class FirewallCommand implements Callable<Integer> {
    @ParentCommand
    Tcpinspect tool;

    @Parameters(arity = "1..*", paramLabel = "DEV", description = "The interfaces.")
    List<String> devices;

    @Option(names = "--block", arity = "1..*", paramLabel = "CIDR[:PORT]", description = "Drop packets from CIDR (TCP to PORT only, if given).")
    List<String> block = List.of();

    @Option(names = "--allow", arity = "1..*", paramLabel = "CIDR[:PORT]", description = "Never drop from CIDR, unless a longer block prefix holds the source.")
    List<String> allow = List.of();

    @Option(names = "--add", arity = "1..*", paramLabel = "CIDR[:PORT]", description = "Add block rules to the firewall running on DEV.")
    List<String> add = List.of();

    @Option(names = "--remove", arity = "1..*", paramLabel = "CIDR[:PORT]", description = "Remove block rules from the firewall running on DEV.")
    List<String> remove = List.of();

    @Option(names = "--add-allow", arity = "1..*", paramLabel = "CIDR[:PORT]", description = "Add allow rules to the firewall running on DEV.")
    List<String> addAllow = List.of();

    @Option(names = "--remove-allow", arity = "1..*", paramLabel = "CIDR[:PORT]", description = "Remove allow rules from the firewall running on DEV.")
    List<String> removeAllow = List.of();

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        boolean change = !add.isEmpty() || !remove.isEmpty() || !addAllow.isEmpty() || !removeAllow.isEmpty();
        if (change && !(block.isEmpty() && allow.isEmpty())) {
            throw new ToolFailure(ExitCode.USAGE, "--block and --allow start a firewall; --add, --remove, --add-allow and --remove-allow"
                    + " change a running one: give one kind or the other");
        }
        if (change) {
            return change();
        }
        if (block.isEmpty()) {
            throw new ToolFailure(ExitCode.USAGE, "firewall: give the rules to enforce with --block CIDR[:PORT]…"
                    + " (or change a running firewall's with --add/--remove)");
        }
        List<FirewallRule> blocks = Preflight.rules("--block", block);
        List<FirewallRule> allows = Preflight.rules("--allow", allow);
        onePerPrefix("--block", "blocklist", blocks);
        onePerPrefix("--allow", "allowlist", allows);
        Preflight.Checked checked = Preflight.check(options, devices, List.of("CidrFirewall"), true);
        Sources sources = new Sources();
        return RunLoop.run(options, tool, deployment -> {
                    try {
                        deployment.attachAll(checked, device -> CidrFirewallProbe.attach(device, blocks, allows, checked.xdp()), true)
                                .forEach(sources::add);
                    } catch (IllegalArgumentException e) {
                        throw new ToolFailure(ExitCode.BAD_CIDR, e.getMessage(), e);
                    }
                },
                sources, () -> Outputs.choose(options, tool, "CidrFirewall at XDP"));
    }

    /** The firewall's tries keep one rule per prefix and list: say so before loading anything. */
    private static void onePerPrefix(String option, String list, List<FirewallRule> rules) {
        java.util.Map<dev.ebpf4j.tcpinspect.source.Cidr, FirewallRule> seen = new java.util.HashMap<>();
        for (FirewallRule rule : rules) {
            FirewallRule earlier = seen.putIfAbsent(rule.prefix(), rule);
            if (earlier != null) {
                throw new ToolFailure(ExitCode.BAD_CIDR, option + " " + rule + ": the " + list + " already has a rule on " + rule.prefix()
                        + " (" + earlier + "); the firewall keeps one rule per prefix and list");
            }
        }
    }

    private int change() {
        List<FirewallRule> adds = Preflight.rules("--add", add);
        List<FirewallRule> removes = Preflight.rules("--remove", remove);
        List<FirewallRule> addAllows = Preflight.rules("--add-allow", addAllow);
        List<FirewallRule> removeAllows = Preflight.rules("--remove-allow", removeAllow);
        Capabilities.require();
        PinLayout pins = new PinLayout(options.pinDir, options.netns);
        List<Path> mapDirs = new java.util.ArrayList<>();
        for (String device : devices) {
            Path maps = pins.program(device, "CidrFirewall").resolve("maps");
            if (!Files.isDirectory(maps)) {
                throw new ToolFailure(ExitCode.NOT_RUNNING, "firewall " + device + ": no running firewall on " + device + " (no " + maps
                        + (options.netns == null ? "; was it started with --netns or --pin-dir?" : "")
                        + "); start one with: tcpinspect firewall " + device + " --block CIDR[:PORT]");
            }
            mapDirs.add(maps);
        }
        // the whole change is checked on every interface before any of it is made: a refusal leaves every firewall as it was
        List<FirewallRules> opened = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < devices.size(); i++) {
                FirewallRules rules = FirewallRules.openPinned(mapDirs.get(i));
                opened.add(rules);
                try {
                    rules.check(true, removes, adds);
                    rules.check(false, removeAllows, addAllows);
                } catch (IllegalArgumentException e) {
                    throw new ToolFailure(ExitCode.BAD_CIDR, "firewall " + devices.get(i) + ": " + e.getMessage(), e);
                }
            }
            for (int i = 0; i < devices.size(); i++) {
                FirewallRules rules = opened.get(i);
                try {
                    removes.forEach(rule -> rules.remove(true, rule));
                    removeAllows.forEach(rule -> rules.remove(false, rule));
                    adds.forEach(rule -> rules.add(true, rule));
                    addAllows.forEach(rule -> rules.add(false, rule));
                } catch (IllegalArgumentException e) { // a full trie: the kernel's to say
                    throw new ToolFailure(ExitCode.BAD_CIDR, "firewall " + devices.get(i) + ": " + e.getMessage(), e);
                }
            }
        } finally {
            opened.forEach(FirewallRules::close);
        }
        for (String device : devices) {
            for (FirewallRule rule : removes) tool.out().println("firewall " + device + ": removed block " + rule);
            for (FirewallRule rule : removeAllows) tool.out().println("firewall " + device + ": removed allow " + rule);
            for (FirewallRule rule : adds) tool.out().println("firewall " + device + ": added block " + rule);
            for (FirewallRule rule : addAllows) tool.out().println("firewall " + device + ": added allow " + rule);
        }
        tool.out().flush();
        return ExitCode.OK;
    }
}
