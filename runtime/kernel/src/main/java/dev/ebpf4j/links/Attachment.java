package dev.ebpf4j.links;

import dev.ebpf4j.programs.Program;

/**
 * A program attached to a hook of a network interface. It says what it is (hook, interface,
 * program, mechanism; the XDP mode the kernel actually uses), can be updated to another program
 * atomically, and detached. {@link #close()} releases this process's hold: an unpinned BPF link is
 * detached by it, a pinned one stays until {@link #detach()}.
 *
 * <pre>{@code
 * try (XdpAttachment attached = XdpAttachment.attach(program, NetworkDevice.named("eth0"))) {
 *     System.out.println(attached);   // XDP on eth0 (ifindex 2): program 42, native mode, BPF link 7
 * }                                   // detached here
 * }</pre>
 */
public sealed interface Attachment extends AutoCloseable permits XdpAttachment, TcAttachment {
    Hook hook();

    /** The interface the program is attached to. */
    NetworkDevice device();

    /** The id of the program attached now, as the kernel reports it. */
    int programId();

    Mechanism mechanism();

    /**
     * Puts {@code replacement} in the place of the attached program in one step: no packet passes
     * the hook without a program.
     */
    void update(Program replacement);

    /** Detaches the program now, pinned or not, and releases this handle. */
    void detach();

    /** Releases this handle: detaches unless the attachment is pinned (see each kind). Later calls do nothing. */
    @Override
    void close();
}
