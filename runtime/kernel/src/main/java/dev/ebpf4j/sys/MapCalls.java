package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.errors.BpfCommand;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The map commands of {@code bpf(2)}: create, element access, iteration, batches and freeze.
 *
 * <p>Element calls are made through the calling thread's {@link ElementCall} (its attr buffer, and
 * whether it captures errno up front), batch calls through one attr buffer per thread; keys and
 * values are caller-owned native segments, so a lookup or update allocates nothing. Absence is an
 * answer, not an error: lookups, deletes and next-key return {@code false} on {@code ENOENT}.
 *
 * <pre>{@code
 * try (OwnedFd map = MapCalls.create(new MapCalls.CreateRequest(1, 4, 8, 1024, 0, "counts"))) {
 *     ElementCall call = ElementCall.ofThisThread();
 *     MapCalls.update(call, map.get(), key, value, MapCalls.ANY);
 *     boolean found = MapCalls.lookup(call, map.get(), key, value, 0);
 * }
 * }</pre>
 */
public final class MapCalls {
    /** Create the element or replace it. */
    public static final long ANY = 0;
    /** Create the element only if it does not exist. */
    public static final long NOEXIST = 1;
    /** Replace the element only if it exists. */
    public static final long EXIST = 2;
    /** Take the value's spin lock during the copy ({@code BPF_F_LOCK}). */
    public static final long F_LOCK = 4;

