package dev.ebpf4j.maps.typed;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.types.MapType;

/**
 * A {@code STACK} map: last in, first out.
 *
 * <pre>{@code
 * try (BpfMap map = BpfMap.create(StackView.spec(8, 64))) {
 *     var q = StackView.of(map, Codec.u64());
 *     q.push(1L); q.push(2L);
 *     q.pop();  // 2
 * }
 * }</pre>
 */
public final class StackView<V> extends KeylessView<V> {
    private StackView(BpfMap map, Codec<V> values) {
        super(map, "StackView", MapType.STACK, values);
    }

    public static <V> StackView<V> of(BpfMap map, Codec<V> values) {
        return new StackView<>(map, values);
    }

    /** A stack of {@code maxEntries} values of {@code valueSize} bytes (no key). */
    public static MapSpec spec(int valueSize, int maxEntries) {
        return MapSpec.of(MapType.STACK, 0, valueSize, maxEntries);
    }
}
