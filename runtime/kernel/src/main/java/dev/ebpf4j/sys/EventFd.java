package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A non-blocking eventfd: a counter another thread bumps to make a waiting {@link Epoll} return
 * (the ring buffer reader's wake-up and close), as cilium/ebpf's poller does.
 *
 * <pre>{@code
 * try (EventFd wake = EventFd.create(); Epoll epoll = Epoll.create(2)) {
 *     epoll.addReadable(wake.fd(), -1);
 *     wake.signal();            // from any thread: epoll.await returns
 *     wake.drain();             // readable no more
 * }
 * }</pre>
 */
public final class EventFd implements AutoCloseable {
    private static final int EFD_CLOEXEC = 0x80000;
    private static final int EFD_NONBLOCK = 0x800;

    private static final MethodHandle EVENTFD = Libc.downcall("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = Libc.downcall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = Libc.downcall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));

    private final OwnedFd fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment one;
    private final MemorySegment sink;

    private EventFd(OwnedFd fd) {
        this.fd = fd;
        this.one = arena.allocate(JAVA_LONG);
        this.one.set(JAVA_LONG, 0, 1);
        this.sink = arena.allocate(JAVA_LONG);
    }

    /** A new eventfd with the counter at 0. */
    public static EventFd create() {
        int fd;
        try {
            fd = (int) EVENTFD.invokeExact(Libc.capture(), 0, EFD_CLOEXEC | EFD_NONBLOCK);
        } catch (Throwable t) {
            throw Epoll.rethrow(t);
        }
        if (fd < 0) {
            Errno errno = new Errno(Libc.errno());
            throw new BpfException(null, errno, "eventfd failed: " + errno.name());
        }
        return new EventFd(OwnedFd.adopt(fd));
    }

    /** The descriptor, for {@link Epoll#addReadable}. */
    public int fd() {
        return fd.get();
    }

    /**
     * Makes the eventfd readable; safe from any thread, and a no-op once closed (synchronized with
     * {@link #close}, so a late signal never writes to a descriptor number reused meanwhile).
     */
    public synchronized void signal() {
        if (fd.isClosed()) return;
        try {
            long ignored = (long) WRITE.invokeExact(Libc.capture(), fd.get(), one, 8L);
        } catch (Throwable t) {
            throw Epoll.rethrow(t);
        }
    }

    /** Resets the counter to 0, so the eventfd is not readable until the next {@link #signal}. */
    public void drain() {
        try {
            long ignored = (long) READ.invokeExact(Libc.capture(), fd.get(), sink, 8L);
        } catch (Throwable t) {
            throw Epoll.rethrow(t);
        }
    }

    /** Closes the descriptor; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (!fd.isClosed()) {
            fd.close();
            arena.close();
        }
    }
}
