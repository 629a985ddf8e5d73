package dev.ebpf4j.links;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.sys.LinkCalls;
import dev.ebpf4j.sys.ObjectCalls;
import dev.ebpf4j.sys.OwnedFd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What every BPF-link attachment shares: the link's fd, its id, its pin. */
final class BpfLinkHandle {
    /** {@code ENOLINK}: the link's interface went away and took the attachment with it. */
    private static final int ENOLINK = 67;

    private final OwnedFd fd;
    private final int linkId;
    private volatile Path pin;

    BpfLinkHandle(OwnedFd fd, Path pin) {
        this.fd = fd;
        this.linkId = LinkCalls.info(fd.get()).id();
        this.pin = pin;
    }

    /** Opens the link pinned at {@code path}, checking it is a link of {@code linkType}. */
    static OwnedFd openPinned(Path path, int linkType, String what) {
        OwnedFd fd = ObjectCalls.get(path, 0);
        try {
            ObjectCalls.ObjectKind kind = ObjectCalls.kind(fd.get());
            if (kind != ObjectCalls.ObjectKind.LINK) {
                throw new AttachException(AttachException.Reason.NOT_A_LINK, path + " is not a pinned link (it is a pinned " + kind.name().toLowerCase(Locale.ROOT) + ")");
            }
            int type = LinkCalls.info(fd.get()).type();
            if (type != linkType) {
                throw new AttachException(AttachException.Reason.NOT_A_LINK, path + " is a pinned link of type " + type + ", not " + what);
            }
            return fd;
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    int fd() {
        return fd.get();
    }

    int linkId() {
        return linkId;
    }

    boolean isClosed() {
        return fd.isClosed();
    }

    LinkCalls.RawLinkInfo info() {
        return LinkCalls.info(fd.get());
    }

    void pin(Path path) {
        ObjectCalls.pin(fd.get(), path);
        pin = path;
    }

    Optional<Path> pinnedAt() {
        return Optional.ofNullable(pin);
    }

    void unpin() {
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

    /** {@code BPF_LINK_DETACH}, then removes the pin and closes the fd. */
    void detach() {
        try {
            if (!fd.isClosed()) {
                LinkCalls.detach(fd.get());
            }
        } catch (BpfException e) {
            if (e.errno().number() != ENOLINK) {
                throw e;
            }
        } finally {
            if (!fd.isClosed()) {
                unpin();
            }
            fd.close();
        }
    }

    void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "BPF link " + linkId + (pin == null ? "" : ", pinned at " + pin);
    }
}
