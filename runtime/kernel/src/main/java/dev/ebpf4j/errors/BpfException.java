package dev.ebpf4j.errors;

/**
 * A {@code bpf(2)} call failed. The message is one line: the command, the error name and what it
 * most likely means, e.g. {@code BPF_MAP_CREATE failed: EPERM: not permitted: run as root, ...}.
 */
public sealed class BpfException extends Ebpf4jException permits VerifierException {
    private final BpfCommand command;
    private final Errno errno;

    public BpfException(BpfCommand command, Errno errno) {
        this(command, errno, command.kernelName() + " failed: " + errno.name() + ": " + errno.explain(command));
    }

    public BpfException(BpfCommand command, Errno errno, String message) {
        this(command, errno, message, null);
    }

    /** With {@code cause}: the failure this one explains further. */
    public BpfException(BpfCommand command, Errno errno, String message, Throwable cause) {
        super(message, cause);
        this.command = command;
        this.errno = errno;
    }

    /** The command that failed. */
    public BpfCommand command() {
        return command;
    }

    /** The error the kernel returned. */
    public Errno errno() {
        return errno;
    }
}
