package dev.ebpf4j.links;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.sys.LinkCalls;
import dev.ebpf4j.sys.NetlinkSocket;
import dev.ebpf4j.sys.ObjectCalls;
import dev.ebpf4j.sys.OwnedFd;
import dev.ebpf4j.sys.TcNetlink;
import dev.ebpf4j.sys.TcxQuery;
import dev.ebpf4j.sys.XdpNetlink;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What is attached to network interfaces, whoever attached it: XDP (mode, program, link or
 * netlink) and tc per direction (TCX links in order, then cls_bpf filters on clsact), as
 * {@code bpftool net} shows it.
 *
 * <pre>{@code
 * NetworkAttachments.on(NetworkDevice.named("eth0")).forEach(p -> System.out.println(p.describe()));
 * }</pre>
 */
public final class NetworkAttachments {
    private NetworkAttachments() {}

    /** The programs on {@code device}'s hooks. */
    public static List<AttachedProgram> on(NetworkDevice device) {
        return device.call(() -> {
            try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                return list(socket, device, XdpNetlink.query(socket, device.index()));
            }
        });
    }

    /**
     * The revision of {@code device}'s TCX hook in {@code direction}: it changes with every attach
     * and detach there, so an attach that passes it ({@link TcOptions#withExpectedRevision}) succeeds
     * only if nobody changed the hook since it was read. Empty where the kernel has no TCX (6.6+).
     */
    public static java.util.OptionalLong tcxRevision(NetworkDevice device, Direction direction) {
        if (!LinkSupport.tcx().orElse(false)) {
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.of(device.call(() -> TcxQuery.query(device.index(), direction.tcxAttachType()).revision()));
    }

    /** The programs on every interface of {@code namespace} (empty: the process's). */
    public static List<AttachedProgram> all(Optional<NetworkNamespace> namespace) {
        java.util.concurrent.Callable<List<AttachedProgram>> task = () -> {
            List<AttachedProgram> all = new ArrayList<>();
            try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                for (XdpNetlink.InterfaceXdp i : XdpNetlink.queryAll(socket)) {
                    all.addAll(list(socket, new NetworkDevice(i.name(), i.index(), namespace), i.xdp()));
                }
            }
            return all;
        };
        return NetworkDevice.in(namespace, task);
    }

    private static List<AttachedProgram> list(NetlinkSocket socket, NetworkDevice device, XdpNetlink.XdpState xdp) {
        List<AttachedProgram> found = new ArrayList<>();
        for (XdpMode mode : XdpMode.values()) {
            int id = xdp.programIn(mode.attached());
            if (id != 0) {
                OptionalInt link = xdpLinkHolding(device.index(), id);
                found.add(new AttachedProgram(device, Hook.XDP, id, programName(id),
                        link.isPresent() ? Mechanism.BPF_LINK : Mechanism.NETLINK, Optional.of(mode), link,
                        OptionalInt.empty(), OptionalInt.empty()));
            }
        }
        boolean clsact = TcNetlink.qdiscs(socket, device.index()).stream().anyMatch(q -> q.kind().equals("clsact"));
        for (Direction direction : Direction.values()) {
            if (LinkSupport.tcx().orElse(false)) {
                TcxQuery.TcxPrograms tcx = TcxQuery.query(device.index(), direction.tcxAttachType());
                for (int i = 0; i < tcx.programIds().length; i++) {
                    int link = tcx.linkIds()[i];
                    found.add(new AttachedProgram(device, direction.hook(), tcx.programIds()[i], programName(tcx.programIds()[i]),
                            link != 0 ? Mechanism.BPF_LINK : Mechanism.NETLINK, Optional.empty(),
                            link != 0 ? OptionalInt.of(link) : OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty()));
                }
            }
            if (clsact) {
                for (TcNetlink.Filter f : TcNetlink.filters(socket, device.index(), direction.clsactParent())) {
                    if (f.kind().equals("bpf")) {
                        found.add(new AttachedProgram(device, direction.hook(), f.programId(), programName(f.programId()),
                                Mechanism.NETLINK, Optional.empty(), OptionalInt.empty(), OptionalInt.of(f.priority()),
                                OptionalInt.of(f.handle())));
                    }
                }
            }
        }
        return found;
    }

    /** The XDP link on interface {@code ifindex} holding program {@code programId}, if one does. */
    static OptionalInt xdpLinkHolding(int ifindex, int programId) {
        try {
            for (int id = LinkCalls.nextId(0); id != 0; id = LinkCalls.nextId(id)) {
                try (OwnedFd fd = ObjectCalls.linkFdById(id)) {
                    LinkCalls.RawLinkInfo info = LinkCalls.info(fd.get());
                    if (info.type() == LinkCalls.LINK_TYPE_XDP && info.ifindex() == ifindex && info.programId() == programId) {
                        return OptionalInt.of(id);
                    }
                } catch (BpfException e) {
                    // gone between the listing and the open
                }
            }
        } catch (BpfException e) {
            // without CAP_SYS_ADMIN links cannot be listed: say netlink rather than guess
        }
        return OptionalInt.empty();
    }

    private static String programName(int id) {
        try (OwnedFd fd = ObjectCalls.programFdById(id)) {
            return ObjectCalls.programInfo(fd.get()).name();
        } catch (RuntimeException e) {
            return "";
        }
    }
}
