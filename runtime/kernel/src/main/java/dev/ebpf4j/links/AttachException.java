package dev.ebpf4j.links;

import dev.ebpf4j.errors.Ebpf4jException;

/**
 * Attaching or detaching failed for a reason the user can fix: an unknown interface, a program of
 * the wrong type for the hook, a hook someone else holds, no bpffs, no privileges. The message is one
 * line naming the problem and the fix; nothing was left half-attached. {@link #reason()} says which
 * kind of failure it is, for callers that act on it (a tool that offers generic mode when the hook
 * is taken, or asks for root when it is not permitted).
 */
public final class AttachException extends Ebpf4jException {
    /** What kind of failure it is. */
    public enum Reason {
        /** No interface by that name (or an invalid name), or it went away during the call. */
        NO_SUCH_INTERFACE,
        /** The program's type does not run at that hook (an XDP program for tc, say). */
        WRONG_PROGRAM_TYPE,
        /** Another program or another setup holds the hook, or replaced ours since. */
        HOOK_TAKEN,
        /** The kernel or the driver lacks what was asked for: native XDP, TCX, an ordering. */
        UNSUPPORTED,
        /** The process lacks the capabilities (CAP_NET_ADMIN, CAP_BPF). */
        NOT_PERMITTED,
        /** The hook changed since the revision the caller read (TCX), or a place named is not there. */
        STALE,
        /** A path that should hold a pinned link holds something else. */
        NOT_A_LINK,
        /** Anything else the kernel refused; the message and the cause say what. */
        REFUSED
    }

    private final Reason reason;

    public AttachException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AttachException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Which kind of failure this is. */
    public Reason reason() {
        return reason;
    }
}
