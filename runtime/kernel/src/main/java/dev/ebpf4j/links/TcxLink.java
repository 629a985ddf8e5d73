package dev.ebpf4j.links;

import dev.ebpf4j.programs.Program;
import dev.ebpf4j.sys.LinkCalls;
import dev.ebpf4j.sys.OwnedFd;
import dev.ebpf4j.sys.TcxQuery;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A tc program held on an interface by a TCX link ({@code BPF_LINK_CREATE}, attach type
 * {@code BPF_TCX_INGRESS}/{@code _EGRESS}, 6.6+). Several can share a direction, in the order they
 * were placed. {@link #close()} detaches it unless it is pinned; a pinned link stays until
 * {@link #detach()}.
 */
public final class TcxLink extends LinkAttachment implements TcAttachment {
    private final NetworkDevice device;
    private final Direction direction;

    TcxLink(OwnedFd fd, NetworkDevice device, Direction direction, Path pin) {
        super(fd, pin);
        this.device = device;
        this.direction = direction;
    }

    /** Opens the TCX link pinned at {@code path}, its interface looked up in the process's namespace. */
    public static TcxLink openPinned(Path path) {
        return openPinned(path, Optional.empty());
    }

    /** Opens the TCX link pinned at {@code path}, whose interface is in {@code namespace}. */
    public static TcxLink openPinned(Path path, NetworkNamespace namespace) {
        return openPinned(path, Optional.of(namespace));
    }

    private static TcxLink openPinned(Path path, Optional<NetworkNamespace> namespace) {
        OwnedFd fd = BpfLinkHandle.openPinned(path, LinkCalls.LINK_TYPE_TCX, "a TCX link");
        try {
            LinkCalls.RawLinkInfo info = LinkCalls.info(fd.get());
            Direction direction = info.attachType() == Direction.EGRESS.tcxAttachType() ? Direction.EGRESS : Direction.INGRESS;
            NetworkDevice found = info.ifindex() == 0 ? null : NetworkDevice.ofIndex(info.ifindex(), namespace);
            // An interface with that index here that does not hold the link: the link's is in another namespace.
            NetworkDevice device = found != null && holdsLink(found, info) ? found : null;
            return new TcxLink(fd, device, direction, path);
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    private static boolean holdsLink(NetworkDevice device, LinkCalls.RawLinkInfo info) {
        try {
            int[] links = device.call(() -> TcxQuery.query(device.index(), info.attachType())).linkIds();
            return java.util.Arrays.stream(links).anyMatch(id -> id == info.id());
        } catch (dev.ebpf4j.errors.BpfException e) {
            return false;
        }
    }

    @Override
    public Direction direction() {
        return direction;
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
    public Mechanism mechanism() {
        return Mechanism.BPF_LINK;
    }

    @Override
    void checkReplacement(Program replacement) {
        TcAttacher.checkType(replacement, device, direction);
    }

    @Override
    public String toString() {
        return "tc " + direction.word() + " on " + (device == null ? "an interface not in this namespace" : device) + ": "
                + state() + ", TCX " + link;
    }
}
