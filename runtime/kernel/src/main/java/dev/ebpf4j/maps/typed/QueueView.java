package dev.ebpf4j.maps.typed;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.types.MapType;

/**
 * A {@code QUEUE} map: first in, first out.
 *
 * <pre>{@code
 * try (BpfMap map = BpfMap.create(QueueView.spec(8, 64))) {
 *     var q = QueueView.of(map, Codec.u64());
 *     q.push(1L); q.push(2L);
 *     q.pop();  // 1
 * }
 * }</pre>
 */
public final class QueueView<V> extends KeylessView<V> {
    private QueueView(BpfMap map, Codec<V> values) {
        super(map, "QueueView", MapType.QUEUE, values);
    }

    public static <V> QueueView<V> of(BpfMap map, Codec<V> values) {
        return new QueueView<>(map, values);
    }

    /** A queue of {@code maxEntries} values of {@code valueSize} bytes (no key). */
    public static MapSpec spec(int valueSize, int maxEntries) {
        return MapSpec.of(MapType.QUEUE, 0, valueSize, maxEntries);
    }
}
