package dev.ebpf4j.sys;

import dev.ebpf4j.errors.Errno;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A file descriptor this process owns and closes exactly once. Every map, program, link and BTF
 * handle holds one.
 *
 * <p>Never holds 0 or a negative number: fd 0 is stdin's, and a BPF object that landed there (because
 * a process closed its stdin) would be closed by code that "closes stdin"; {@link #adopt(int)} moves
 * such a descriptor above 2 first, as libbpf does.
 *
 * <pre>{@code
 * try (OwnedFd fd = OwnedFd.adopt(rawFd)) {
 *     use(fd.get());
 * } // closed here; a second close() does nothing
 * }</pre>
 */
public final class OwnedFd implements AutoCloseable {
    private static final VarHandle FD;

    static {
        try {
            FD = MethodHandles.lookup().findVarHandle(OwnedFd.class, "fd", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through FD
    private volatile int fd;

    private OwnedFd(int fd) {
        this.fd = fd;
    }

    /**
     * Takes ownership of {@code fd} as returned by the kernel. Fd 0 is duplicated to a number above 2
     * and then closed.
     *
     * @throws IllegalArgumentException if {@code fd} is negative
     */
    public static OwnedFd adopt(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + fd);
        }
        if (fd == 0) {
            int moved = Libc.fcntl(0, Libc.F_DUPFD_CLOEXEC, 3);
            int errno = Libc.errno();
            Libc.close(0);
            if (moved < 0) {
                throw new IllegalStateException("could not move a BPF object off fd 0: fcntl failed with "
                        + new Errno(errno).name());
            }
            fd = moved;
        }
        return new OwnedFd(fd);
    }

    /**
     * The descriptor number, for passing to the kernel.
     *
     * @throws IllegalStateException if this descriptor was closed
     */
    public int get() {
        int value = fd;
        if (value <= 0) {
            throw new IllegalStateException("file descriptor already closed");
        }
        return value;
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return fd <= 0;
    }

    /** A new descriptor for the same kernel object, owned separately. */
    public OwnedFd duplicate() {
        int copy = Libc.fcntl(get(), Libc.F_DUPFD_CLOEXEC, 3);
        if (copy < 0) {
            throw new IllegalStateException("could not duplicate fd " + fd + ": " + new Errno(Libc.errno()).name());
        }
        return new OwnedFd(copy);
    }

    /** A new descriptor, owned by the caller, for the kernel object behind {@code fd}, which stays open. */
    public static OwnedFd duplicateOf(int fd) {
        int copy = Libc.fcntl(fd, Libc.F_DUPFD_CLOEXEC, 3);
        if (copy < 0) {
            throw new IllegalStateException("could not duplicate fd " + fd + ": " + new Errno(Libc.errno()).name());
        }
        return new OwnedFd(copy);
    }

    /** Closes the descriptor; later calls do nothing. */
    @Override
    public void close() {
        int value = (int) FD.getAndSet(this, -1);
        if (value > 0) {
            // Linux releases the descriptor even when close() reports EINTR, so never retry.
            Libc.close(value);
        }
    }

    @Override
    public String toString() {
        int value = fd;
        return value > 0 ? "fd " + value : "closed fd";
    }
}
