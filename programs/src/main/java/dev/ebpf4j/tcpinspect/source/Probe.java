package dev.ebpf4j.tcpinspect.source;

import dev.ebpf4j.links.Attachment;
import dev.ebpf4j.loader.LoadedObject;

/**
 * A program loaded and attached to one interface on behalf of the tool. {@link #close()} releases
 * the program, its maps and the attachment: an unpinned attachment is detached by it, a pinned one
 * stays for {@code tcpinspect stop}.
 */
public interface Probe extends AutoCloseable {
    /** The attachment on the interface. */
    Attachment attachment();

    /** The loaded object, for pinning its programs and maps. */
    LoadedObject object();

    @Override
    void close();
}
