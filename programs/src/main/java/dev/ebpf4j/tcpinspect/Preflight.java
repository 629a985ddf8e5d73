package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.XdpMode;
import dev.ebpf4j.links.XdpOptions;
import dev.ebpf4j.tcpinspect.source.Cidr;
import dev.ebpf4j.tcpinspect.source.FirewallRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks a running command makes before it loads anything, in the order a person would fix
 * them: the arguments, the privileges, the interfaces, the pin directory, the hooks. Each failure is
 * one line with the fix and its own exit code; nothing has been attached when one is reported.
 */
final class Preflight {
    /** What the checks found: the interfaces, how to attach at XDP, where to pin, and whether to persist. */
    record Checked(List<NetworkDevice> devices, XdpOptions xdp, PinLayout pins, boolean persist) {}

    private Preflight() {
    }

    /**
     * Checks for a command that attaches {@code programs}; {@code xdpHook} says whether one of them
     * needs the interfaces' XDP hook (the guard, the firewall), which must then be free.
     */
    static Checked check(CommonOptions options, List<String> names, List<String> programs, boolean xdpHook) {
        XdpOptions xdp = switch (options.mode) {
            case null -> XdpOptions.defaults();
            case NATIVE -> XdpOptions.defaults().withMode(XdpMode.NATIVE);
            case GENERIC -> XdpOptions.defaults().withMode(XdpMode.GENERIC);
        };
        if (options.prometheus != null) {
            try {
                MetricsEndpoint.address(options.prometheus);
            } catch (IllegalArgumentException e) {
                throw new ToolFailure(ExitCode.USAGE, e.getMessage());
            }
        }
        if (options.duration != null && !(options.duration > 0)) {
            throw new ToolFailure(ExitCode.USAGE, "--duration " + options.duration + ": give a number of seconds above 0");
        }
        Capabilities.require();
        List<NetworkDevice> devices = Interfaces.resolve(names, options.netns);
        PinLayout pins = new PinLayout(options.pinDir, options.netns);
        if (options.persist) {
            try {
                pins.requireBpffs();
            } catch (ToolFailure e) {
                throw new ToolFailure(e.exitCode(), "--persist: " + e.getMessage(), e);
            }
            for (NetworkDevice device : devices) {
                pins.requireFree(device.name(), programs);
            }
        }
        if (xdpHook) {
            for (NetworkDevice device : devices) {
                Interfaces.requireFreeXdp(device);
            }
        }
        return new Checked(devices, xdp, pins, options.persist);
    }

    /** @throws ToolFailure ({@link ExitCode#BAD_CIDR}) naming the malformed one */
    static List<Cidr> prefixes(String option, List<String> texts) {
        List<Cidr> prefixes = new ArrayList<>();
        for (String text : texts) {
            try {
                prefixes.add(Cidr.parse(text));
            } catch (IllegalArgumentException e) {
                throw new ToolFailure(ExitCode.BAD_CIDR, option + ": " + e.getMessage());
            }
        }
        return prefixes;
    }

    /** @throws ToolFailure ({@link ExitCode#BAD_CIDR}) naming the malformed one */
    static List<FirewallRule> rules(String option, List<String> texts) {
        List<FirewallRule> rules = new ArrayList<>();
        for (String text : texts) {
            try {
                rules.add(FirewallRule.parse(text));
            } catch (IllegalArgumentException e) {
                throw new ToolFailure(ExitCode.BAD_CIDR, option + ": " + e.getMessage());
            }
        }
        return rules;
    }
}
