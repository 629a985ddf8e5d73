package dev.ebpf4j.maps.typed;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.types.MapType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * What every view shares: the map it borrows (the caller still owns and closes it), the shape checks
 * made once at construction, and per-thread scratch buffers so an operation allocates no native memory.
 */
abstract class TypedView {
    final BpfMap map;
    private final ThreadLocal<Scratch> scratch;

    /** Native buffers for one thread: a key, a second key for iteration, and a full value buffer. */
    static final class Scratch {
        final MemorySegment key;
        final MemorySegment next;
        final MemorySegment value;

        Scratch(BpfMap map) {
            // auto arena: freed with the thread's scratch, usable by whichever thread owns this ThreadLocal slot
            Arena arena = Arena.ofAuto();
            key = arena.allocate(Math.max(8, map.keySize()), 8);
            next = arena.allocate(Math.max(8, map.keySize()), 8);
            value = arena.allocate(Math.max(8, map.valueBufferSize()), 8);
        }
    }

    TypedView(BpfMap map, String view, MapType... types) {
        if (!Arrays.asList(types).contains(map.type())) {
            throw new IllegalArgumentException(view + " needs a map of type " + List.of(types) + ", map '" + map.name()
                    + "' is a " + map.type() + " map");
        }
        this.map = map;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(map));
    }

    /** The map this view reads and writes. */
    public BpfMap map() {
        return map;
    }

    Scratch scratch() {
        return scratch.get();
    }

    static void checkSize(BpfMap map, String what, Codec<?> codec, int mapSize) {
        if (codec.size() != mapSize) {
            throw new IllegalArgumentException("map '" + map.name() + "': " + what + " codec " + codec + " is "
                    + codec.size() + " bytes, the map's " + what + "s are " + mapSize + " bytes");
        }
    }

    static void checkFixedSize(BpfMap map, String what, int expected, int mapSize) {
        if (expected != mapSize) {
            throw new IllegalArgumentException("map '" + map.name() + "': " + what + "s must be " + expected
                    + " bytes, the map's " + what + "s are " + mapSize + " bytes");
        }
    }

    void checkIndex(int index) {
        if (index < 0 || index >= map.maxEntries()) {
            throw new IndexOutOfBoundsException("map '" + map.name() + "': index " + index + " outside 0.."
                    + (map.maxEntries() - 1));
        }
    }

    /** Bytes between per-CPU slots: the value size rounded up to 8. */
    int perCpuSlot() {
        return (map.valueSize() + 7) & ~7;
    }

    /** Walks the keys with get-next-key, handing each over in a scratch segment that the action must not keep. */
    void forEachKey(Consumer<MemorySegment> action) {
        Scratch s = scratch();
        MemorySegment current = s.key;
        MemorySegment from = null;
        while (map.nextKey(from, s.next)) {
            MemorySegment.copy(s.next, 0, current, 0, map.keySize());
            action.accept(current);
            from = current;
        }
    }
}
