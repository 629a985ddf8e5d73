package dev.ebpf4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * Raises RLIMIT_MEMLOCK on kernels that still charge BPF maps and programs to it.
 *
 * <p>Linux 5.11 moved BPF memory from RLIMIT_MEMLOCK to memory-cgroup accounting; before that, the
 * default 64 KiB limit makes even modest maps fail with EPERM. We decide by the release number
 * rather than libbpf's probe (loading a program that calls a helper added in 5.11): the probe itself
 * needs BPF memory, so on an old kernel with a tiny limit it fails for the very reason it tests,
 * and a kernel backporting memcg accounting merely gets a harmless raise. The limit is raised
 * once, to infinity; if that is refused (no CAP_SYS_RESOURCE), the calls themselves will fail with
 * an errno whose explanation mentions RLIMIT_MEMLOCK.
 */
public final class Memlock {
    private static final int RLIMIT_MEMLOCK = 8; // the same on x86-64 and aarch64 (asm-generic)
    private static final long RLIM_INFINITY = -1L;
    private static final StructLayout RLIMIT = MemoryLayout.structLayout(Attr.u64("rlim_cur"), Attr.u64("rlim_max"));
    private static final VarHandle CUR = Attr.field(RLIMIT, "rlim_cur");
    private static final VarHandle MAX = Attr.field(RLIMIT, "rlim_max");

    private static volatile boolean done;

    private Memlock() {}

    /** Whether the running kernel charges BPF memory to RLIMIT_MEMLOCK (before 5.11). */
    public static boolean accountsMemlock() {
        return !KernelVersion.running().isAtLeast(5, 11);
    }

    /** Raises the limit once per process, if this kernel accounts it; otherwise does nothing. */
    static void raiseIfAccounted() {
        if (done) {
            return;
        }
        synchronized (Memlock.class) {
            if (!done) {
                if (accountsMemlock()) {
                    raise();
                }
                done = true;
            }
        }
    }

    private static void raise() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment limit = arena.allocate(RLIMIT);
            if (Libc.getrlimit(RLIMIT_MEMLOCK, limit) == 0 && (long) CUR.get(limit) == RLIM_INFINITY) {
                return;
            }
            CUR.set(limit, RLIM_INFINITY);
            MAX.set(limit, RLIM_INFINITY);
            Libc.setrlimit(RLIMIT_MEMLOCK, limit); // refusal is reported by the bpf() call that needed it
        }
    }
}
