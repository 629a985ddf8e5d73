package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.links.AttachException;
import dev.ebpf4j.links.AttachedProgram;
import dev.ebpf4j.links.Hook;
import dev.ebpf4j.links.NetworkAttachments;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.links.XdpMode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Resolves the interfaces a command names, and checks their XDP hook is free before loading anything. */
final class Interfaces {
    private Interfaces() {
    }

    /** @throws ToolFailure ({@link ExitCode#NO_SUCH_INTERFACE}) for a name or namespace that does not exist */
    static List<NetworkDevice> resolve(List<String> names, String netns) {
        NetworkNamespace namespace = null;
        if (netns != null) {
            namespace = new NetworkNamespace(netns);
            if (!Files.exists(namespace.path())) {
                throw new ToolFailure(ExitCode.NO_SUCH_INTERFACE, "no network namespace named '" + netns + "': list them with 'ip netns'");
            }
        }
        List<NetworkDevice> devices = new ArrayList<>();
        for (String name : names) {
            try {
                devices.add(namespace == null ? NetworkDevice.named(name) : NetworkDevice.named(name, namespace));
            } catch (AttachException e) {
                throw new ToolFailure(ExitCode.NO_SUCH_INTERFACE, e.getMessage(), e);
            }
        }
        return devices;
    }

    /**
     * @throws ToolFailure ({@link ExitCode#HOOK_TAKEN}) naming the program that holds {@code device}'s
     *         XDP hook, and the way out that exists: beside an offloaded program another mode may run;
     *         beside a native or generic one nothing else at XDP (the kernel refuses "Native and
     *         generic XDP can't be active at the same time"), so the guard and the firewall, both
     *         XDP programs, cannot share an interface; the tc programs of watch run beside any of them
     */
    static void requireFreeXdp(NetworkDevice device) {
        for (AttachedProgram program : NetworkAttachments.on(device)) {
            if (program.hook() == Hook.XDP) {
                boolean offloaded = program.mode().orElse(null) == XdpMode.OFFLOAD;
                String mode = program.mode().map(m -> m.name().toLowerCase(Locale.ROOT) + " mode").orElse("XDP");
                boolean ours = program.programName().equals("guard") || program.programName().equals("filter");
                throw new ToolFailure(ExitCode.HOOK_TAKEN, device.name() + " already carries XDP program '" + program.programName()
                        + "' (id " + program.programId() + ", " + mode + "); tcpinspect does not replace another program: "
                        + (offloaded ? "try --mode native or --mode generic, which may run beside an offloaded program"
                                : ours ? "if it is tcpinspect's guard or firewall, the two cannot share one interface's XDP hook:"
                                        + " run them on different interfaces ('tcpinspect watch' runs at tc beside either)"
                                : "detach it first (native and generic XDP cannot be active together; 'tcpinspect watch' runs at tc beside it)"));
            }
        }
    }
}
