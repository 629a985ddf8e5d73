package dev.ebpf4j.maps;

import dev.ebpf4j.sys.PerThread;
import dev.ebpf4j.sys.PreparedElementCalls;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One thread's native buffers for the element calls on one map: a key, the next key of a walk, and
 * a whole value (every possible CPU's slot for a per-CPU map). Every typed map keeps one per thread,
 * so an operation allocates no native memory.
 */
final class MapBuffers {
    final MemorySegment key;
    final MemorySegment next;
    final MemorySegment value;
    /**
     * Lookups of {@link #key} into {@link #value}, and updates of it, with their attrs written once;
     * the keyless queue and stack, whose calls pass no key, call their map directly instead.
     */
    final PreparedElementCalls calls;

    private MapBuffers(MapHandle map, long flags) {
        // freed when the thread's slot is collected; any thread may use its own
        Arena arena = Arena.ofAuto();
        key = arena.allocate(Math.max(8, map.keySize()), 8);
        next = arena.allocate(Math.max(8, map.keySize()), 8);
        value = arena.allocate(Math.max(8, map.valueBufferSize()), 8);
        calls = map.prepare(key, value, flags);
    }

    /** Per-thread buffers sized for {@code map}. */
    static PerThread<MapBuffers> perThread(MapHandle map) {
        return perThread(map, 0);
    }

    /** Per-thread buffers sized for {@code map}, whose prepared calls pass {@code flags} ({@code BPF_F_LOCK} or 0). */
    static PerThread<MapBuffers> perThread(MapHandle map, long flags) {
        return PerThread.of(() -> new MapBuffers(map, flags));
    }
}
