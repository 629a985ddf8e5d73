package dev.ebpf4j.cli;

import dev.ebpf4j.links.AttachedProgram;
import dev.ebpf4j.links.Direction;
import dev.ebpf4j.links.Hook;
import dev.ebpf4j.links.NetworkAttachments;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.TcFilterAttachment;
import dev.ebpf4j.links.TcxLink;
import dev.ebpf4j.links.XdpLink;
import dev.ebpf4j.links.XdpNetlinkAttachment;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.sys.LinkCalls;
import dev.ebpf4j.sys.ObjectCalls;
import dev.ebpf4j.sys.OwnedFd;
import dev.ebpf4j.sys.Statfs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ebpf4j detach xdp DEV | tc DEV DIRECTION | LINK}: removes what {@code ebpf4j attach} put
 * there (found through its pins), or the link pinned at LINK; never anything else. When the hook
 * holds someone else's program it says so and leaves it.
 */
@Command(name = "detach", description = {"Detaches what ebpf4j attached to an interface, or the link pinned at LINK.",
        "Programs others attached are listed, never removed."},
        subcommands = {DetachCommand.Xdp.class, DetachCommand.Tc.class})
final class DetachCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "LINK", description = "A pinned XDP or TCX link.")
    Path link;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (link == null) {
            throw new CommandFailure("say what to detach: ebpf4j detach xdp DEV, ebpf4j detach tc DEV ingress|egress, or ebpf4j detach LINK");
        }
        if (!Files.exists(link)) {
            throw new CommandFailure(link + ": no such pinned link");
        }
        if (!Statfs.isBpffs(link)) {
            throw new CommandFailure(link + ": not a pinned link (not on bpffs)");
        }
        int type;
        try (OwnedFd fd = ObjectCalls.get(link, 0)) {
            if (ObjectCalls.kind(fd.get()) != ObjectCalls.ObjectKind.LINK) {
                throw new CommandFailure(link + ": not a pinned link (it is a pinned "
                        + ObjectCalls.kind(fd.get()).name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
            type = LinkCalls.info(fd.get()).type();
        }
        String what = switch (type) {
            case LinkCalls.LINK_TYPE_XDP -> {
                XdpLink xdp = XdpLink.openPinned(link);
                String text = describe(xdp.programId(), "XDP", xdp.device()) + " (BPF link " + xdp.linkId() + ")";
                xdp.detach();
                yield text;
            }
            case LinkCalls.LINK_TYPE_TCX -> {
                TcxLink tcx = TcxLink.openPinned(link);
                String text = describe(tcx.programId(), "tc " + tcx.direction().word(), tcx.device()) + " (TCX link " + tcx.linkId() + ")";
                tcx.detach();
                yield text;
            }
            default -> throw new CommandFailure(link + ": a link of type " + type + ", not an XDP or TCX link");
        };
        spec.commandLine().getOut().println("detached " + what + "; removed " + link);
        return 0;
    }

    private static String describe(int programId, String hook, NetworkDevice device) {
        return hook + " program " + programId + (device == null ? "" : " from " + device.name());
    }

    @Command(name = "xdp", description = "Detaches the XDP program ebpf4j attached to DEV.")
    static final class Xdp implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DEV", description = "The interface.")
        String device;

        @Mixin
        PinDirectoryOption pinDirectory;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            NetworkDevice dev = AttachCommand.device(device);
            Path pin = pinDirectory.pins().xdp(device);
            PrintWriter out = spec.commandLine().getOut();
            if (Files.exists(pin)) {
                XdpLink link = XdpLink.openPinned(pin);
                int id = link.programId();
                link.detach();
                out.printf("detached XDP program %d from %s (BPF link %d); removed %s%n", id, device, link.linkId(), pin);
                return 0;
            }
            Path mark = EbpfPins.mark(pin);
            if (Files.exists(mark)) {
                try (Program program = Program.openPinned(mark)) {
                    Optional<XdpNetlinkAttachment> ours = XdpNetlinkAttachment.find(dev, program);
                    if (ours.isPresent()) {
                        ours.get().detach();
                        Files.delete(mark);
                        out.printf("detached XDP program %d from %s (netlink); removed %s%n", program.id(), device, mark);
                        return 0;
                    }
                    Files.delete(mark);
                }
            }
            throw nothingOurs(dev, Hook.XDP, "XDP");
        }
    }

    @Command(name = "tc", description = "Detaches the tc program ebpf4j attached to DEV in a direction.")
    static final class Tc implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DEV", description = "The interface.")
        String device;

        @Parameters(index = "1", paramLabel = "ingress|egress", converter = AttachCommand.DirectionConverter.class,
                description = "The direction.")
        Direction direction;

        @Mixin
        PinDirectoryOption pinDirectory;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            NetworkDevice dev = AttachCommand.device(device);
            Path pin = pinDirectory.pins().tc(device, direction);
            PrintWriter out = spec.commandLine().getOut();
            if (Files.exists(pin)) {
                TcxLink link = TcxLink.openPinned(pin);
                int id = link.programId();
                link.detach();
                out.printf("detached tc %s program %d from %s (TCX link %d); removed %s%n", direction.word(), id, device,
                        link.linkId(), pin);
                return 0;
            }
            Path mark = EbpfPins.mark(pin);
            if (Files.exists(mark)) {
                try (Program program = Program.openPinned(mark)) {
                    Optional<TcFilterAttachment> ours = TcFilterAttachment.find(dev, direction, program);
                    if (ours.isPresent()) {
                        ours.get().detach();
                        Files.delete(mark);
                        out.printf("detached tc %s program %d from %s (cls_bpf filter pref %d handle 0x%x); removed %s%n",
                                direction.word(), program.id(), device, ours.get().priority(), ours.get().handle(), mark);
                        return 0;
                    }
                    Files.delete(mark);
                }
            }
            throw nothingOurs(dev, direction.hook(), "tc " + direction.word());
        }
    }

    private static CommandFailure nothingOurs(NetworkDevice device, Hook hook, String what) {
        List<AttachedProgram> there = NetworkAttachments.on(device).stream().filter(p -> p.hook() == hook).toList();
        String others = there.isEmpty() ? "nothing is attached there"
                : "attached there by others, left as it is: " + there.stream().map(AttachedProgram::describe).collect(Collectors.joining("; "));
        return new CommandFailure(device.name() + ": ebpf4j attached no " + what + " program here; " + others);
    }
}