    private static final ThreadLocal<MemorySegment> BATCH_ATTR =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Attr.MapBatch.LAYOUT));

    private MapCalls() {}

    /**
     * The attributes of {@code BPF_MAP_CREATE}. Numbers are the kernel's; 0 means "none" for the fd
     * and type-id fields.
     */
    public record CreateRequest(int type, int keySize, int valueSize, int maxEntries, int flags, String name,
                                int btfFd, int btfKeyTypeId, int btfValueTypeId, int innerMapFd, long mapExtra) {
        public CreateRequest {
            if (name == null) {
                name = "";
            }
            ObjectNames.check("map", name);
        }

        public CreateRequest(int type, int keySize, int valueSize, int maxEntries, int flags, String name) {
            this(type, keySize, valueSize, maxEntries, flags, name, 0, 0, 0, 0, 0);
        }
    }

    /** How far a batch call got. */
    public record BatchResult(int count, boolean done) {}

    /** {@code BPF_MAP_CREATE}: a new map. */
    public static OwnedFd create(CreateRequest request) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Attr.MapCreate.LAYOUT);
            Attr.MapCreate.MAP_TYPE.set(attr, request.type());
            Attr.MapCreate.KEY_SIZE.set(attr, request.keySize());
            Attr.MapCreate.VALUE_SIZE.set(attr, request.valueSize());
            Attr.MapCreate.MAX_ENTRIES.set(attr, request.maxEntries());
            Attr.MapCreate.MAP_FLAGS.set(attr, request.flags());
            Attr.MapCreate.INNER_MAP_FD.set(attr, request.innerMapFd());
            Attr.MapCreate.MAP_IFINDEX.set(attr, 0);
            Attr.MapCreate.BTF_FD.set(attr, request.btfFd());
            Attr.MapCreate.BTF_KEY_TYPE_ID.set(attr, request.btfKeyTypeId());
            Attr.MapCreate.BTF_VALUE_TYPE_ID.set(attr, request.btfValueTypeId());
            Attr.MapCreate.MAP_EXTRA.set(attr, request.mapExtra());
            Attr.putName(attr, Attr.MapCreate.LAYOUT, "map_name", request.name());
            return Syscall.fd(BpfCommand.MAP_CREATE, attr);
        }
    }

    /** {@code BPF_MAP_LOOKUP_ELEM}: copies the value into {@code value}; false if the key is absent. */
    public static boolean lookup(ElementCall call, int mapFd, MemorySegment key, MemorySegment value, long flags) {
        return absentIsFalse(BpfCommand.MAP_LOOKUP_ELEM, elem(call, BpfCommand.MAP_LOOKUP_ELEM, mapFd, key, value, flags));
    }

    /**
     * {@code BPF_MAP_UPDATE_ELEM}. Returns false when the flags' condition does not hold (the key
     * exists under {@link #NOEXIST}, or is absent under {@link #EXIST}); throws on every other failure.
     */
    public static boolean update(ElementCall call, int mapFd, MemorySegment key, MemorySegment value, long flags) {
        return updated(elem(call, BpfCommand.MAP_UPDATE_ELEM, mapFd, key, value, flags), flags);
    }

    /** An update's result under {@code flags}: true, false where their condition did not hold, or thrown. */
    static boolean updated(long result, long flags) {
        if (result >= 0) {
            return true;
        }
        int errno = (int) -result;
        if ((errno == Errno.EEXIST.number() && (flags & NOEXIST) != 0)
                || (errno == Errno.ENOENT.number() && (flags & EXIST) != 0)) {
            return false;
        }
        throw new BpfException(BpfCommand.MAP_UPDATE_ELEM, new Errno(errno));
    }

    /** {@code BPF_MAP_DELETE_ELEM}; false if the key was absent. */
    public static boolean delete(ElementCall call, int mapFd, MemorySegment key) {
        return absentIsFalse(BpfCommand.MAP_DELETE_ELEM, elem(call, BpfCommand.MAP_DELETE_ELEM, mapFd, key, MemorySegment.NULL, 0));
    }

    /**
     * {@code BPF_MAP_GET_NEXT_KEY}: writes the key after {@code key} (or the first key, when
     * {@code key} is null or {@link MemorySegment#NULL}) into {@code nextKey}; false at the end.
     */
    public static boolean nextKey(ElementCall call, int mapFd, MemorySegment key, MemorySegment nextKey) {
        return absentIsFalse(BpfCommand.MAP_GET_NEXT_KEY,
                elem(call, BpfCommand.MAP_GET_NEXT_KEY, mapFd, key == null ? MemorySegment.NULL : key, nextKey, 0));
    }

    /** {@code BPF_MAP_LOOKUP_AND_DELETE_ELEM}; false if the key was absent (or the queue empty). */
    public static boolean lookupAndDelete(ElementCall call, int mapFd, MemorySegment key, MemorySegment value, long flags) {
        return absentIsFalse(BpfCommand.MAP_LOOKUP_AND_DELETE_ELEM,
                elem(call, BpfCommand.MAP_LOOKUP_AND_DELETE_ELEM, mapFd, key == null ? MemorySegment.NULL : key, value, flags));
    }

    /** {@code BPF_MAP_FREEZE}: user space can no longer write the map; programs still can. */
    public static void freeze(int mapFd) {
        MemorySegment attr = ElementCall.ofThisThread().attr;
        attr.fill((byte) 0);
        attr.set(JAVA_INT, Attr.MapElem.MAP_FD_AT, mapFd);
        Syscall.check(BpfCommand.MAP_FREEZE, attr);
    }

    /**
     * {@code BPF_MAP_LOOKUP_BATCH} or {@code BPF_MAP_LOOKUP_AND_DELETE_BATCH}: copies up to
     * {@code count} entries, starting after the cursor in {@code inBatch} (null: from the start), and
     * writes the next cursor to {@code outBatch}. {@code done} is set when the map is exhausted.
     */
    public static BatchResult lookupBatch(int mapFd, boolean delete, MemorySegment inBatch, MemorySegment outBatch,
                                          MemorySegment keys, MemorySegment values, int count, long elemFlags) {
        BpfCommand command = delete ? BpfCommand.MAP_LOOKUP_AND_DELETE_BATCH : BpfCommand.MAP_LOOKUP_BATCH;
        MemorySegment attr = batchAttr(mapFd, inBatch, outBatch, keys, values, count, elemFlags);
        long result = Syscall.bpf(command, attr);
        int done = (int) Attr.MapBatch.COUNT.get(attr);
        if (result >= 0) {
            return new BatchResult(done, false);
        }
        if (result == -Errno.ENOENT.number()) {
            return new BatchResult(done, true);
        }
        throw new BpfException(command, new Errno((int) -result));
    }

    /** {@code BPF_MAP_UPDATE_BATCH}: writes {@code count} entries; returns how many the kernel took. */
    public static int updateBatch(int mapFd, MemorySegment keys, MemorySegment values, int count, long elemFlags) {
        MemorySegment attr = batchAttr(mapFd, null, null, keys, values, count, elemFlags);
        Syscall.check(BpfCommand.MAP_UPDATE_BATCH, attr);
        return (int) Attr.MapBatch.COUNT.get(attr);
    }

    /** {@code BPF_MAP_DELETE_BATCH}: deletes {@code count} keys; throws (ENOENT) if one is absent. */
    public static int deleteBatch(int mapFd, MemorySegment keys, int count, long elemFlags) {
        MemorySegment attr = batchAttr(mapFd, null, null, keys, null, count, elemFlags);
        Syscall.check(BpfCommand.MAP_DELETE_BATCH, attr);
        return (int) Attr.MapBatch.COUNT.get(attr);
    }

    private static MemorySegment batchAttr(int mapFd, MemorySegment inBatch, MemorySegment outBatch,
                                           MemorySegment keys, MemorySegment values, int count, long elemFlags) {
        MemorySegment attr = BATCH_ATTR.get();
        Attr.MapBatch.IN_BATCH.set(attr, address(inBatch));
        Attr.MapBatch.OUT_BATCH.set(attr, address(outBatch));
        Attr.MapBatch.KEYS.set(attr, address(keys));
        Attr.MapBatch.VALUES.set(attr, address(values));
        Attr.MapBatch.COUNT.set(attr, count);
        Attr.MapBatch.MAP_FD.set(attr, mapFd);
        Attr.MapBatch.ELEM_FLAGS.set(attr, elemFlags);
        return attr;
    }

    private static long elem(ElementCall call, BpfCommand command, int mapFd, MemorySegment key, MemorySegment value, long flags) {
        // plain accesses at constant offsets: the layout's field handles (coordinates inserted) compile
        // to several times the code, and this path is inlined into every call of MapHandle's segment methods
        MemorySegment attr = call.attr;
        attr.set(JAVA_INT, Attr.MapElem.MAP_FD_AT, mapFd);
        attr.set(JAVA_LONG, Attr.MapElem.KEY_AT, address(key));
        attr.set(JAVA_LONG, Attr.MapElem.VALUE_AT, address(value));
        attr.set(JAVA_LONG, Attr.MapElem.FLAGS_AT, flags);
        long result = call.run(command);
        // the caller's buffers live until the kernel is done with them, though it uses them no more
        Reference.reachabilityFence(key);
        Reference.reachabilityFence(value);
        return result;
    }

    /** A lookup's, delete's or next key's result: true, false on {@code ENOENT}, or thrown. */
    static boolean absentIsFalse(BpfCommand command, long result) {
        if (result >= 0) {
            return true;
        }
        if (result == -Errno.ENOENT.number()) {
            return false;
        }
        throw new BpfException(command, new Errno((int) -result));
    }

    /** The address the kernel reads or writes; heap segments have none, so they are refused. */
    static long address(MemorySegment segment) {
        if (segment == null) {
            return 0;
        }
        if (!segment.isNative()) {
            throw new IllegalArgumentException("the kernel needs native memory: allocate the buffer from an Arena, not a Java array");
        }
        return segment.address();
    }
}
