package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.errors.BpfCommand;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Commands on any BPF object: pinning to bpffs, opening pins, information by fd, and fd by id.
 *
 * <pre>{@code
 * ObjectCalls.pin(map.get(), Path.of("/sys/fs/bpf/myapp/counts"));
 * try (OwnedFd again = ObjectCalls.get(Path.of("/sys/fs/bpf/myapp/counts"), 0)) {
 *     ObjectCalls.mapInfo(again.get()).id();
 * }
 * }</pre>
 */
public final class ObjectCalls {
    /** {@code BPF_F_RDONLY} for {@link #get}: open read-only. */
    public static final int F_RDONLY = 1 << 3;
    /** {@code BPF_F_WRONLY} for {@link #get}: open write-only. */
    public static final int F_WRONLY = 1 << 4;

    private ObjectCalls() {}

    /**
     * What {@code BPF_OBJ_GET_INFO_BY_FD} reports about a program, in kernel numbers.
     *
     * @param verifiedInstructions how many instructions the verifier processed; empty before 5.16
     */
    public record RawProgramInfo(int type, int id, byte[] tag, int jitedLength, int xlatedLength, long loadTimeNanos,
                                 int createdByUid, int[] mapIds, String name, boolean gplCompatible, int btfId,
                                 long runTimeNanos, long runCount, OptionalInt verifiedInstructions) {}

    /** What {@code BPF_OBJ_GET_INFO_BY_FD} reports about a map, in kernel numbers. */
    public record RawMapInfo(int type, int id, int keySize, int valueSize, int maxEntries, int flags, String name,
                             int btfId, int btfKeyTypeId, int btfValueTypeId) {}

