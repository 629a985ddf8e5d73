package dev.ebpf4j.sys;

import dev.ebpf4j.errors.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Runs code inside another network namespace. {@code setns(2)} and {@code unshare(2)} move only the
 * calling thread, so each call gets a platform thread of its own that enters the namespace, runs
 * the task and ends: no thread that left the process's namespace is ever reused for other work.
 * Sockets and XDP or tc attachments made there stay in that namespace; file descriptors (links,
 * sockets) are the whole process's.
 */
public final class NetNamespaces {
    private static final int O_RDONLY = 0, O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final MethodHandle OPEN = Libc.downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETNS = Libc.downcall("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle UNSHARE = Libc.downcall("unshare", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** The namespace file this thread entered through {@link #callIn}, on the threads that did. */
    private static final ThreadLocal<Path> ENTERED = new ThreadLocal<>();

    private NetNamespaces() {}

    /**
     * The namespace bound at a path that the calling thread runs in, if it entered it through
     * {@link #callIn}: code that looks an interface up by name there can remember where it was, so
     * that later work on the interface (a detach from another thread) goes to the same namespace and
     * not to an interface with the same index in the process's own.
     */
    public static java.util.Optional<Path> entered() {
        return java.util.Optional.ofNullable(ENTERED.get());
    }

    /**
     * Runs {@code task} on a new thread inside the namespace bound at {@code namespace} (as
     * {@code ip netns add NAME} binds /run/netns/NAME) and returns its result.
     *
     * @throws IllegalArgumentException naming the path if it cannot be entered
     */
    public static <T> T callIn(Path namespace, Callable<T> task) {
        return onOwnThread("ebpf4j-netns-" + namespace.getFileName(), () -> {
            int fd;
            try (Arena arena = Arena.ofConfined()) {
                fd = (int) OPEN.invokeExact(Libc.capture(), arena.allocateFrom(namespace.toString()), O_RDONLY | O_CLOEXEC);
            }
            if (fd < 0) {
                throw new IllegalArgumentException("cannot open network namespace " + namespace + ": "
                        + new Errno(Libc.errno()).name() + " (create it with: ip netns add " + namespace.getFileName() + ")");
            }
            try (OwnedFd owned = OwnedFd.adopt(fd)) {
                int result = (int) SETNS.invokeExact(Libc.capture(), owned.get(), CLONE_NEWNET);
                if (result < 0) {
                    Errno errno = new Errno(Libc.errno());
                    throw new IllegalArgumentException("cannot enter network namespace " + namespace + ": " + errno.name()
                            + (errno.equals(Errno.EPERM) ? " (entering a namespace needs CAP_SYS_ADMIN)" : " (not a network namespace?)"));
                }
            }
            ENTERED.set(namespace);
            return task.call();
        });
    }

    /**
     * Runs {@code task} on a new thread inside a new, empty network namespace (its own loopback,
     * down), which goes away when the task has ended and nothing holds it any more.
     *
     * @throws IllegalStateException if the namespace cannot be made (it needs CAP_SYS_ADMIN)
     */
    public static <T> T callInNew(Callable<T> task) {
        return onOwnThread("ebpf4j-netns-probe", () -> {
            int result = (int) UNSHARE.invokeExact(Libc.capture(), CLONE_NEWNET);
            if (result < 0) {
                throw new IllegalStateException("unshare(CLONE_NEWNET) failed: " + new Errno(Libc.errno()).name());
            }
            return task.call();
        });
    }

    @FunctionalInterface
    private interface Body<T> {
        T run() throws Throwable;
    }

    private static <T> T onOwnThread(String name, Body<T> body) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name(name).daemon(true).start(() -> {
            try {
                result.set(body.run());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the task is already running in the namespace: wait for it, then report
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t.getMessage(), t);
        }
        return result.get();
    }
}
