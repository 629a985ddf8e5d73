package dev.ebpf4j.maps.typed;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.types.MapType;

import java.lang.foreign.ValueLayout;

/**
 * An {@code ARRAY} map seen as a fixed-length array of values, indexed from 0 to
 * {@code maxEntries - 1}. Every element always exists (zeroed at creation) and cannot be removed.
 *
 * <pre>{@code
 * var config = ArrayMapView.of(map, Codec.of(Config.class));
 * config.set(0, new Config(1, 2));
 * Config c = config.get(0);
 * }</pre>
 */
public final class ArrayMapView<V> extends TypedView {
    private final Codec<V> values;

    private ArrayMapView(BpfMap map, Codec<V> values) {
        super(map, "ArrayMapView", MapType.ARRAY);
        checkFixedSize(map, "key", Integer.BYTES, map.keySize());
        checkSize(map, "value", values, map.valueSize());
        this.values = values;
    }

    /** A view of {@code map}; the value codec's size must be the map's value size. */
    public static <V> ArrayMapView<V> of(BpfMap map, Codec<V> values) {
        return new ArrayMapView<>(map, values);
    }

    /** The number of elements. */
    public int size() {
        return map.maxEntries();
    }

    /** The element at {@code index}. */
    public V get(int index) {
        checkIndex(index);
        Scratch s = scratch();
        s.key.set(ValueLayout.JAVA_INT, 0, index);
        if (!map.lookup(s.key, s.value)) {
            throw new IllegalStateException("map '" + map.name() + "': index " + index + " absent from an array");
        }
        return values.read(s.value, 0);
    }

    /** Replaces the element at {@code index}. */
    public void set(int index, V value) {
        checkIndex(index);
        Scratch s = scratch();
        s.key.set(ValueLayout.JAVA_INT, 0, index);
        values.write(value, s.value, 0);
        map.update(s.key, s.value);
    }
}
