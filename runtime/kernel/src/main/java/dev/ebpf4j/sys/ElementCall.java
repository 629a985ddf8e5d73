package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfCommand;
import dev.ebpf4j.errors.Errno;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One thread's map element commands (lookup, update, delete, next key, lookup and delete): the attr
 * buffer they share, and the choice of whether a call captures {@code errno}.
 *
 * <p>Capturing {@code errno} costs about 13 ns of a lookup's 280, half the gap between Java and C
 * over libbpf. Only a failure needs it, and a failed element command changes nothing in
 * the kernel, so a call is first made without the capture, and a failure is made again with it. The
 * second call's outcome is the answer; the map may have changed in between, and the answer is then
 * the later moment's, as it would be for a call made a little later.
 *
 * <p>That makes a miss cost two system calls, which a thread looking up mostly absent keys would
 * pay on every call. So each thread keeps a score of its recent failures, raised by
 * {@value #FAILURE_WEIGHT} per failure and lowered by one per success, and captures from the first
 * call while it is above {@value #CAPTURE_ABOVE}: a thread whose calls fail more often than about
 * one in {@value #FAILURE_WEIGHT} (where capturing every call becomes the cheaper way) captures
 * up front, and one whose misses are rare does not.
 *
 * <p>An instance belongs to one thread: {@link #ofThisThread()}, or the one a map keeps for the
 * first thread that uses it ({@link #perMap()}).
 */
public final class ElementCall {
    static final int FAILURE_WEIGHT = 16;
    static final int CAPTURE_ABOVE = 4 * FAILURE_WEIGHT;
    private static final int SCORE_LIMIT = 64 * FAILURE_WEIGHT;

    static final long ATTR_SIZE = Attr.MapElem.LAYOUT.byteSize();

    private static final ThreadLocal<ElementCall> PER_THREAD = ThreadLocal.withInitial(ElementCall::new);

    /** The attr buffer of the element commands (and of {@code BPF_MAP_FREEZE}), filled by the caller. */
    final MemorySegment attr = Arena.ofAuto().allocate(Attr.MapElem.LAYOUT);
    private final MemorySegment capture = Libc.newCaptureSegment();
    private int failureScore;

    private ElementCall() {}

    /** A map's element calls: its first thread's own, and every other thread's {@link #ofThisThread()}. */
    public static PerThread<ElementCall> perMap() {
        return new PerThread<>(ElementCall::new, PER_THREAD);
    }

    /** This thread's element call, found through a {@code ThreadLocal} (about 10 ns). */
    public static ElementCall ofThisThread() {
        return PER_THREAD.get();
    }

    /** Whether this thread's next element call captures errno from the start. */
    boolean capturesFirst() {
        return failureScore > CAPTURE_ABOVE;
    }

    /**
     * Makes {@code command} with {@link #attr}: the result, or minus the errno on failure. Retries
     * {@code EINTR}, as {@link Syscall#bpf} does.
     */
    long run(BpfCommand command) {
        return run(command, attr.address());
    }

    /**
     * Makes {@code command} with the element attr at {@code attrAddress} (this thread's
     * {@link #attr}, or a {@link PreparedElementCalls}' own): the result, or minus the errno.
     */
    long run(BpfCommand command, long attrAddress) {
        if (!capturesFirst()) {
            long result = Libc.syscallUncaptured(Syscall.BPF_NR, command.number(), attrAddress, ATTR_SIZE);
            if (result >= 0) {
                return succeeded(result);
            }
        }
        return runCaptured(command, attrAddress);
    }

    /**
     * A failure, made again with the capture, or a call of a thread that captures first: kept out
     * of {@link #run} so that the hot path a typed map inlines holds one downcall, not two.
     */
    private long runCaptured(BpfCommand command, long attrAddress) {
        while (true) {
            long result = Libc.syscallShort(capture, Syscall.BPF_NR, command.number(), attrAddress, ATTR_SIZE);
            if (result >= 0) {
                return succeeded(result);
            }
            int errno = Libc.errno(capture);
            if (errno != Errno.EINTR.number()) {
                failureScore = Math.min(failureScore + FAILURE_WEIGHT, SCORE_LIMIT);
                return -errno;
            }
        }
    }

    /** A success lowers the failure score by one. */
    private long succeeded(long result) {
        if (failureScore > 0) {
            failureScore--;
        }
        return result;
    }
}
