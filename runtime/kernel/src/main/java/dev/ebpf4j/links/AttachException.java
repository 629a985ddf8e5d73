package dev.ebpf4j.links;

/**
 * Attaching or detaching failed for a reason the user can fix: an unknown interface, a program of
 * the wrong type for the hook, a hook someone else holds, no bpffs, no privileges. The message is one
 * line naming the problem and the fix; nothing was left half-attached.
 */
public final class AttachException extends RuntimeException {
    public AttachException(String message) {
        super(message);
    }

    public AttachException(String message, Throwable cause) {
        super(message, cause);
    }
}
