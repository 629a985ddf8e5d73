package dev.ebpf4j.errors;

import java.util.Optional;

/**
 * A netlink request failed. The message is one line: what was asked, the error name, and the
 * kernel's own explanation when it sent one (extended ACK), e.g.
 * {@code RTM_SETLINK (XDP) failed: EBUSY: Can't replace active BPF XDP link}.
 */
public final class NetlinkException extends Ebpf4jException {
    private final Errno errno;
    private final String kernelMessage;

    public NetlinkException(String operation, Errno errno, String kernelMessage) {
        super(operation + " failed: " + errno.name() + ": "
                + (kernelMessage == null || kernelMessage.isBlank() ? describe(errno) : kernelMessage));
        this.errno = errno;
        this.kernelMessage = kernelMessage == null || kernelMessage.isBlank() ? null : kernelMessage;
    }

    /** The error the kernel returned. */
    public Errno errno() {
        return errno;
    }

    /** The kernel's explanation ({@code NLMSGERR_ATTR_MSG}), if it sent one. */
    public Optional<String> kernelMessage() {
        return Optional.ofNullable(kernelMessage);
    }

    private static String describe(Errno errno) {
        return switch (errno.number()) {
            case 1 -> "not permitted: changing interfaces needs root or CAP_NET_ADMIN";
            case 2 -> "no such object (the filter, qdisc or interface is gone)";
            case 16 -> "the hook is busy: another program is attached there";
            case 17 -> "it already exists";
            case 19 -> "no such network device";
            case 22 -> "invalid argument";
            case 95 -> "not supported by this device or kernel";
            default -> "failed with " + errno.name();
        };
    }
}
