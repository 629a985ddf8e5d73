package dev.ebpf4j.maps;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.program.maps.LpmAddresses;
import dev.ebpf4j.program.maps.LpmTrie;
import dev.ebpf4j.sys.PerThread;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An LPM trie in the kernel, seen through the {@link LpmTrie} methods a program uses, with the
 * results of the JVM's {@code BpfLpmTrie}: {@code put} is false for a full trie and a new prefix,
 * and for a prefix length outside {@code 0..bits} (which the kernel refuses with {@code EINVAL});
 * {@code remove} is false unless exactly that prefix was stored. Keys are
 * {@code struct { __u32 prefixlen; __u8 data[n]; }}, the address as {@link LpmAddresses} encodes it.
 *
 * <pre>{@code
 * KernelLpmTrie<Integer, Integer> zones = skeleton.zones();
 * zones.put(0x0A000000, 8, 1);                 // 10.0.0.0/8
 * Map<LpmTrie.Prefix<Integer>, Integer> all = zones.entries();
 * }</pre>
 *
 * <p>Replacing a stored prefix's value in a full trie succeeds on kernels with the LPM trie's
 * in-place update fix (6.14, and stable kernels it was backported to); older kernels refuse it
 * ({@code ENOSPC}), and then {@code put} is false here too, unlike on the JVM.
 *
 * @param <K> the address type
 * @param <V> the value type
 */
public final class KernelLpmTrie<K, V> implements LpmTrie<K, V> {
    private final MapHandle map;
    private final LpmAddresses<K> addresses;
    private final Codec<V> values;
    private final PerThread<MapBuffers> buffers;


    KernelLpmTrie(MapHandle map, LpmAddresses<K> addresses, Codec<V> values) {
        this.map = map;
        this.addresses = addresses;
        this.values = values;
        if (map.keySize() != Integer.BYTES + addresses.size()) {
            throw new IllegalArgumentException("map '" + map.name() + "': keys are " + map.keySize() + " bytes in the kernel, a "
                    + addresses.size() + "-byte address makes " + (Integer.BYTES + addresses.size())
                    + ": the object does not match the program's declaration");
        }
        KernelMaps.checkSize(map, "value", values, map.valueSize());
        this.buffers = MapBuffers.perThread(map);
    }

    /** The kernel map underneath (owned by whoever loaded it, not by this view). */
    public MapHandle handle() {
        return map;
    }

    @Override
    public V get(K address) {
        MapBuffers b = key(Objects.requireNonNull(address, "address must not be null"), addresses.bits());
        return b.calls.lookup() ? values.read(b.value, 0) : null;
    }

    @Override
    public boolean containsKey(K address) {
        return get(address) != null;
    }

    @Override
    public boolean put(K network, int prefixLength, V value) {
        Objects.requireNonNull(network, "network must not be null");
        Objects.requireNonNull(value, "value must not be null");
        if (prefixLength < 0 || prefixLength > addresses.bits()) return false;
        MapBuffers b = key(network, prefixLength);
        values.write(value, b.value, 0);
        try {
            return b.calls.update(UpdateMode.ANY.flag());
        } catch (BpfException e) {
            if (Errno.ENOSPC.equals(e.errno()) || Errno.E2BIG.equals(e.errno())) return false;
            throw e;
        }
    }

    @Override
    public boolean remove(K network, int prefixLength) {
        Objects.requireNonNull(network, "network must not be null");
        if (prefixLength < 0 || prefixLength > addresses.bits()) return false;
        return map.delete(key(network, prefixLength).key);
    }

    /**
     * A snapshot of the stored prefixes (each network with its bits past the length zero) and their
     * values, in the kernel's order (more specific prefixes first).
     */
    public Map<Prefix<K>, V> entries() {
        Map<Prefix<K>, V> out = new LinkedHashMap<>();
        MapBuffers b = buffers.get();
        MemorySegment from = null;
        while (map.nextKey(from, b.next)) {
            MemorySegment.copy(b.next, 0, b.key, 0, map.keySize());
            int length = b.key.get(ValueLayout.JAVA_INT, 0);
            byte[] data = b.key.asSlice(Integer.BYTES, addresses.size()).toArray(ValueLayout.JAVA_BYTE);
            // looked up with its own length, a prefix finds itself (nothing longer qualifies); one
            // deleted since the walk's last step may find a shorter prefix or nothing: a snapshot's race
            if (b.calls.lookup()) {
                out.put(new Prefix<>(addresses.address(LpmAddresses.masked(data, length)), length), values.read(b.value, 0));
            }
            from = b.key;
        }
        return out;
    }

    private MapBuffers key(K address, int prefixLength) {
        MapBuffers b = buffers.get();
        b.key.set(ValueLayout.JAVA_INT, 0, prefixLength);
        MemorySegment.copy(addresses.bytes(address), 0, b.key, ValueLayout.JAVA_BYTE, Integer.BYTES, addresses.size());
        return b;
    }

    @Override
    public String toString() {
        return "KernelLpmTrie " + map.name();
    }
}
