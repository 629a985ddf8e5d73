package dev.ebpf4j.links;

import dev.ebpf4j.programs.Program;
import dev.ebpf4j.sys.LinkCalls;
import dev.ebpf4j.sys.OwnedFd;
import dev.ebpf4j.types.ProgramType;

import java.nio.file.Path;
import java.util.Locale;
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
public final class XdpLink extends LinkAttachment implements XdpAttachment {
    private final NetworkDevice device;
    private final XdpMode mode;

    XdpLink(OwnedFd fd, NetworkDevice device, XdpMode mode, Path pin) {
        super(fd, pin);
        this.device = device;
        this.mode = mode;
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
        OwnedFd fd = BpfLinkHandle.openPinned(path, LinkCalls.LINK_TYPE_XDP, "an XDP link");
        try {
            LinkCalls.RawLinkInfo info = LinkCalls.info(fd.get());
            if (info.ifindex() == 0) {
                return new XdpLink(fd, null, null, path); // its interface went away, and the attachment with it
            }
            NetworkDevice found = NetworkDevice.ofIndex(info.ifindex(), namespace);
            XdpMode mode = found == null ? null : found.call(() -> XdpAttacher.modeIfRunning(found, info.programId()));
            // No such interface here, or one that does not run the program: the link's is in another namespace.
            // The link can still be updated and detached; what it is on is unknown from here.
            return new XdpLink(fd, mode == null ? null : found, mode, path);
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * The interface; null for a link opened from a pin after its interface was removed, or whose
     * interface is in another network namespace than the one it was opened from.
     */
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

    @Override
    void checkReplacement(Program replacement) {
        if (replacement.type() != ProgramType.XDP) {
            throw new AttachException(AttachException.Reason.WRONG_PROGRAM_TYPE, "cannot update the XDP link on " + (device == null ? "its interface" : device.name())
                    + " to '" + replacement.name() + "': it is a " + replacement.type() + " program, not XDP");
        }
    }

    @Override
    public String toString() {
        return "XDP on " + (device == null ? "an interface not in this namespace" : device) + ": "
                + state()
                + (mode == null ? "" : ", " + mode.name().toLowerCase(Locale.ROOT) + " mode") + ", " + link;
    }
}
