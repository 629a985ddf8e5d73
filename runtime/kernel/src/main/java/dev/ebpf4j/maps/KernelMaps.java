package dev.ebpf4j.maps;

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
 * KernelMap<Integer, Long> raw = KernelMaps.of(handle, Codec.u32(), Codec.u64());  // codecs of one's own
 * }</pre>
 *
 * <p>These are the only typed kernel maps: generated skeletons return them, and hand-written code
 * gets the same from a loaded object. Each implements the program-side interface its declaration
 * uses ({@code EbpfMap}, {@code PerCpuEbpfMap}, {@code LpmTrie}) with the JVM's contract, and adds
 * what only user space does (iteration, every CPU's values, sums).
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
    public static <K, V> KernelMap<K, V> of(MapHandle map, Class<K> keyType, Class<V> valueType) {
        check(map, SHARED, "KernelMaps.of");
        return new SharedValueMap<>(access(map, keyType, valueType));
    }

    /**
     * A per-CPU hash map or per-CPU array.
     *
     * @throws IllegalArgumentException if the map is of another type, or its key or value size is
     *     not the encoded size of {@code keyType} or {@code valueType}
     */
    public static <K, V> KernelPerCpuMap<K, V> perCpu(MapHandle map, Class<K> keyType, Class<V> valueType) {
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
    public static <K, V> KernelLpmTrie<K, V> lpmTrie(MapHandle map, Class<K> addressType, Class<V> valueType) {
        check(map, Set.of(MapType.LPM_TRIE), "KernelMaps.lpmTrie");
        return new KernelLpmTrie<>(map, LpmAddresses.of(addressType, "map '" + map.name() + "'"), Codec.of(valueType));
    }

    /**
     * A hash, LRU hash or array map with codecs of the caller's choosing (e.g. {@link Codec#bytes}).
     *
     * @throws IllegalArgumentException if the map is of another type, or a codec's size is not the
     *     map's key or value size
     */
    public static <K, V> KernelMap<K, V> of(MapHandle map, Codec<K> keys, Codec<V> values) {
        check(map, SHARED, "KernelMaps.of");
        return new SharedValueMap<>(new MapAccess<>(map, keys, values));
    }

    /** A per-CPU hash map or per-CPU array with codecs of the caller's choosing. */
    public static <K, V> KernelPerCpuMap<K, V> perCpu(MapHandle map, Codec<K> keys, Codec<V> values) {
        check(map, PER_CPU, "KernelMaps.perCpu");
        return new PerCpuValueMap<>(new MapAccess<>(map, keys, values));
    }

    /** A queue of {@code valueType} elements. */
    public static <V> KernelQueue<V> queue(MapHandle map, Class<V> valueType) {
        check(map, Set.of(MapType.QUEUE), "KernelMaps.queue");
        return new KernelQueue<>(map, Codec.of(valueType));
    }

    /** A stack of {@code valueType} elements. */
    public static <V> KernelStack<V> stack(MapHandle map, Class<V> valueType) {
        check(map, Set.of(MapType.STACK), "KernelMaps.stack");
        return new KernelStack<>(map, Codec.of(valueType));
    }

    /**
     * A reader of the {@code eventType} records a ring buffer's programs write. It maps the ring
     * buffer and holds an epoll set: close it (a skeleton closes its own).
     *
     * @throws IllegalArgumentException if the map is not a ring buffer, or {@code eventType} has
     *     no C layout
     */
    public static <E> KernelRingBuffer<E> ringBuffer(MapHandle map, Class<E> eventType) {
        check(map, Set.of(MapType.RINGBUF), "KernelMaps.ringBuffer");
        return new KernelRingBuffer<>(map, Codec.of(eventType));
    }

    /** A ring buffer reader decoding records with a codec of the caller's choosing. */
    public static <E> KernelRingBuffer<E> ringBuffer(MapHandle map, Codec<E> events) {
        check(map, Set.of(MapType.RINGBUF), "KernelMaps.ringBuffer");
        return new KernelRingBuffer<>(map, events);
    }

    /** A program array (the table of tail calls). */
    public static KernelProgramArray programArray(MapHandle map) {
        check(map, Set.of(MapType.PROG_ARRAY), "KernelMaps.programArray");
        return new KernelProgramArray(map);
    }

    /** Refuses a codec whose size is not the map's: the object does not match the declaration. */
    static void checkSize(MapHandle map, String what, Codec<?> codec, int size) {
        if (codec.size() != size) {
            throw new IllegalArgumentException("map '" + map.name() + "': " + what + "s are " + size + " bytes in the kernel, "
                    + codec + " is " + codec.size() + " bytes: the object does not match the program's declaration");
        }
    }

    private static void check(MapHandle map, Set<MapType> types, String method) {
        if (!types.contains(map.type())) {
            throw new IllegalArgumentException(method + ": map '" + map.name() + "' is a " + map.type()
                    + " map; this view takes " + types.stream().map(Enum::name).sorted().toList());
        }
    }

    private static <K, V> MapAccess<K, V> access(MapHandle map, Class<K> keyType, Class<V> valueType) {
        if (map.type() == MapType.ARRAY || map.type() == MapType.PERCPU_ARRAY) {
            if (keyType != Integer.class) {
                throw new IllegalArgumentException("map '" + map.name() + "': array indexes are Integer, not " + keyType.getName());
            }
        }
        return new MapAccess<>(map, Codec.of(keyType), Codec.of(valueType));
    }
}
