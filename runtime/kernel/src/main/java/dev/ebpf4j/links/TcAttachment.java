package dev.ebpf4j.links;

import dev.ebpf4j.programs.Program;

/**
 * A tc program on an interface, one direction: held by a {@link TcxLink TCX link} (6.6+) or a
 * {@link TcFilterAttachment cls_bpf filter} on the clsact qdisc. Several tc programs can share a
 * direction; each runs until one returns a verdict other than "next" ({@code TC_ACT_UNSPEC}, -1).
 *
 * <pre>{@code
 * try (TcAttachment tc = TcAttachment.attach(classifier, NetworkDevice.named("eth0"), Direction.EGRESS)) {
 *     tc.mechanism();   // BPF_LINK on 6.6+, NETLINK below
 * }
 * }</pre>
 */
public sealed interface TcAttachment extends Attachment permits TcxLink, TcFilterAttachment {
    Direction direction();

    @Override
    default Hook hook() {
        return direction().hook();
    }

    /**
     * Attaches {@code program} to {@code device} in {@code direction}: a TCX link where the kernel
     * has them, appended after the programs there; a cls_bpf filter on the clsact qdisc otherwise
     * (the qdisc is created if the interface has none, and never removed).
     *
     * @throws AttachException naming the problem and the fix
     */
    static TcAttachment attach(Program program, NetworkDevice device, Direction direction) {
        return TcAttacher.attach(program, device, direction, TcOptions.defaults());
    }

    /** Attaches as {@code options} say; see {@link #attach(Program, NetworkDevice, Direction)}. */
    static TcAttachment attach(Program program, NetworkDevice device, Direction direction, TcOptions options) {
        return TcAttacher.attach(program, device, direction, options);
    }
}
