package dev.ebpf4j.skeleton;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.program.maps.LpmAddresses;
import dev.ebpf4j.types.MapType;

import java.util.Set;

/**
 * Typed views of loaded kernel maps, checked against the map's type and its key and value sizes
 * when made, so an object that does not match its program's declaration fails at load, naming the
 * map, rather than at the first access.
 *
 * <pre>{@code
 * record Flow(int address, short port, byte protocol) {}
 * KernelMap<Flow, Long> flows = KernelMaps.of(object.map("flows"), Flow.class, Long.class);
 * KernelPerCpuMap<Integer, Long> counters = KernelMaps.perCpu(object.map("counters"), Integer.class, Long.class);
 * }</pre>
 *
 * <p>Key and value types: {@code Long}, {@code Integer}, {@code Short}, {@code Byte},
 * {@code Character}, {@code Boolean} (one byte) and records of primitives, laid out as the C struct
 * of the same members. The view borrows the map: whoever loaded it closes it.
 */
public final class KernelMaps {
    private static final Set<MapType> SHARED = Set.of(MapType.HASH, MapType.LRU_HASH, MapType.ARRAY);
    private static final Set<MapType> PER_CPU = Set.of(MapType.PERCPU_HASH, MapType.LRU_PERCPU_HASH, MapType.PERCPU_ARRAY);

    private KernelMaps() {
    }

    /**
     * A hash, LRU hash or array map.
     *
     * @throws IllegalArgumentException if the map is of another type, or its key or value size is
     *     not the encoded size of {@code keyType} or {@code valueType}
     */
    public static <K, V> KernelMap<K, V> of(BpfMap map, Class<K> keyType, Class<V> valueType) {
        check(map, SHARED, "KernelMaps.of");
        return new SharedValueMap<>(access(map, keyType, valueType));
    }

    /**
     * A per-CPU hash map or per-CPU array.
     *
     * @throws IllegalArgumentException if the map is of another type, or its key or value size is
     *     not the encoded size of {@code keyType} or {@code valueType}
     */
    public static <K, V> KernelPerCpuMap<K, V> perCpu(BpfMap map, Class<K> keyType, Class<V> valueType) {
        check(map, PER_CPU, "KernelMaps.perCpu");
        return new PerCpuValueMap<>(access(map, keyType, valueType));
    }

    /**
     * An LPM trie whose addresses are {@code addressType} ({@code Integer}, {@code Long},
     * {@code Short}, {@code Byte} or a record of those primitives; see {@link LpmAddresses}).
     *
     * @throws IllegalArgumentException if the map is not an LPM trie, or its key or value size does
     *     not fit {@code addressType} or {@code valueType}
     */
    public static <K, V> KernelLpmTrie<K, V> lpmTrie(BpfMap map, Class<K> addressType, Class<V> valueType) {
        check(map, Set.of(MapType.LPM_TRIE), "KernelMaps.lpmTrie");
        return new KernelLpmTrie<>(map, LpmAddresses.of(addressType, "map '" + map.name() + "'"), ValueCodecs.of(valueType));
    }

    private static void check(BpfMap map, Set<MapType> types, String method) {
        if (!types.contains(map.type())) {
            throw new IllegalArgumentException(method + ": map '" + map.name() + "' is a " + map.type()
                    + " map; this view takes " + types.stream().map(Enum::name).sorted().toList());
        }
    }

    private static <K, V> MapAccess<K, V> access(BpfMap map, Class<K> keyType, Class<V> valueType) {
        if (map.type() == MapType.ARRAY || map.type() == MapType.PERCPU_ARRAY) {
            if (keyType != Integer.class) {
                throw new IllegalArgumentException("map '" + map.name() + "': array indexes are Integer, not " + keyType.getName());
            }
        }
        return new MapAccess<>(map, ValueCodecs.of(keyType), ValueCodecs.of(valueType));
    }
}
