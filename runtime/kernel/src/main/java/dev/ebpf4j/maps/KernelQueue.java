package dev.ebpf4j.maps;

/**
 * A {@code QUEUE} map: first in, first out, with {@link java.util.Queue}'s names.
 *
 * <pre>{@code
 * try (MapHandle map = MapHandle.create(MapSpec.of(MapType.QUEUE, 0, 8, 64))) {
 *     KernelQueue<Long> q = KernelMaps.queue(map, Long.class);
 *     q.offer(1L);
 *     q.offer(2L);
 *     q.poll();  // 1
 * }
 * }</pre>
 *
 * @param <V> the element: a boxed primitive or a record of primitives laid out as a C struct
 */
public final class KernelQueue<V> extends KeylessMap<V> {
    KernelQueue(MapHandle map, Codec<V> values) {
        super(map, values);
    }

    /** Adds {@code value} at the tail; false if the queue is full. */
    public boolean offer(V value) {
        return add(value, UpdateMode.ANY);
    }

    /** Adds {@code value} at the tail, dropping the head if the queue is full ({@code BPF_EXIST}). */
    public void offerOverwriting(V value) {
        add(value, UpdateMode.EXIST);
    }

    /** Removes and returns the head, or null if the queue is empty. */
    public V poll() {
        return take();
    }

    @Override
    public String toString() {
        return "KernelQueue[" + map.name() + "]";
    }
}
