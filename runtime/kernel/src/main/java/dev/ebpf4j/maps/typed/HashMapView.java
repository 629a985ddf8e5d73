package dev.ebpf4j.maps.typed;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.maps.UpdateMode;
import dev.ebpf4j.types.MapType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A {@code HASH} or {@code LRU_HASH} map seen through key and value codecs, with java.util.Map names
 * where the meaning is the same. {@link #get} returns null for an absent key, as {@link Map#get} does;
 * {@link #find} returns an Optional. {@link #put} returns nothing: the kernel does not hand back the
 * old value.
 *
 * <pre>{@code
 * record Flow(int saddr, int daddr, short sport, short dport, byte proto) {}
 * record Stats(long packets, long bytes) {}
 * var flows = HashMapView.of(map, Codec.of(Flow.class), Codec.of(Stats.class));
 * flows.put(flow, new Stats(1, 64));
 * Stats s = flows.get(flow);
 * }</pre>
 */
public final class HashMapView<K, V> extends KeyedView<K, V> {
    private HashMapView(BpfMap map, Codec<K> keys, Codec<V> values) {
        super(map, "HashMapView", keys, values, MapType.HASH, MapType.LRU_HASH);
    }

    /**
     * A view of {@code map}.
     *
     * @throws IllegalArgumentException if the map is not a (LRU) hash or a codec's size differs from the map's
     */
    public static <K, V> HashMapView<K, V> of(BpfMap map, Codec<K> keys, Codec<V> values) {
        return new HashMapView<>(map, keys, values);
    }

    /** The value for {@code key}, or null if absent. */
    public V get(K key) {
        Scratch s = scratch(key);
        return map.lookup(s.key, s.value) ? values.read(s.value, 0) : null;
    }

    /** The value for {@code key}, if present. */
    public Optional<V> find(K key) {
        return Optional.ofNullable(get(key));
    }

    /** Creates or replaces the element. */
    public void put(K key, V value) {
        write(key, value, UpdateMode.ANY);
    }

    /** Creates the element only if absent; true if it was created. */
    public boolean putIfAbsent(K key, V value) {
        return write(key, value, UpdateMode.NOEXIST);
    }

    /** Replaces the element only if present; true if it was replaced. */
    public boolean replace(K key, V value) {
        return write(key, value, UpdateMode.EXIST);
    }

    /** Calls {@code action} for each entry still present when reached. */
    public void forEach(BiConsumer<? super K, ? super V> action) {
        for (K key : keys()) {
            V value = get(key);
            if (value != null) {
                action.accept(key, value);
            }
        }
    }

    /** A snapshot of the entries, in the kernel's order; keys need value equality (records do, arrays do not). */
    public Map<K, V> toMap() {
        Map<K, V> out = new LinkedHashMap<>();
        forEach(out::put);
        return out;
    }

    private boolean write(K key, V value, UpdateMode mode) {
        Scratch s = scratch(key);
        values.write(value, s.value, 0);
        return map.update(s.key, s.value, mode);
    }
}
