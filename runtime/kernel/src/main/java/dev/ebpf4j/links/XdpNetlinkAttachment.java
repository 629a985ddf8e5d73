package dev.ebpf4j.links;

import dev.ebpf4j.programs.Program;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.errors.NetlinkException;
import dev.ebpf4j.sys.NetlinkSocket;
import dev.ebpf4j.sys.OwnedFd;
import dev.ebpf4j.sys.XdpNetlink;

import java.util.Locale;

/**
 * An XDP program set on an interface over netlink ({@code RTM_SETLINK}, {@code IFLA_XDP}), for
 * kernels without XDP links or when asked for. It stays on the interface when the process ends;
 * {@link #close()} detaches it, {@link #leaveAttached()} lets it outlive this handle. Replacing and
 * detaching name the program expected there ({@code XDP_FLAGS_REPLACE} with
 * {@code IFLA_XDP_EXPECTED_FD}, 5.7+): a program someone else put there since is never removed.
 */
public final class XdpNetlinkAttachment implements XdpAttachment {
    private final NetworkDevice device;
    private final XdpMode mode;
    private OwnedFd attached;

    XdpNetlinkAttachment(OwnedFd attached, NetworkDevice device, XdpMode mode) {
        this.attached = attached;
        this.device = device;
        this.mode = mode;
    }

    /**
     * The attachment of {@code program} on {@code device}'s XDP hook, if it was set there over
     * netlink (by this process or another): a handle that can replace or detach exactly it.
     */
    public static java.util.Optional<XdpNetlinkAttachment> find(NetworkDevice device, Program program) {
        int id = program.id();
        return device.call(() -> {
            try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                XdpNetlink.XdpState state = XdpNetlink.query(socket, device.index());
                for (XdpMode mode : XdpMode.values()) {
                    if (state.programIn(mode.attached()) == id && NetworkAttachments.xdpLinkHolding(device.index(), id).isEmpty()) {
                        return java.util.Optional.of(new XdpNetlinkAttachment(OwnedFd.duplicateOf(program.fd()), device, mode));
                    }
                }
                return java.util.Optional.<XdpNetlinkAttachment>empty();
            }
        });
    }

    @Override
    public NetworkDevice device() {
        return device;
    }

    @Override
    public XdpMode mode() {
        return mode;
    }

    @Override
    public Mechanism mechanism() {
        return Mechanism.NETLINK;
    }

    @Override
    public synchronized int programId() {
        return device.call(() -> {
            try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                return XdpNetlink.query(socket, device.index()).programIn(mode.attached());
            }
        });
    }

    /** Replaces the program, only if the one this attachment put there is still there. */
    @Override
    public synchronized void update(Program replacement) {
        OwnedFd expected = open();
        OwnedFd next = OwnedFd.duplicateOf(replacement.fd());
        try {
            set(replacement.fd(), expected.get(), "replace");
        } catch (RuntimeException e) {
            next.close();
            throw e;
        }
        attached = next;
        expected.close();
    }

    /**
     * Removes the program, only if the one this attachment put there is still there.
     *
     * @throws AttachException if another program took its place (that one is left alone)
     */
    @Override
    public synchronized void detach() {
        OwnedFd expected = open();
        try {
            set(-1, expected.get(), "detach");
        } finally {
            expected.close();
            attached = null;
        }
    }

    /** Releases this handle and leaves the program attached (as {@code ip link set DEV xdp} does). */
    public synchronized void leaveAttached() {
        if (attached != null) {
            attached.close();
            attached = null;
        }
    }

    /** Detaches the program if it is still the one this attachment put there; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (attached == null) {
            return;
        }
        try {
            detach();
        } catch (AttachException e) {
            // Someone replaced or removed it since: theirs now, not ours to remove.
        }
    }

    private OwnedFd open() {
        if (attached == null) {
            throw new IllegalStateException("this XDP attachment on " + device.name() + " was detached or released");
        }
        return attached;
    }

    private void set(int programFd, int expectedFd, String what) {
        device.call(() -> {
            try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                XdpNetlink.set(socket, device.index(), programFd, XdpNetlink.FLAGS_REPLACE | mode.flag(), expectedFd);
            } catch (NetlinkException e) {
                if (e.errno().equals(Errno.EEXIST) || e.errno().equals(Errno.ENODEV)) {
                    throw new AttachException(AttachException.Reason.HOOK_TAKEN, "cannot " + what + " the XDP program on " + device.name()
                            + ": it is no longer the one this process attached (now: " + XdpAttacher.occupant(device)
                            + "); left as it is", e);
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "XDP on " + device + ": " + (attached == null ? "released" : "program " + programId())
                + ", " + mode.name().toLowerCase(Locale.ROOT) + " mode, netlink";
    }
}
