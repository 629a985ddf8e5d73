package dev.ebpf4j.maps.typed;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.types.MapType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code LPM_TRIE} keyed by IPv4 or IPv6 prefixes. The key is {@code struct { __u32 prefixlen;
 * __u8 addr[4 or 16]; }}: the length in host order, the address in network order. {@link #lookup}
 * finds the longest stored prefix containing an address.
 *
 * <pre>{@code
 * try (BpfMap map = BpfMap.create(LpmTrieView.ipv4Spec(4, 1024))) {
 *     var routes = LpmTrieView.of(map, Codec.u32());
 *     routes.put(InetAddress.getByName("10.0.0.0"), 8, 1);
 *     routes.lookup(InetAddress.getByName("10.1.2.3"));  // 1
 * }
 * }</pre>
 */
public final class LpmTrieView<V> extends TypedView {
    private final Codec<V> values;
    private final int addressBytes;

    /** A stored prefix: the network address and how many leading bits count. */
    public record Prefix(InetAddress address, int length) {}

    private LpmTrieView(BpfMap map, Codec<V> values) {
        super(map, "LpmTrieView", MapType.LPM_TRIE);
        addressBytes = map.keySize() - Integer.BYTES;
        if (addressBytes != 4 && addressBytes != 16) {
            throw new IllegalArgumentException("map '" + map.name() + "': keys are " + map.keySize()
                    + " bytes; an IP prefix key is 8 (IPv4) or 20 (IPv6)");
        }
        checkSize(map, "value", values, map.valueSize());
        this.values = values;
    }

    public static <V> LpmTrieView<V> of(BpfMap map, Codec<V> values) {
        return new LpmTrieView<>(map, values);
    }

    /** An IPv4 prefix trie; LPM tries must be created with {@link MapSpec#F_NO_PREALLOC}, which this sets. */
    public static MapSpec ipv4Spec(int valueSize, int maxEntries) {
        return MapSpec.of(MapType.LPM_TRIE, Integer.BYTES + 4, valueSize, maxEntries).withFlags(MapSpec.F_NO_PREALLOC);
    }

    /** An IPv6 prefix trie, with {@link MapSpec#F_NO_PREALLOC} set. */
    public static MapSpec ipv6Spec(int valueSize, int maxEntries) {
        return MapSpec.of(MapType.LPM_TRIE, Integer.BYTES + 16, valueSize, maxEntries).withFlags(MapSpec.F_NO_PREALLOC);
    }

    /** Stores {@code value} for the prefix {@code network/length}. */
    public void put(InetAddress network, int length, V value) {
        Scratch s = scratch();
        writeKey(s.key, network, length);
        values.write(value, s.value, 0);
        map.update(s.key, s.value);
    }

    /** The value of the longest stored prefix containing {@code address}, or null if none does. */
    public V lookup(InetAddress address) {
        Scratch s = scratch();
        writeKey(s.key, address, addressBytes * 8);
        return map.lookup(s.key, s.value) ? values.read(s.value, 0) : null;
    }

    /** Deletes exactly the prefix {@code network/length}; true if it was stored. */
    public boolean remove(InetAddress network, int length) {
        Scratch s = scratch();
        writeKey(s.key, network, length);
        return map.delete(s.key);
    }

    /** Every stored prefix, in the kernel's order. */
    public List<Prefix> prefixes() {
        List<Prefix> out = new ArrayList<>();
        forEachKey(k -> out.add(new Prefix(address(k.asSlice(Integer.BYTES, addressBytes).toArray(ValueLayout.JAVA_BYTE)),
                k.get(ValueLayout.JAVA_INT, 0))));
        return out;
    }

    private void writeKey(MemorySegment key, InetAddress address, int length) {
        byte[] bytes = address.getAddress();
        if (bytes.length != addressBytes) {
            throw new IllegalArgumentException("map '" + map.name() + "': " + address + " is not an IPv" + (addressBytes == 4 ? 4 : 6)
                    + " address");
        }
        if (length < 0 || length > addressBytes * 8) {
            throw new IllegalArgumentException("map '" + map.name() + "': prefix length " + length + " outside 0.." + addressBytes * 8);
        }
        key.set(ValueLayout.JAVA_INT, 0, length);
        MemorySegment.copy(bytes, 0, key, ValueLayout.JAVA_BYTE, Integer.BYTES, bytes.length);
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // only thrown for lengths other than 4 and 16
        }
    }
}
