package dev.ebpf4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Binds the calling thread to one CPU ({@code sched_setaffinity}), so a test knows where its producer runs. */
public final class CpuAffinity {
    private static final long SCHED_SETAFFINITY = "aarch64".equals(System.getProperty("os.arch")) ? 122 : 203;

    private CpuAffinity() {}

    /** Binds this thread to {@code cpu}; false if the kernel refuses (an offline CPU, say). */
    public static boolean pin(int cpu) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(128, 8);
            mask.set(ValueLayout.JAVA_LONG, (cpu / 64) * 8L, 1L << (cpu % 64));
            return Libc.syscall(SCHED_SETAFFINITY, 0, mask.byteSize(), mask.address()) == 0;
        }
    }

    /** Lets this thread run on every CPU again. */
    public static void unpin() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(128, 8);
            mask.fill((byte) 0xff);
            Libc.syscall(SCHED_SETAFFINITY, 0, mask.byteSize(), mask.address());
        }
    }

    /** The CPU this thread is running on now (the getcpu system call). */
    public static int current() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cpu = arena.allocate(8, 8);
            long getcpu = "aarch64".equals(System.getProperty("os.arch")) ? 168 : 309;
            Libc.syscall(getcpu, cpu.address(), 0, 0);
            return cpu.get(ValueLayout.JAVA_INT, 0);
        }
    }
}
