package dev.ebpf4j.cli;

import dev.ebpf4j.links.AttachException;
import dev.ebpf4j.links.Direction;
import dev.ebpf4j.links.Mechanism;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.TcAttachment;
import dev.ebpf4j.links.TcFilterAttachment;
import dev.ebpf4j.links.TcOptions;
import dev.ebpf4j.links.TcxOrder;
import dev.ebpf4j.links.TcxLink;
import dev.ebpf4j.links.XdpAttachment;
import dev.ebpf4j.links.XdpLink;
import dev.ebpf4j.links.XdpMode;
import dev.ebpf4j.links.XdpNetlinkAttachment;
import dev.ebpf4j.links.XdpOptions;
import dev.ebpf4j.programs.Program;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ebpf4j attach xdp|tc ...}: puts a program on an interface so that it stays there after the
 * command, as {@code ip link set ... xdp} and {@code tc filter add} do: a BPF link pinned on bpffs,
 * or, where the kernel has no such link, a netlink attachment; one line says what, how, and how to
 * detach it.
 */
@Command(name = "attach", description = "Attaches a program to a network interface; it stays attached after the command.",
        subcommands = {AttachCommand.Xdp.class, AttachCommand.Tc.class})
final class AttachCommand {
    enum ModeArgument { NATIVE, GENERIC }

    @Command(name = "xdp", description = {"Attaches an XDP program to DEV (a pinned BPF link, or netlink on kernels without XDP links).",
            "PROG is a pinned program's path or OBJ:NAME."})
    static final class Xdp implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PROG", description = "A pinned program, or OBJ:NAME.")
        String program;

        @Parameters(index = "1", paramLabel = "DEV", description = "The interface.")
        String device;

        @Option(names = "--mode", paramLabel = "native|generic", converter = ModeConverter.class,
                description = "Where the program runs (default: the kernel's choice, native where the driver supports XDP).")
        ModeArgument mode;

        @Option(names = "--netlink", description = "Set the program over netlink, as 'ip link set DEV xdp' does, instead of "
                + "a BPF link (for tools that only see netlink attachments; it stays until detached).")
        boolean netlink;

        @Option(names = "--pin", paramLabel = "LINK", description = "Pin the link here (default: DIR/xdp-DEV).")
        Path pin;

