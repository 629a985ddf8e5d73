package dev.ebpf4j.links;

import dev.ebpf4j.programs.Program;
import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.sys.LinkCalls;
import dev.ebpf4j.errors.NetlinkException;
import dev.ebpf4j.sys.NetlinkSocket;
import dev.ebpf4j.sys.OwnedFd;
import dev.ebpf4j.sys.XdpNetlink;
import dev.ebpf4j.sys.XdpNetlink.XdpState;
import dev.ebpf4j.types.ProgramType;

/** Attaches XDP programs: picks the mechanism, makes the call in the interface's namespace, turns errors into fixes. */
final class XdpAttacher {
    private XdpAttacher() {}

    static XdpAttachment attach(Program program, NetworkDevice device, XdpOptions options) {
        if (program.type() != ProgramType.XDP) {
            throw new AttachException(AttachException.Reason.WRONG_PROGRAM_TYPE, "program '" + program.name() + "' is a " + program.type()
                    + " program; the XDP hook runs XDP programs only (an @Xdp method, section \"xdp\")");
        }
        Mechanism mechanism = options.mechanism().orElseGet(
                () -> LinkSupport.xdpLinks().orElse(true) ? Mechanism.BPF_LINK : Mechanism.NETLINK);
        return device.call(() -> switch (mechanism) {
            case BPF_LINK -> attachLink(program, device, options);
            case NETLINK -> attachNetlink(program, device, options);
        });
    }

    private static XdpAttachment attachLink(Program program, NetworkDevice device, XdpOptions options) {
        OwnedFd link;
        try {
            link = LinkCalls.create(program.fd(), device.index(), LinkSupport.ATTACH_XDP, options.modeFlag());
        } catch (BpfException e) {
            if (e.errno().equals(Errno.EINVAL) && options.mechanism().isEmpty() && LinkSupport.xdpLinks().isEmpty()) {
                // The probe could not run; the interface exists (resolved just before), so EINVAL means no XDP links.
                return attachNetlink(program, device, options);
            }
            throw explain(e.errno(), null, program, device, options);
        }
        try {
            int programId = program.id();
            XdpMode mode = modeOf(device, programId);
            return new XdpLink(link, device, mode, null);
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    private static XdpAttachment attachNetlink(Program program, NetworkDevice device, XdpOptions options) {
        OwnedFd expected = OwnedFd.duplicateOf(program.fd());
        try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
            try {
                XdpNetlink.set(socket, device.index(), program.fd(),
                        XdpNetlink.FLAGS_UPDATE_IF_NOEXIST | options.modeFlag(), -1);
            } catch (NetlinkException e) {
                throw explain(e.errno(), e.kernelMessage().orElse(null), program, device, options);
            }
            XdpMode mode = modeOf(XdpNetlink.query(socket, device.index()), program.id(), device);
            return new XdpNetlinkAttachment(expected, device, mode);
        } catch (RuntimeException e) {
            expected.close();
            throw e;
        }
    }

    /** The mode in which program {@code programId} runs on {@code device}; call in the device's namespace. */
    static XdpMode modeOf(NetworkDevice device, int programId) {
        try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
            return modeOf(XdpNetlink.query(socket, device.index()), programId, device);
        }
    }

    /** The mode in which program {@code programId} runs on {@code device}, or null if it does not run there. */
    static XdpMode modeIfRunning(NetworkDevice device, int programId) {
        try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
            XdpState state = XdpNetlink.query(socket, device.index());
            for (XdpMode mode : XdpMode.values()) {
                if (state.programIn(mode.attached()) == programId) {
                    return mode;
                }
            }
            return null;
        }
    }

    private static XdpMode modeOf(XdpState state, int programId, NetworkDevice device) {
        for (XdpMode mode : XdpMode.values()) {
            if (state.programIn(mode.attached()) == programId) {
                return mode;
            }
        }
        throw new IllegalStateException("program " + programId + " was attached to " + device
                + " but the interface does not report it (XDP_ATTACHED " + state.attached() + ")");
    }

    /** What is on {@code device}'s XDP hook now, in words; call in the device's namespace. */
    static String occupant(NetworkDevice device) {
        try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
            XdpState state = XdpNetlink.query(socket, device.index());
            StringBuilder held = new StringBuilder();
            for (XdpMode mode : XdpMode.values()) {
                int id = state.programIn(mode.attached());
                if (id != 0) {
                    held.append(held.isEmpty() ? "" : ", ").append("program ").append(id).append(" in ")
                            .append(mode.name().toLowerCase(java.util.Locale.ROOT)).append(" mode");
                }
            }
            return held.isEmpty() ? "nothing" : held.toString();
        } catch (RuntimeException e) {
            return "another program";
        }
    }

    private static AttachException explain(Errno errno, String kernelMessage, Program program, NetworkDevice device,
                                           XdpOptions options) {
        String why = kernelMessage == null ? "" : " (kernel: " + kernelMessage + ")";
        String what = "cannot attach XDP program '" + program.name() + "' to " + device.name();
        return switch (errno.number()) {
            case 16, 17 -> new AttachException(AttachException.Reason.HOOK_TAKEN, what + ": the hook is taken by " + occupant(device) + why
                    + "; detach that first (ebpf4j net " + device.name() + " shows it), or update the attachment that holds it");
            case 95, 524 -> new AttachException(AttachException.Reason.UNSUPPORTED, what + ": " + device.name() + "'s driver has no native XDP" + why
                    + "; use generic mode (XdpMode.GENERIC, --mode generic)");
            case 1 -> new AttachException(AttachException.Reason.NOT_PERMITTED, what + ": not permitted" + why + "; run as root or grant CAP_NET_ADMIN and CAP_BPF");
            case 19 -> new AttachException(AttachException.Reason.NO_SUCH_INTERFACE, what + ": the interface is gone" + why);
            case 22 -> new AttachException(AttachException.Reason.REFUSED, what + ": the kernel refused the request (EINVAL)" + why
                    + (options.mode().isPresent() ? "; try without a mode" : ""));
            default -> new AttachException(AttachException.Reason.REFUSED, what + ": " + errno.name() + why);
        };
    }
}
