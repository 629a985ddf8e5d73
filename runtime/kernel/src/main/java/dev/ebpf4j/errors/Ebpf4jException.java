package dev.ebpf4j.errors;

/**
 * The root of what the runtime throws for a failure of the kernel's or the caller's making: a
 * {@code bpf(2)} call the kernel refused ({@link BpfException}, {@link VerifierException}), a
 * netlink request it refused ({@link NetlinkException}), an attach or detach that cannot be done
 * ({@link dev.ebpf4j.links.AttachException}), an object that cannot be loaded
 * ({@link dev.ebpf4j.loader.LoadException}). One catch covers them all; each carries a one-line
 * message naming the problem and the fix, the kernel's error where there is one, and the cause.
 * Programming errors (a closed handle, a null) stay {@code IllegalStateException} and the like.
 */
public abstract sealed class Ebpf4jException extends RuntimeException
        permits BpfException, NetlinkException, dev.ebpf4j.links.AttachException, dev.ebpf4j.loader.LoadException {
    protected Ebpf4jException(String message) {
        super(message);
    }

    protected Ebpf4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
