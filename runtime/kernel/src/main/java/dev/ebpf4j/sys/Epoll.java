package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * An epoll instance waiting for descriptors to become readable, each registered with a caller's
 * token that {@link #await} hands back. Ring buffer readers wait here: the kernel reports a ring
 * buffer readable while its producer position is ahead of its consumer position.
 *
 * <p>{@code struct epoll_event} is packed (12 bytes) on x86-64 and 16 bytes with the data at 8
 * elsewhere (glibc's {@code __EPOLL_PACKED}); this class reads either. Only the token's low 32 bits
 * are used.
 *
 * <pre>{@code
 * try (Epoll epoll = Epoll.create(4)) {
 *     epoll.addReadable(ringFd, 0);
 *     int ready = epoll.await(100);       // 0 on timeout
 *     for (int i = 0; i < ready; i++) epoll.token(i);
 * }
 * }</pre>
 */
public final class Epoll implements AutoCloseable {
    private static final int EPOLL_CLOEXEC = 0x80000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLLIN = 1;
    private static final int EINTR = 4;
    private static final boolean PACKED = "amd64".equals(System.getProperty("os.arch"))
            || "x86_64".equals(System.getProperty("os.arch"));
    private static final long EVENT_SIZE = PACKED ? 12 : 16;
    private static final long DATA_OFFSET = PACKED ? 4 : 8;
    private static final ValueLayout.OfInt UNALIGNED_INT = JAVA_INT.withByteAlignment(1);

    private static final MethodHandle CREATE = Libc.downcall("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle CTL = Libc.downcall("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle WAIT = Libc.downcall("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    private final OwnedFd fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment events;
    private final int capacity;

    private Epoll(OwnedFd fd, int capacity) {
        this.fd = fd;
        this.capacity = capacity;
        this.events = arena.allocate(EVENT_SIZE * capacity, 8);
    }

    /**
     * A new epoll instance reporting up to {@code capacity} ready descriptors per {@link #await}.
     *
     * @throws BpfException naming the errno if the kernel refuses (EMFILE: too many open files)
     */
    public static Epoll create(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("epoll capacity must be positive, got " + capacity);
        int fd;
        try {
            fd = (int) CREATE.invokeExact(Libc.capture(), EPOLL_CLOEXEC);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (fd < 0) throw failure("epoll_create1");
        return new Epoll(OwnedFd.adopt(fd), capacity);
    }

    /** Reports {@code watched} as token {@code token} whenever it is readable (level-triggered). */
    public void addReadable(int watched, int token) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment event = call.allocate(16, 8);
            event.set(JAVA_INT, 0, EPOLLIN);
            event.set(UNALIGNED_INT, DATA_OFFSET, token);
            int rc;
            try {
                rc = (int) CTL.invokeExact(Libc.capture(), fd.get(), EPOLL_CTL_ADD, watched, event);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (rc < 0) throw failure("epoll_ctl(ADD, fd " + watched + ")");
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (0: do not wait) for a registered descriptor to be readable.
     *
     * @return how many are ready (their tokens are {@link #token}{@code (0..n-1)}); 0 on timeout or
     *     when a signal interrupted the wait
     */
    public int await(int timeoutMillis) {
        int n;
        try {
            n = (int) WAIT.invokeExact(Libc.capture(), fd.get(), events, capacity, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (n < 0) {
            if (Libc.errno() == EINTR) return 0;
            throw failure("epoll_wait");
        }
        return n;
    }

    /** The token of the {@code i}th descriptor the last {@link #await} reported. */
    public int token(int i) {
        return events.get(UNALIGNED_INT, i * EVENT_SIZE + DATA_OFFSET);
    }

    /** Closes the epoll descriptor and frees the event buffer; later calls do nothing. */
    @Override
    public void close() {
        if (!fd.isClosed()) {
            fd.close();
            arena.close();
        }
    }

    private static BpfException failure(String call) {
        Errno errno = new Errno(Libc.errno());
        return new BpfException(null, errno, call + " failed: " + errno.name());
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("native call failed", t);
    }
}
