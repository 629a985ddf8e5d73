package dev.ebpf4j.maps;

import dev.ebpf4j.types.MapType;

import dev.ebpf4j.sys.ElementCall;
import dev.ebpf4j.sys.MapCalls;
import dev.ebpf4j.sys.ObjectCalls;
import dev.ebpf4j.sys.OwnedFd;
import dev.ebpf4j.sys.PerThread;
import dev.ebpf4j.sys.PossibleCpus;
import dev.ebpf4j.sys.PreparedElementCalls;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A live kernel map, owned through its file descriptor.
 *
 * <p>Keys and values are bytes. The segment methods are the hot path: they take caller-owned
 * native segments (from an {@link Arena}) and allocate nothing. The {@code byte[]} methods are for
 * convenience. Values of per-CPU maps are {@link #valueBufferSize()} bytes: one slot per possible
 * CPU, each {@link #valueSize()} rounded up to 8.
 *
 * <pre>{@code
 * try (MapHandle counts = MapHandle.create(MapSpec.of(MapType.HASH, 4, 8, 1024).withName("counts"));
 *      Arena arena = Arena.ofConfined()) {
 *     MemorySegment key = arena.allocate(4), value = arena.allocate(8);
 *     key.set(ValueLayout.JAVA_INT, 0, 80);
 *     value.set(ValueLayout.JAVA_LONG, 0, 1);
 *     counts.update(key, value);
 *     counts.lookup(key, value);          // true; value holds 1
 * }
 * }</pre>
 */
public final class MapHandle implements AutoCloseable {
    private final OwnedFd fd;
    private final MapType type;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private final int flags;
    private final String name;
    private final int valueBufferSize;
    private final PerThread<ElementCall> calls = ElementCall.perMap();

    private MapHandle(OwnedFd fd, MapType type, int keySize, int valueSize, int maxEntries, int flags, String name) {
        this.fd = fd;
        this.type = type;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.maxEntries = maxEntries;
        this.flags = flags;
        this.name = name;
        this.valueBufferSize = type.isPerCpu() ? roundUp8(valueSize) * PossibleCpus.count() : valueSize;
    }

    /** Creates a new map. */
    public static MapHandle create(MapSpec spec) {
        OwnedFd fd = MapCalls.create(new MapCalls.CreateRequest(spec.type().number(), spec.keySize(), spec.valueSize(),
                spec.maxEntries(), spec.flags(), spec.name(), spec.btfFd(), spec.btfKeyTypeId(), spec.btfValueTypeId(),
                spec.innerMapFd(), spec.mapExtra()));
        return new MapHandle(fd, spec.type(), spec.keySize(), spec.valueSize(), spec.maxEntries(), spec.flags(), spec.name());
    }

    /** Takes ownership of a map fd obtained elsewhere, reading its shape from the kernel. */
    public static MapHandle adopt(OwnedFd fd) {
        try {
            ObjectCalls.RawMapInfo info = ObjectCalls.mapInfo(fd.get());
            return new MapHandle(fd, MapType.of(info.type()), info.keySize(), info.valueSize(), info.maxEntries(),
                    info.flags(), info.name());
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /** Opens the map pinned at {@code path} on bpffs. */
    public static MapHandle openPinned(Path path) {
        return adopt(ObjectCalls.get(path, 0));
    }

    /** Opens the map with this kernel id. */
    public static MapHandle openById(int id) {
        return adopt(ObjectCalls.mapFdById(id));
    }

    /**
     * The map's file descriptor, for calls this library does not make; valid until {@link #close()},
     * and not to be closed by the caller.
     */
    public int fd() {
        return fd.get();
    }

    public MapType type() {
        return type;
    }

    public int keySize() {
        return keySize;
    }

    public int valueSize() {
        return valueSize;
    }

    public int maxEntries() {
        return maxEntries;
    }

    public int flags() {
        return flags;
    }

    public String name() {
        return name;
    }

    /** Bytes a value buffer must hold: {@link #valueSize()}, or a rounded slot per possible CPU for per-CPU maps. */
    public int valueBufferSize() {
        return valueBufferSize;
    }

    /** Bytes a batch cursor ({@code inBatch}/{@code outBatch}) must hold for this map. */
    public int batchCursorSize() {
        return Math.max(keySize, Integer.BYTES);
    }

    /** What the kernel reports about this map (including its id). */
    public MapInfo info() {
        ObjectCalls.RawMapInfo raw = ObjectCalls.mapInfo(fd.get());
        return new MapInfo(MapType.of(raw.type()), raw.id(), raw.keySize(), raw.valueSize(), raw.maxEntries(),
                raw.flags(), raw.name(), raw.btfId(), raw.btfKeyTypeId(), raw.btfValueTypeId());
    }

    /** The kernel-wide id of this map. */
    public int id() {
        return ObjectCalls.mapInfo(fd.get()).id();
    }

    // ---- the zero-allocation path

    /** Copies the value for {@code key} into {@code value}; false if absent. */
    public boolean lookup(MemorySegment key, MemorySegment value) {
        return lookup(key, value, 0);
    }

    /**
     * As {@link #lookup(MemorySegment, MemorySegment)}, holding the value's {@code bpf_spin_lock}
     * while the kernel copies it ({@code BPF_F_LOCK}, Linux 5.1): a program's changes made under the
     * lock are seen all or not at all. The value must hold a lock (a record with a
     * {@link dev.ebpf4j.program.maps.SpinLock}), or the kernel refuses with EINVAL.
     */
    public boolean lookupLocked(MemorySegment key, MemorySegment value) {
        return lookup(key, value, MapCalls.F_LOCK);
    }

    /** As {@link #update(MemorySegment, MemorySegment, UpdateMode)}, writing the value under its lock ({@code BPF_F_LOCK}). */
    public boolean updateLocked(MemorySegment key, MemorySegment value, UpdateMode mode) {
        return update(key, value, mode, MapCalls.F_LOCK);
    }

    /** The lookup with {@code flags} ({@code BPF_F_LOCK} or 0), which the public lookups share. */
    boolean lookup(MemorySegment key, MemorySegment value, long flags) {
        checkKey(key);
        checkValue(value);
        return MapCalls.lookup(calls.get(), fd.get(), key, value, flags);
    }

    /** The update under {@code mode} with extra {@code flags}, shared as {@link #lookup(MemorySegment, MemorySegment, long)} is. */
    boolean update(MemorySegment key, MemorySegment value, UpdateMode mode, long flags) {
        checkKey(key);
        checkValue(value);
        return MapCalls.update(calls.get(), fd.get(), key, value, mode.flag() | flags);
    }

    /**
     * This thread's lookups and updates of {@code key} into and from {@code value}, their attrs
     * written once, for a typed map's per-thread buffers (which never move); {@code flags} go with
     * every call ({@code BPF_F_LOCK} or 0).
     */
    PreparedElementCalls prepare(MemorySegment key, MemorySegment value, long flags) {
        checkKey(key);
        checkValue(value);
        return new PreparedElementCalls(calls.get(), fd, key, value, flags);
    }

    /** Creates or replaces the element. */
    public void update(MemorySegment key, MemorySegment value) {
        update(key, value, UpdateMode.ANY);
    }

    /** Writes the element under {@code mode}; false when the mode's condition does not hold. */
    public boolean update(MemorySegment key, MemorySegment value, UpdateMode mode) {
        return update(key, value, mode, 0);
    }

    /** Deletes the element; false if it was absent. */
    public boolean delete(MemorySegment key) {
        checkKey(key);
        return MapCalls.delete(calls.get(), fd.get(), key);
    }

    /** Writes the key after {@code key} (first key if {@code key} is null) into {@code next}; false at the end. */
    public boolean nextKey(MemorySegment key, MemorySegment next) {
        if (key != null) {
            checkKey(key);
        }
        checkKey(next);
        return MapCalls.nextKey(calls.get(), fd.get(), key, next);
    }

    /** Copies the value out and deletes the element; false if absent. */
    public boolean lookupAndDelete(MemorySegment key, MemorySegment value) {
        if (key != null) {
            checkKey(key);
        }
        checkValue(value);
        return MapCalls.lookupAndDelete(calls.get(), fd.get(), key, value, 0);
    }

    /**
     * Reads up to {@code count} entries into {@code keys} and {@code values} (packed arrays), starting
     * after {@code inBatch} (null: from the start) and leaving the next cursor in {@code outBatch}.
     */
    public Batch lookupBatch(MemorySegment inBatch, MemorySegment outBatch, MemorySegment keys,
                             MemorySegment values, int count) {
        checkBatch(outBatch, keys, values, count);
        return Batch.of(MapCalls.lookupBatch(fd.get(), false, inBatch, outBatch, keys, values, count, 0));
    }

    /** Like {@link #lookupBatch} but deletes what it reads. */
    public Batch lookupAndDeleteBatch(MemorySegment inBatch, MemorySegment outBatch, MemorySegment keys,
                                      MemorySegment values, int count) {
        checkBatch(outBatch, keys, values, count);
        return Batch.of(MapCalls.lookupBatch(fd.get(), true, inBatch, outBatch, keys, values, count, 0));
    }

    /**
     * What one batch read returned: {@code count} entries, and whether the walk reached the end
     * (then the cursor is not to be passed on).
     */
    public record Batch(int count, boolean done) {
        static Batch of(MapCalls.BatchResult result) {
            return new Batch(result.count(), result.done());
        }
    }

    /** Writes {@code count} packed entries; returns how many were written. */
    public int updateBatch(MemorySegment keys, MemorySegment values, int count) {
        checkBatch(null, keys, values, count);
        return MapCalls.updateBatch(fd.get(), keys, values, count, 0);
    }

    /** Deletes {@code count} packed keys; returns how many were deleted. */
    public int deleteBatch(MemorySegment keys, int count) {
        checkBatch(null, keys, null, count);
        return MapCalls.deleteBatch(fd.get(), keys, count, 0);
    }

    /** Makes the map read-only for user space from now on (programs can still write it). */
    public void freeze() {
        MapCalls.freeze(fd.get());
    }

    /** Pins the map at {@code path} on bpffs, so it outlives this process. */
    public void pin(Path path) {
        ObjectCalls.pin(fd.get(), path);
    }

    // ---- byte[] convenience

    /** The value for {@code key} ({@link #valueBufferSize()} bytes), if present. */
    public Optional<byte[]> lookup(byte[] key) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(valueBufferSize);
            return lookup(nativeCopy(arena, key, keySize, "key"), value)
                    ? Optional.of(value.toArray(ValueLayout.JAVA_BYTE)) : Optional.empty();
        }
    }

    /** Creates or replaces the element. */
    public void update(byte[] key, byte[] value) {
        update(key, value, UpdateMode.ANY);
    }

    /** Writes the element under {@code mode}; false when the mode's condition does not hold. */
    public boolean update(byte[] key, byte[] value, UpdateMode mode) {
        try (Arena arena = Arena.ofConfined()) {
            return update(nativeCopy(arena, key, keySize, "key"), nativeCopy(arena, value, valueBufferSize, "value"), mode);
        }
    }

    /** Deletes the element; false if it was absent. */
    public boolean delete(byte[] key) {
        try (Arena arena = Arena.ofConfined()) {
            return delete(nativeCopy(arena, key, keySize, "key"));
        }
    }

    /** Removes and returns the value for {@code key}, if present. */
    public Optional<byte[]> lookupAndDelete(byte[] key) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(valueBufferSize);
            MemorySegment k = key == null ? null : nativeCopy(arena, key, keySize, "key");
            return lookupAndDelete(k, value) ? Optional.of(value.toArray(ValueLayout.JAVA_BYTE)) : Optional.empty();
        }
    }

    /** Every key, in the kernel's iteration order (a snapshot that may miss concurrent changes). */
    public List<byte[]> keys() {
        List<byte[]> keys = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment current = arena.allocate(Math.max(1, keySize));
            MemorySegment next = arena.allocate(Math.max(1, keySize));
            MemorySegment from = null;
            while (MapCalls.nextKey(calls.get(), fd.get(), from, next)) {
                keys.add(next.asSlice(0, keySize).toArray(ValueLayout.JAVA_BYTE));
                MemorySegment.copy(next, 0, current, 0, keySize);
                from = current;
            }
        }
        return keys;
    }

    /** Splits a per-CPU value buffer into one {@link #valueSize()}-byte array per possible CPU. */
    public List<byte[]> perCpuValues(byte[] buffer) {
        if (!type.isPerCpu()) {
            throw new IllegalStateException("map '" + name + "' is a " + type + " map, not a per-CPU map");
        }
        if (buffer.length != valueBufferSize) {
            throw new IllegalArgumentException("map '" + name + "': per-CPU buffer is " + buffer.length
                    + " bytes, expected " + valueBufferSize);
        }
        int slot = roundUp8(valueSize);
        List<byte[]> values = new ArrayList<>();
        for (int offset = 0; offset < buffer.length; offset += slot) {
            values.add(java.util.Arrays.copyOfRange(buffer, offset, offset + valueSize));
        }
        return values;
    }

    /** Closes the map's fd; the map lives on while programs, pins or other fds hold it. */
    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "MapHandle[" + type + " '" + name + "' key " + keySize + " value " + valueSize + " max " + maxEntries + ", " + fd + "]";
    }

    private static int roundUp8(int size) {
        return (size + 7) & ~7;
    }

    private MemorySegment nativeCopy(Arena arena, byte[] bytes, int expected, String what) {
        if (bytes.length != expected) {
            throw new IllegalArgumentException("map '" + name + "': " + what + " is " + bytes.length
                    + " bytes, the map's " + what + "s are " + expected);
        }
        return arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
    }

    private void checkKey(MemorySegment key) {
        if (key.byteSize() < keySize) {
            throw new IllegalArgumentException("map '" + name + "': key buffer is " + key.byteSize()
                    + " bytes, the map's keys are " + keySize);
        }
    }

    private void checkValue(MemorySegment value) {
        if (value.byteSize() < valueBufferSize) {
            throw new IllegalArgumentException("map '" + name + "': value buffer is " + value.byteSize()
                    + " bytes, needs " + valueBufferSize + (type.isPerCpu() ? " (one 8-byte-aligned slot per possible CPU)" : ""));
        }
    }

    private void checkBatch(MemorySegment cursor, MemorySegment keys, MemorySegment values, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("map '" + name + "': negative batch count " + count);
        }
        if (cursor != null && cursor.byteSize() < batchCursorSize()) {
            throw new IllegalArgumentException("map '" + name + "': batch cursor is " + cursor.byteSize()
                    + " bytes, needs " + batchCursorSize());
        }
        if (keys.byteSize() < (long) count * keySize) {
            throw new IllegalArgumentException("map '" + name + "': key array holds fewer than " + count + " keys");
        }
        if (values != null && values.byteSize() < (long) count * valueBufferSize) {
            throw new IllegalArgumentException("map '" + name + "': value array holds fewer than " + count + " values");
        }
    }
}
