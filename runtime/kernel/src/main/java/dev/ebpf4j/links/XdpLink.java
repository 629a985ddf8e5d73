package dev.ebpf4j.links;

import dev.ebpf4j.programs.Program;
import dev.ebpf4j.sys.BpfException;
import dev.ebpf4j.sys.LinkCalls;
import dev.ebpf4j.sys.ObjectCalls;
import dev.ebpf4j.sys.OwnedFd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An XDP program held on an interface by a BPF link ({@code BPF_LINK_CREATE}, attach type
 * {@code BPF_XDP}, 5.9+). While it exists nobody else can attach XDP to the interface, over netlink
 * or by link. {@link #close()} detaches it unless it is pinned: a process that dies leaves nothing
 * attached. A pinned link stays until {@link #detach()}, from this process or a later one that
 * {@link #openPinned opened the pin}.
 *
 * <pre>{@code
 * XdpLink link = (XdpLink) XdpAttachment.attach(program, NetworkDevice.named("eth0"));
 * link.pin(Path.of("/sys/fs/bpf/myapp/xdp-eth0"));
 * link.close();                                        // still attached
 * XdpLink.openPinned(Path.of("/sys/fs/bpf/myapp/xdp-eth0")).detach();   // gone, pin removed
 * }</pre>
 */
public final class XdpLink implements XdpAttachment {
    private final OwnedFd fd;
    private final NetworkDevice device;
    private final XdpMode mode;
    private final int linkId;
    private volatile Path pin;

    XdpLink(OwnedFd fd, NetworkDevice device, XdpMode mode, Path pin) {
        this.fd = fd;
        this.device = device;
        this.mode = mode;
        this.linkId = LinkCalls.info(fd.get()).id();
        this.pin = pin;
    }

    /** Opens the XDP link pinned at {@code path}, its interface looked up in the process's namespace. */
    public static XdpLink openPinned(Path path) {
        return openPinned(path, Optional.empty());
    }

    /** Opens the XDP link pinned at {@code path}, whose interface is in {@code namespace}. */
    public static XdpLink openPinned(Path path, NetworkNamespace namespace) {
        return openPinned(path, Optional.of(namespace));
    }

    private static XdpLink openPinned(Path path, Optional<NetworkNamespace> namespace) {
        OwnedFd fd = ObjectCalls.get(path, 0);
        try {
            if (ObjectCalls.kind(fd.get()) != ObjectCalls.ObjectKind.LINK) {
                throw new AttachException(path + " is not a pinned link (it is a pinned "
                        + ObjectCalls.kind(fd.get()).name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
            LinkCalls.RawLinkInfo info = LinkCalls.info(fd.get());
            if (info.type() != LinkCalls.LINK_TYPE_XDP) {
                throw new AttachException(path + " is a pinned link of type " + info.type() + ", not an XDP link (6)");
            }
            if (info.ifindex() == 0) {
                return new XdpLink(fd, null, null, path); // detached already: its interface went away
            }
            NetworkDevice device = NetworkDevice.ofIndex(info.ifindex(), namespace);
            XdpMode mode = device.call(() -> XdpAttacher.modeOf(device, info.programId()));
            return new XdpLink(fd, device, mode, path);
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
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
        return Mechanism.BPF_LINK;
    }

    /** The kernel-wide id of the link, as {@code bpftool link} lists it. */
    public int linkId() {
        return linkId;
    }

    @Override
    public int programId() {
        return LinkCalls.info(fd.get()).programId();
    }

    /** Swaps the program atomically ({@code BPF_LINK_UPDATE}). */
    @Override
    public void update(Program replacement) {
        if (replacement.type() != dev.ebpf4j.types.ProgramType.XDP) {
            throw new AttachException("cannot update the XDP link on " + device.name() + " to '" + replacement.name()
                    + "': it is a " + replacement.type() + " program, not XDP");
        }
        LinkCalls.update(fd.get(), replacement.fd(), 0, 0);
    }

    /**
     * Pins the link at {@code path} on bpffs: it then outlives this handle and this process, until
     * {@link #detach()} or the pin is removed and the last handle closed.
     */
    public void pin(Path path) {
        ObjectCalls.pin(fd.get(), path);
        pin = path;
    }

    /** Where the link is pinned, if it is. */
    public Optional<Path> pinnedAt() {
        return Optional.ofNullable(pin);
    }

    /** Removes the pin (the link then lives as long as this handle). */
    public void unpin() {
        Path path = pin;
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the pin " + path + ": " + e.getMessage(), e);
            }
            pin = null;
        }
    }

    /** Detaches now ({@code BPF_LINK_DETACH}), removes the pin if there is one, and closes the handle. */
    @Override
    public void detach() {
        try {
            if (!fd.isClosed()) {
                LinkCalls.detach(fd.get());
            }
        } catch (BpfException e) {
            // ENOLINK: the interface went away and took the attachment with it; nothing is left to detach.
            if (e.errno().number() != 67) {
                throw e;
            }
        } finally {
            if (!fd.isClosed()) {
                unpin();
            }
            fd.close();
        }
    }

    /** Closes this handle: detaches the program unless the link is pinned. */
    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "XDP on " + (device == null ? "a removed interface" : device) + ": "
                + (fd.isClosed() ? "closed" : "program " + programId())
                + (mode == null ? "" : ", " + mode.name().toLowerCase(java.util.Locale.ROOT) + " mode")
                + ", BPF link " + linkId + (pin == null ? "" : ", pinned at " + pin);
    }
}
