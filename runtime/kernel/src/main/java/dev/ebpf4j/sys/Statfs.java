package dev.ebpf4j.sys;

import dev.ebpf4j.errors.Errno;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Which file system a path lives on, by the {@code f_type} magic number {@code statfs(2)} reports:
 * the kernel's own answer, where the mount table ({@code FileStore.type()}) only names what was
 * mounted where.
 *
 * <pre>{@code
 * if (!Statfs.isBpffs(Path.of("/sys/fs/bpf"))) { ... mount -t bpf bpf /sys/fs/bpf ... }
 * }</pre>
 */
public final class Statfs {
    /** {@code BPF_FS_MAGIC}: the {@code f_type} of a bpf file system, the only place pins can live. */
    public static final long BPF_FS_MAGIC = 0xcafe4a11L;

    /**
     * {@code struct statfs} on 64-bit Linux (x86-64 and aarch64 alike): {@code f_type} is the first
     * word; the rest (block counts, fsid, name length, flags, spare) is read by nobody here.
     */
    private static final StructLayout STATFS = MemoryLayout.structLayout(
            Attr.u64("f_type"), Attr.pad(112));
    private static final VarHandle F_TYPE = Attr.field(STATFS, "f_type");

    private Statfs() {}

    /** The {@code f_type} magic of the file system holding {@code path}. */
    public static long magic(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(STATFS);
            if (Libc.statfs(arena.allocateFrom(path.toString()), buffer) != 0) {
                Errno errno = new Errno(Libc.errno());
                throw switch (errno.name()) {
                    case "ENOENT" -> new NoSuchFileException(path.toString());
                    case "EACCES" -> new AccessDeniedException(path.toString());
                    case "ENOTDIR" -> new NotDirectoryException(path.toString());
                    default -> new FileSystemException(path.toString(), null, "statfs failed: " + errno.name());
                };
            }
            return (long) F_TYPE.get(buffer) & 0xffffffffL;
        }
    }

    /** Whether {@code path} is on a bpf file system (bpffs). */
    public static boolean isBpffs(Path path) throws IOException {
        return magic(path) == BPF_FS_MAGIC;
    }
}