    /** {@code BPF_OBJ_PIN}: pins the object at {@code path}, which must be on a bpffs mount. */
    public static void pin(int fd, Path path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Attr.Obj.LAYOUT);
            Attr.Obj.PATHNAME.set(attr, arena.allocateFrom(path.toString()).address());
            Attr.Obj.BPF_FD.set(attr, fd);
            checkPath(BpfCommand.OBJ_PIN, attr, path);
        }
    }

    /** {@code BPF_OBJ_GET}: opens the object pinned at {@code path}; flags 0, {@link #F_RDONLY} or {@link #F_WRONLY}. */
    public static OwnedFd get(Path path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Attr.Obj.LAYOUT);
            Attr.Obj.PATHNAME.set(attr, arena.allocateFrom(path.toString()).address());
            Attr.Obj.FILE_FLAGS.set(attr, flags);
            return OwnedFd.adopt((int) checkPath(BpfCommand.OBJ_GET, attr, path));
        }
    }

    private static long checkPath(BpfCommand command, MemorySegment attr, Path path) {
        long result = Syscall.bpf(command, attr);
        if (result < 0) {
            Errno errno = new Errno((int) -result);
            throw new BpfException(command, errno, command.kernelName() + " " + path + " failed: " + errno.name()
                    + ": " + errno.explain(command));
        }
        return result;
    }

    /** What kind of BPF object an fd refers to, as the kernel names its anonymous inode. */
    public enum ObjectKind { MAP, PROGRAM, LINK, BTF, OTHER }

    /**
     * The kind of object behind {@code fd}, from the target of {@code /proc/self/fd/FD}
     * ({@code anon_inode:bpf-map}, {@code anon_inode:bpf-prog}, {@code anon_inode:bpf_link}, ...):
     * the one way to tell what a pin holds before asking for type-specific information.
     */
    public static ObjectKind kind(int fd) {
        String target;
        try {
            target = java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (java.io.IOException e) {
            return ObjectKind.OTHER;
        }
        return switch (target) {
            case "anon_inode:bpf-map" -> ObjectKind.MAP;
            case "anon_inode:bpf-prog" -> ObjectKind.PROGRAM;
            case "anon_inode:bpf_link", "anon_inode:bpf-link" -> ObjectKind.LINK;
            case "anon_inode:btf" -> ObjectKind.BTF;
            default -> ObjectKind.OTHER;
        };
    }

    /** {@code BPF_PROG_GET_FD_BY_ID}. */
    public static OwnedFd programFdById(int id) {
        return fdById(BpfCommand.PROG_GET_FD_BY_ID, id);
    }

    /** {@code BPF_MAP_GET_FD_BY_ID}. */
    public static OwnedFd mapFdById(int id) {
        return fdById(BpfCommand.MAP_GET_FD_BY_ID, id);
    }

    /** {@code BPF_LINK_GET_FD_BY_ID}. */
    public static OwnedFd linkFdById(int id) {
        return fdById(BpfCommand.LINK_GET_FD_BY_ID, id);
    }

    private static OwnedFd fdById(BpfCommand command, int id) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Attr.GetId.LAYOUT);
            Attr.GetId.ID.set(attr, id);
            return Syscall.fd(command, attr);
        }
    }

    /** {@code BPF_OBJ_GET_INFO_BY_FD} on a program, including the ids of the maps it uses. */
    public static RawProgramInfo programInfo(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(Attr.ProgInfo.LAYOUT);
            long written = info(fd, info);
            int mapCount = (int) Attr.ProgInfo.NR_MAP_IDS.get(info);
            int[] mapIds = new int[0];
            if (mapCount > 0) {
                // Second call with room for the ids; the count may have changed in between, so re-read it.
                MemorySegment ids = arena.allocate(ValueLayout.JAVA_INT, mapCount);
                info.fill((byte) 0);
                Attr.ProgInfo.NR_MAP_IDS.set(info, mapCount);
                Attr.ProgInfo.MAP_IDS.set(info, ids.address());
                written = info(fd, info);
                int filled = Math.min(mapCount, (int) Attr.ProgInfo.NR_MAP_IDS.get(info));
                mapIds = ids.asSlice(0, (long) filled * Integer.BYTES).toArray(ValueLayout.JAVA_INT);
            }
            byte[] tag = info.asSlice(Attr.ProgInfo.TAG_OFFSET, 8).toArray(ValueLayout.JAVA_BYTE);
            OptionalInt verified = written >= Attr.ProgInfo.VERIFIED_INSNS_END
                    ? OptionalInt.of((int) Attr.ProgInfo.VERIFIED_INSNS.get(info)) : OptionalInt.empty();
            return new RawProgramInfo((int) Attr.ProgInfo.TYPE.get(info), (int) Attr.ProgInfo.ID.get(info), tag,
                    (int) Attr.ProgInfo.JITED_PROG_LEN.get(info), (int) Attr.ProgInfo.XLATED_PROG_LEN.get(info),
                    (long) Attr.ProgInfo.LOAD_TIME.get(info), (int) Attr.ProgInfo.CREATED_BY_UID.get(info), mapIds,
                    Attr.getName(info, Attr.ProgInfo.LAYOUT, "name"),
                    ((int) Attr.ProgInfo.GPL_COMPATIBLE.get(info) & 1) != 0, (int) Attr.ProgInfo.BTF_ID.get(info),
                    (long) Attr.ProgInfo.RUN_TIME_NS.get(info), (long) Attr.ProgInfo.RUN_CNT.get(info), verified);
        }
    }

    /** {@code BPF_OBJ_GET_INFO_BY_FD} on a map. */
    public static RawMapInfo mapInfo(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(Attr.MapInfo.LAYOUT);
            info(fd, info);
            return new RawMapInfo((int) Attr.MapInfo.TYPE.get(info), (int) Attr.MapInfo.ID.get(info),
                    (int) Attr.MapInfo.KEY_SIZE.get(info), (int) Attr.MapInfo.VALUE_SIZE.get(info),
                    (int) Attr.MapInfo.MAX_ENTRIES.get(info), (int) Attr.MapInfo.MAP_FLAGS.get(info),
                    Attr.getName(info, Attr.MapInfo.LAYOUT, "name"), (int) Attr.MapInfo.BTF_ID.get(info),
                    (int) Attr.MapInfo.BTF_KEY_TYPE_ID.get(info), (int) Attr.MapInfo.BTF_VALUE_TYPE_ID.get(info));
        }
    }

    /** Fills {@code info}; returns how many bytes of it the kernel knows and wrote. */
    static long info(int fd, MemorySegment info) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Attr.Info.LAYOUT);
            Attr.Info.BPF_FD.set(attr, fd);
            Attr.Info.INFO_LEN.set(attr, (int) info.byteSize());
            Attr.Info.INFO.set(attr, info.address());
            Syscall.check(BpfCommand.OBJ_GET_INFO_BY_FD, attr);
            return Integer.toUnsignedLong((int) Attr.Info.INFO_LEN.get(attr));
        }
    }
}
