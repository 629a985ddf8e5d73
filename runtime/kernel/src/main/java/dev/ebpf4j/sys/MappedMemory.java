package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Shared memory mappings of BPF objects: the values of a {@code BPF_F_MMAPABLE} array map, read and
 * written by user space without a system call.
 *
 * <p>The mapping lives as long as the arena it is bound to: closing the arena unmaps it, and Java
 * then refuses further access instead of touching unmapped memory. A read-only mapping is returned
 * as a read-only segment, so a write fails in Java rather than as a fault in the process.
 *
 * <pre>{@code
 * try (Arena arena = Arena.ofShared()) {
 *     MemorySegment values = MappedMemory.map(map.get(), 16, true, arena);
 *     values.set(ValueLayout.JAVA_LONG, 0, 42);      // the program sees 42
 * }                                                  // unmapped here
 * }</pre>
 */
public final class MappedMemory {
    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_SHARED = 1;
    /** {@code _SC_PAGESIZE} in glibc on Linux. */
    private static final int SC_PAGESIZE = 30;
    private static final long PAGE_SIZE = pageSizeOf();

    private MappedMemory() {}

    /** The page size of this machine; mappings are whole pages. */
    public static long pageSize() {
        return PAGE_SIZE;
    }

    /**
     * Maps the first {@code size} bytes of the object behind {@code fd} (rounded up to whole pages
     * in the kernel), shared with the kernel; the segment is {@code size} bytes long.
     *
     * @throws BpfException naming the errno when the kernel refuses the mapping (for example
     *     EPERM for a writable mapping of a frozen map)
     */
    public static MemorySegment map(int fd, long size, boolean writable, Arena arena) {
        if (size <= 0) {
            throw new IllegalArgumentException("cannot map " + size + " bytes");
        }
        long length = (size + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
        long address = Libc.mmap(0, length, writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0);
        if (address == -1) {
            Errno errno = new Errno(Libc.errno());
            throw new BpfException(null, errno, "mmap of fd " + fd + " (" + size + " bytes, "
                    + (writable ? "read-write" : "read-only") + ") failed: " + errno.name());
        }
        MemorySegment segment = MemorySegment.ofAddress(address).reinterpret(size, arena, s -> Libc.munmap(address, length));
        return writable ? segment : segment.asReadOnly();
    }

    private static long pageSizeOf() {
        long size = Libc.sysconf(SC_PAGESIZE);
        return size > 0 ? size : 4096;
    }
}
