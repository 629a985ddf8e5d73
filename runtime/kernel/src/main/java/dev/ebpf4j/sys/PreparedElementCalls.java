package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfCommand;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One thread's lookups and updates of one map through buffers that never move, with their attrs
 * written once: the map's descriptor, the key and value buffers' addresses and each command's flags
 * stay the same from call to call, so a call writes nothing but the key and value themselves.
 *
 * <p>This is what keeps a typed map's operation small enough for the JIT to inline into its caller
 * (C2 inlines a method already compiled only while its code is under {@code InlineSmallCode}, 2.5 KB):
 * each of the four attr stores {@link MapCalls#lookup} makes carries a memory segment's checks, and
 * with them a typed {@code get} compiled to about 4.6 KB, so the key's and value's boxes were
 * allocated on every call instead of being taken apart by escape analysis.
 *
 * <p>An instance belongs to the thread that made it, as its {@link ElementCall} does.
 */
public final class PreparedElementCalls {
    /**
     * The lookup's attr, then an update's under each of the four values of its two mode bits
     * ({@link MapCalls#ANY}, {@link MapCalls#NOEXIST}, {@link MapCalls#EXIST}, and both, which the
     * kernel refuses as it would from any caller): every mode finds an attr without a range check.
     */
    private static final int ATTRS = 5;
    private static final long MODE_BITS = 3;

    private final ElementCall call;
    private final OwnedFd map;
    /**
     * The memory the kernel reads and writes, held so that it lives as long as this does: each call
     * ends in a {@link Reference#reachabilityFence} on this, so none of it is freed under the call
     * while its caller no longer holds the buffers.
     */
    private final MemorySegment attrs;
    private final MemorySegment key;
    private final MemorySegment value;
    /** {@link #attrs}' address, held as a number so that a call reads one field instead of asking the segment. */
    private final long attrsAddress;

    /**
     * Calls on {@code map} with {@code key} and {@code value}; {@code extraFlags} go with every
     * command ({@link MapCalls#F_LOCK} or 0).
     */
    public PreparedElementCalls(ElementCall call, OwnedFd map, MemorySegment key, MemorySegment value, long extraFlags) {
        this.call = call;
        this.map = map;
        this.key = key;
        this.value = value;
        this.attrs = Arena.ofAuto().allocate(ElementCall.ATTR_SIZE * ATTRS, 8);
        this.attrsAddress = attrs.address();
        int fd = map.get();
        long keyAddress = MapCalls.address(key);
        long valueAddress = MapCalls.address(value);
        for (int i = 0; i < ATTRS; i++) {
            long at = i * ElementCall.ATTR_SIZE;
            long flags = i == 0 ? extraFlags : (i - 1) | extraFlags;
            attrs.set(JAVA_INT, at + Attr.MapElem.MAP_FD_AT, fd);
            attrs.set(JAVA_LONG, at + Attr.MapElem.KEY_AT, keyAddress);
            attrs.set(JAVA_LONG, at + Attr.MapElem.VALUE_AT, valueAddress);
            attrs.set(JAVA_LONG, at + Attr.MapElem.FLAGS_AT, flags);
        }
    }

    /** {@code BPF_MAP_LOOKUP_ELEM} of the key buffer into the value buffer; false if the key is absent. */
    public boolean lookup() {
        map.get();  // throws once the map is closed: its number may already name another file
        long result = call.run(BpfCommand.MAP_LOOKUP_ELEM, attrsAddress);
        Reference.reachabilityFence(this);  // the attrs, key and value live as long as this does
        return MapCalls.absentIsFalse(BpfCommand.MAP_LOOKUP_ELEM, result);
    }

    /**
     * {@code BPF_MAP_UPDATE_ELEM} of the value buffer under the key buffer with {@code mode}
     * ({@link MapCalls#ANY}, {@link MapCalls#NOEXIST} or {@link MapCalls#EXIST}; bits above those
     * two are not read); false where the mode's condition does not hold.
     */
    public boolean update(long mode) {
        assert (mode & ~MODE_BITS) == 0 : "not an update mode: " + mode;
        long bits = mode & MODE_BITS;
        map.get();
        long result = call.run(BpfCommand.MAP_UPDATE_ELEM, attrsAddress + (1 + bits) * ElementCall.ATTR_SIZE);
        Reference.reachabilityFence(this);
        return MapCalls.updated(result, bits);
    }
}
