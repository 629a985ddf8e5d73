package dev.ebpf4j.links;

import dev.ebpf4j.programs.Program;
import dev.ebpf4j.sys.LinkCalls;
import dev.ebpf4j.sys.OwnedFd;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What an attachment held by a BPF link does the same whatever its hook: its link id, the program
 * the kernel says it runs, pinning, an atomic program swap, detaching, and closing, which detaches
 * unless the link is pinned. {@link XdpLink} and {@link TcxLink} add what their hook knows.
 */
public abstract sealed class LinkAttachment permits XdpLink, TcxLink {
    final BpfLinkHandle link;

    LinkAttachment(OwnedFd fd, Path pin) {
        this.link = new BpfLinkHandle(fd, pin);
    }

    /** The kernel-wide id of the link, as {@code bpftool link} lists it. */
    public int linkId() {
        return link.linkId();
    }

    /** The id of the program the link runs now, as the kernel reports it. */
    public int programId() {
        return link.info().programId();
    }

    /**
     * Swaps the program atomically ({@code BPF_LINK_UPDATE}), keeping its place on the hook.
     *
     * @throws AttachException if {@code replacement} is not a program for this hook
     */
    public void update(Program replacement) {
        checkReplacement(replacement);
        LinkCalls.update(link.fd(), replacement.fd(), 0, 0);
    }

    /** Refuses a replacement of the wrong program type for the hook, naming both. */
    abstract void checkReplacement(Program replacement);

    /**
     * Pins the link at {@code path} on bpffs: it then outlives this handle and this process, until
     * {@link #detach()} or the pin is removed and the last handle closed.
     */
    public void pin(Path path) {
        link.pin(path);
    }

    /** Where the link is pinned, if it is. */
    public Optional<Path> pinnedAt() {
        return link.pinnedAt();
    }

    /** Removes the pin (the link then lives as long as this handle). */
    public void unpin() {
        link.unpin();
    }

    /** Detaches now ({@code BPF_LINK_DETACH}), removes the pin if there is one, and closes the handle. */
    public void detach() {
        link.detach();
    }

    /** Closes this handle: detaches the program unless the link is pinned. */
    public void close() {
        link.close();
    }

    /** What the link runs, or that this handle is closed. */
    final String state() {
        return link.isClosed() ? "closed" : "program " + programId();
    }
}
