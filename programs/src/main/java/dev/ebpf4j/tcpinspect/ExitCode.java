package dev.ebpf4j.tcpinspect;

/**
 * The exit codes of {@code tcpinspect}: one per kind of failure a person can fix, so that scripts
 * can tell them apart without reading the message.
 */
final class ExitCode {
    static final int OK = 0;
    /** A failure the tool has no specific words for (a bug, or a kernel refusal not foreseen). */
    static final int INTERNAL = 1;
    /** The command line did not parse (picocli's code for usage errors). */
    static final int USAGE = 2;
    /** Not root, or without the capabilities attaching needs. */
    static final int NOT_PERMITTED = 3;
    /** No such interface (or network namespace). */
    static final int NO_SUCH_INTERFACE = 4;
    /** The interface's XDP hook already runs someone else's program, or a persisted tcpinspect. */
    static final int HOOK_TAKEN = 5;
    /** {@code --persist} and no bpffs where the pins go. */
    static final int NO_BPFFS = 6;
    /** {@code --prometheus}'s port is in use. */
    static final int PORT_IN_USE = 7;
    /** A malformed CIDR prefix or rule. */
    static final int BAD_CIDR = 8;
    /** Code 9 meant "needs a program of the TCP suite this build does not have" before the suite came; it is not reused. */
    /** {@code stop DEV} found nothing that tcpinspect persisted for DEV. */
    static final int NOTHING_PERSISTED = 10;
    /** {@code --add}, {@code --remove} or {@code --update} found no running instance's pinned maps on the interface. */
    static final int NOT_RUNNING = 11;

    private ExitCode() {
    }
}
