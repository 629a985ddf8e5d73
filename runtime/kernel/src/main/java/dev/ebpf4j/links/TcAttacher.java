package dev.ebpf4j.links;

import dev.ebpf4j.programs.Program;
import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.sys.LinkCalls;
import dev.ebpf4j.errors.NetlinkException;
import dev.ebpf4j.sys.NetlinkSocket;
import dev.ebpf4j.sys.OwnedFd;
import dev.ebpf4j.sys.TcNetlink;
import dev.ebpf4j.types.ProgramType;

import java.util.Optional;

/** Attaches tc programs: TCX link or cls_bpf filter, in the interface's namespace, errors turned into fixes. */
final class TcAttacher {
    private TcAttacher() {}

    static TcAttachment attach(Program program, NetworkDevice device, Direction direction, TcOptions options) {
        checkType(program, device, direction);
        Mechanism mechanism = options.mechanism().orElseGet(
                () -> LinkSupport.tcx().orElse(false) ? Mechanism.BPF_LINK : Mechanism.NETLINK);
        if (mechanism == Mechanism.NETLINK && !options.order().equals(TcxOrder.last())) {
            throw new AttachException(AttachException.Reason.UNSUPPORTED, "cannot place tc program '" + program.name() + "' relative to " + options.order().anchor()
                    + " on " + device.name() + ": only TCX links (6.6+) have an order, and this attach makes a cls_bpf filter"
                    + (options.mechanism().isPresent() ? "" : " (this kernel has no TCX)"));
        }
        return device.call(() -> switch (mechanism) {
            case BPF_LINK -> attachTcx(program, device, direction, options);
            case NETLINK -> attachFilter(program, device, direction);
        });
    }

    static void checkType(Program program, NetworkDevice device, Direction direction) {
        if (program.type() != ProgramType.SCHED_CLS) {
            throw new AttachException(AttachException.Reason.WRONG_PROGRAM_TYPE, "program '" + program.name() + "' is a " + program.type() + " program; the tc "
                    + direction.word() + " hook of " + (device == null ? "an interface" : device.name())
                    + " runs SCHED_CLS programs only (a @Tc method, section \"tc\" or \"classifier\")");
        }
    }

    /** cls_bpf's name for the filter, as libbpf writes it: {@code name:[id]}. */
    static String filterName(Program program) {
        return program.name() + ":[" + program.id() + "]";
    }

    private static TcAttachment attachTcx(Program program, NetworkDevice device, Direction direction, TcOptions options) {
        OwnedFd link;
        try {
            link = LinkCalls.createTcx(program.fd(), device.index(), direction.tcxAttachType(), options.order().flags(),
                    options.order().relativeId(), options.expectedRevision().orElse(0));
        } catch (BpfException e) {
            String what = "cannot attach tc program '" + program.name() + "' to " + device.name() + " " + direction.word();
            throw switch (e.errno().number()) {
                case 116 -> new AttachException(AttachException.Reason.STALE, what + ": the hook changed since revision "
                        + options.expectedRevision().orElse(0) + " (ESTALE); read it again (NetworkAttachments.tcxRevision) and retry", e);
                case 2 -> new AttachException(AttachException.Reason.STALE, what + ": " + options.order().anchor()
                        + " to place it next to is not on that hook (ENOENT)", e);
                case 17 -> new AttachException(AttachException.Reason.HOOK_TAKEN, what + ": that program is already on this hook (EEXIST); "
                        + "a program runs once per hook, so load it again to run it twice", e);
                case 1 -> new AttachException(AttachException.Reason.NOT_PERMITTED, what + ": not permitted; run as root or grant CAP_NET_ADMIN and CAP_BPF", e);
                default -> new AttachException(AttachException.Reason.REFUSED, what + ": " + e.getMessage(), e);
            };
        }
        return new TcxLink(link, device, direction, null);
    }

    private static TcAttachment attachFilter(Program program, NetworkDevice device, Direction direction) {
        String what = "cannot attach tc program '" + program.name() + "' to " + device.name() + " " + direction.word();
        try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
            boolean created = ensureClsact(socket, device, what);
            try {
                TcNetlink.Filter filter = TcNetlink.addBpfFilter(socket, device.index(), direction.clsactParent(), 0, 0,
                        program.fd(), filterName(program), false);
                return new TcFilterAttachment(device, direction, filter.priority(), filter.handle(), program.id(), created);
            } catch (RuntimeException e) {
                if (created) {
                    // Made by this call for a filter that did not come: leave the interface as it was.
                    TcNetlink.deleteClsact(socket, device.index());
                }
                if (e instanceof NetlinkException n) {
                    throw new AttachException(AttachException.Reason.REFUSED, what + ": " + n.getMessage(), n);
                }
                throw e;
            }
        }
    }

    /** Makes sure the interface has a clsact qdisc; returns whether this call created it. */
    private static boolean ensureClsact(NetlinkSocket socket, NetworkDevice device, String what) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<TcNetlink.Qdisc> existing = TcNetlink.qdiscs(socket, device.index()).stream()
                    .filter(q -> q.parent() == TcNetlink.TC_H_CLSACT).findFirst();
            if (existing.isPresent()) {
                if (existing.get().kind().equals("clsact")) {
                    return false;
                }
                throw new AttachException(AttachException.Reason.HOOK_TAKEN, what + ": " + device.name() + " has an '" + existing.get().kind()
                        + "' qdisc where clsact goes, and ebpf4j does not replace what others set up; remove it if nothing needs it "
                        + "(tc qdisc del dev " + device.name() + " " + existing.get().kind() + ") or use TCX (kernel 6.6+)");
            }
            try {
                TcNetlink.addClsact(socket, device.index());
                return true;
            } catch (NetlinkException e) {
                if (!e.errno().equals(Errno.EEXIST)) {
                    throw new AttachException(AttachException.Reason.REFUSED, what + ": " + e.getMessage(), e);
                }
                // Someone added one between the dump and the add: look again.
            }
        }
        throw new AttachException(AttachException.Reason.REFUSED, what + ": the qdiscs of " + device.name() + " keep changing; try again");
    }
}
