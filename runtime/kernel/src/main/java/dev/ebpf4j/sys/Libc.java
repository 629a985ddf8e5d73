package dev.ebpf4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc functions the runtime needs, as downcall handles that also capture {@code errno} (all but
 * {@link #syscallUncaptured}, for the map element commands' first attempt).
 *
 * <p>Each call passes a per-thread capture segment first; {@link #errno()} reads what the last call
 * on this thread left there. The map element commands' {@link #syscallShort} takes the caller's own
 * segment instead. Only this package calls native code.
 */
final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    /** Where errno sits in a capture segment: read by a plain access, which compiles to less than a field handle. */
    private static final long ERRNO_AT = CAPTURE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /**
     * {@code long syscall(long number, ...)}, called with three variadic {@code long}s: glibc's
     * implementation reads every argument as a {@code long}, so passing {@code int}s would leave the
     * upper halves of the registers undefined.
     */
    private static final MethodHandle SYSCALL3 = downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    /**
     * {@link #SYSCALL3} as a critical downcall: the thread does not leave the Java state, which spares
     * the transition's stores, fences and safepoint poll — about 20 ns of a map lookup's 300 on the
     * machines here, the difference between C over libbpf and Java. The JDK allows it for functions
     * whose running time is short in all cases; a map element command is (it copies one key and value
     * under RCU or a bucket lock), while loading, test runs and batches are not and never use it. A GC
     * waits at most for the one system call.
     */
    private static final MethodHandle SYSCALL3_SHORT = downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.critical(false));
    /**
     * {@link #SYSCALL3_SHORT} without the errno capture, which costs about 13 ns: for a first attempt
     * whose failure is made again with the capture (see {@code ElementCall}).
     */
    private static final MethodHandle SYSCALL3_SHORT_UNCAPTURED = uncapturedDowncall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.critical(false));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    /** {@code int fcntl(int fd, int cmd, ...)}; the argument travels as a {@code long}, as glibc reads it. */
    private static final MethodHandle FCNTL = downcall("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle GETRLIMIT = downcall("getrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SETRLIMIT = downcall("setrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle UNAME = downcall("uname", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle IF_NAMETOINDEX = downcall("if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = downcall("munmap", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle SYSCONF = downcall("sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
    private static final MethodHandle STATFS = downcall("statfs", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    static final int F_DUPFD_CLOEXEC = 1030;

    private static final ThreadLocal<MemorySegment> CAPTURE_SEGMENT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    private Libc() {}

    /** A downcall handle of libc's {@code name} whose first argument is {@link #capture()}. */
    static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = java.util.Arrays.copyOf(options, options.length + 1);
        all[options.length] = CAPTURE_ERRNO;
        return uncapturedDowncall(name, descriptor, all);
    }

    /** A downcall handle of libc's {@code name} with exactly {@code options}: no errno capture unless they ask for one. */
    private static MethodHandle uncapturedDowncall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LIBC.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no function " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    /** This thread's errno capture segment: the first argument of every handle from {@link #downcall}. */
    static MemorySegment capture() {
        return CAPTURE_SEGMENT.get();
    }

    /** The errno the last downcall on this thread left behind (meaningful only after a failure). */
    static int errno() {
        return CAPTURE_SEGMENT.get().get(JAVA_INT, ERRNO_AT);
    }

    static long syscall(long number, long a, long b, long c) {
        try {
            return (long) SYSCALL3.invokeExact(CAPTURE_SEGMENT.get(), number, a, b, c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@link #syscall} for the short map element commands only (see {@link #SYSCALL3_SHORT}), capturing
     * errno into the caller's own segment (from {@link #newCaptureSegment()}, read by {@link #errno(MemorySegment)}):
     * one thread's {@code ElementCall} keeps one, which spares two {@code ThreadLocal} lookups.
     */
    static long syscallShort(MemorySegment capture, long number, long a, long b, long c) {
        try {
            return (long) SYSCALL3_SHORT.invokeExact(capture, number, a, b, c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A segment for {@link #syscallShort} to capture errno into; for one thread at a time. */
    static MemorySegment newCaptureSegment() {
        return Arena.ofAuto().allocate(CAPTURE);
    }

    /** The errno the last call given {@code capture} left there (meaningful only after a failure). */
    static int errno(MemorySegment capture) {
        return capture.get(JAVA_INT, ERRNO_AT);
    }

    /**
     * {@link #syscallShort} without capturing errno: after a failure nothing tells
     * why, so the caller must make the call again through {@link #syscallShort} to learn it.
     */
    static long syscallUncaptured(long number, long a, long b, long c) {
        try {
            return (long) SYSCALL3_SHORT_UNCAPTURED.invokeExact(number, a, b, c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(CAPTURE_SEGMENT.get(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int fcntl(int fd, int cmd, long arg) {
        try {
            return (int) FCNTL.invokeExact(CAPTURE_SEGMENT.get(), fd, cmd, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int getrlimit(int resource, MemorySegment rlimit) {
        try {
            return (int) GETRLIMIT.invokeExact(CAPTURE_SEGMENT.get(), resource, rlimit);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int setrlimit(int resource, MemorySegment rlimit) {
        try {
            return (int) SETRLIMIT.invokeExact(CAPTURE_SEGMENT.get(), resource, rlimit);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int uname(MemorySegment utsname) {
        try {
            return (int) UNAME.invokeExact(CAPTURE_SEGMENT.get(), utsname);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int ifNameToIndex(MemorySegment name) {
        try {
            return (int) IF_NAMETOINDEX.invokeExact(CAPTURE_SEGMENT.get(), name);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code mmap}; the address as a number, {@code -1} (MAP_FAILED) on failure. */
    static long mmap(long address, long length, int prot, int flags, int fd, long offset) {
        try {
            return (long) MMAP.invokeExact(CAPTURE_SEGMENT.get(), address, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int munmap(long address, long length) {
        try {
            return (int) MUNMAP.invokeExact(CAPTURE_SEGMENT.get(), address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long sysconf(int name) {
        try {
            return (long) SYSCONF.invokeExact(CAPTURE_SEGMENT.get(), name);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int statfs(MemorySegment path, MemorySegment buffer) {
        try {
            return (int) STATFS.invokeExact(CAPTURE_SEGMENT.get(), path, buffer);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }
}
