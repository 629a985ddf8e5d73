package dev.ebpf4j.links;

import dev.ebpf4j.programs.Program;

/**
 * An XDP program on an interface, held by a {@link XdpLink BPF link} or {@link XdpNetlinkAttachment
 * set over netlink}.
 *
 * <pre>{@code
 * try (XdpAttachment xdp = XdpAttachment.attach(counter, NetworkDevice.named("eth0"))) {
 *     xdp.mode();   // NATIVE on a driver with XDP, GENERIC otherwise: what the kernel reports
 * }
 * }</pre>
 */
public sealed interface XdpAttachment extends Attachment permits XdpLink, XdpNetlinkAttachment {
    /** The mode the program runs in, as the kernel reports it (not as it was asked for). */
    XdpMode mode();

    @Override
    default Hook hook() {
        return Hook.XDP;
    }

    /**
     * Attaches {@code program} to {@code device} in the mode the kernel chooses, by BPF link where
     * the kernel has XDP links and over netlink otherwise. Never replaces a program that is there.
     *
     * @throws AttachException naming the problem and the fix (wrong program type, the hook is taken,
     *         the driver lacks native XDP, no privileges)
     */
    static XdpAttachment attach(Program program, NetworkDevice device) {
        return XdpAttacher.attach(program, device, XdpOptions.defaults());
    }

    /** Attaches {@code program} to {@code device} as {@code options} say; see {@link #attach(Program, NetworkDevice)}. */
    static XdpAttachment attach(Program program, NetworkDevice device, XdpOptions options) {
        return XdpAttacher.attach(program, device, options);
    }
}