        @Mixin
        PinDirectoryOption pinDirectory;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path at = pin != null ? pin : pinDirectory.pins().xdp(device);
            NetworkDevice dev = AttachCommand.device(device);
            EbpfPins.requireFree(at, "ebpf4j detach xdp " + device);
            XdpOptions options = mode == null ? XdpOptions.defaults() : XdpOptions.defaults().withMode(XdpMode.valueOf(mode.name()));
            if (netlink) {
                options = options.withMechanism(Mechanism.NETLINK);
            }
            try (ProgramArgument prog = ProgramArgument.open(program)) {
                XdpAttachment attached = XdpAttachment.attach(prog.program(), dev, options);
                int id = attached.programId();
                String how = persist(attached, at, prog.program());
                spec.commandLine().getOut().printf("attached XDP program '%s' (id %d) to %s in %s mode %s; detach with: ebpf4j detach xdp %s%n",
                        prog.program().name(), id, dev.name(), attached.mode().name().toLowerCase(Locale.ROOT), how, device);
            }
            return 0;
        }

        private static String persist(XdpAttachment attached, Path at, Program program) {
            try {
                return switch (attached) {
                    case XdpLink link -> {
                        link.pin(at);
                        link.close();
                        yield "by BPF link " + link.linkId() + ", pinned at " + at;
                    }
                    case XdpNetlinkAttachment netlink -> {
                        program.pin(EbpfPins.mark(at));
                        netlink.leaveAttached();
                        yield "over netlink (program pinned at " + EbpfPins.mark(at) + ")";
                    }
                };
            } catch (RuntimeException e) {
                attached.detach(); // nothing half-attached
                throw e;
            }
        }
    }

    @Command(name = "tc", description = {"Attaches a tc program to DEV in a direction (a pinned TCX link, or a cls_bpf filter on clsact "
            + "on kernels without TCX).", "PROG is a pinned program's path or OBJ:NAME."})
    static final class Tc implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PROG", description = "A pinned program, or OBJ:NAME.")
        String program;

        @Parameters(index = "1", paramLabel = "DEV", description = "The interface.")
        String device;

        @Parameters(index = "2", paramLabel = "ingress|egress", converter = DirectionConverter.class, description = "The direction.")
        Direction direction;

        @Option(names = "--netlink", description = "Add a cls_bpf filter on clsact over netlink, as 'tc filter add' does, "
                + "instead of a TCX link.")
        boolean netlink;

        @picocli.CommandLine.ArgGroup(exclusive = true)
        Placement placement;

        @Option(names = "--pin", paramLabel = "LINK", description = "Pin the link here (default: DIR/tc-DIRECTION-DEV).")
        Path pin;

        @Mixin
        PinDirectoryOption pinDirectory;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path at = pin != null ? pin : pinDirectory.pins().tc(device, direction);
            NetworkDevice dev = AttachCommand.device(device);
            String detach = "ebpf4j detach tc " + device + " " + direction.word();
            EbpfPins.requireFree(at, detach);
            try (ProgramArgument prog = ProgramArgument.open(program)) {
                TcAttachment attached = TcAttachment.attach(prog.program(), dev, direction, options());
                int id = attached.programId();
                String how;
                try {
                    how = switch (attached) {
                        case TcxLink link -> {
                            link.pin(at);
                            link.close();
                            yield "by TCX link " + link.linkId() + ", pinned at " + at;
                        }
                        case TcFilterAttachment filter -> {
                            prog.program().pin(EbpfPins.mark(at));
                            filter.leaveAttached();
                            yield "as cls_bpf filter pref " + filter.priority() + " handle 0x" + Integer.toHexString(filter.handle())
                                    + " over netlink (program pinned at " + EbpfPins.mark(at) + ")";
                        }
                    };
                } catch (RuntimeException e) {
                    attached.detach();
                    throw e;
                }
                spec.commandLine().getOut().printf("attached tc program '%s' (id %d) to %s %s %s; detach with: %s%n",
                        prog.program().name(), id, dev.name(), direction.word(), how, detach);
            }
            return 0;
        }

        private TcOptions options() {
            if (netlink && placement != null) {
                throw new CommandFailure("--first, --before and --after place a TCX link; a netlink filter (--netlink) has no such order");
            }
            TcOptions options = TcOptions.defaults();
            if (netlink) {
                return options.withMechanism(Mechanism.NETLINK);
            }
            return placement == null ? options : options.withOrder(placement.order());
        }
    }

    /** Where a TCX link goes among the programs on the hook; one of the options at most. */
    static final class Placement {
        @Option(names = "--first", description = "Run before every program on the hook (TCX).")
        boolean first;

        @Option(names = "--before", paramLabel = "PROG_ID", description = "Run right before the program with this id (TCX).")
        Integer before;

        @Option(names = "--after", paramLabel = "PROG_ID", description = "Run right after the program with this id (TCX).")
        Integer after;

        TcxOrder order() {
            if (first) {
                return TcxOrder.first();
            }
            if (before != null) {
                return TcxOrder.before(before);
            }
            return after != null ? TcxOrder.after(after) : TcxOrder.last();
        }
    }

    static NetworkDevice device(String name) {
        try {
            return NetworkDevice.named(name);
        } catch (AttachException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    static final class ModeConverter implements picocli.CommandLine.ITypeConverter<ModeArgument> {
        @Override
        public ModeArgument convert(String value) {
            try {
                return ModeArgument.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a mode: native or generic");
            }
        }
    }

    static final class DirectionConverter implements picocli.CommandLine.ITypeConverter<Direction> {
        @Override
        public Direction convert(String value) {
            try {
                return Direction.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a direction: ingress or egress");
            }
        }
    }
}
