package dev.ebpf4j.program.maps;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A longest-prefix-match trie ({@code BPF_MAP_TYPE_LPM_TRIE}) of at most {@link MapDef#maxEntries()}
 * prefixes, for routing tables and address classifiers. The compiler creates it with
 * {@code BPF_F_NO_PREALLOC}, which the kernel requires of LPM tries.
 *
 * <pre>{@code
 * record Ipv6Address(long high, long low) {}
 *
 * @MapDef(maxEntries = 1024)
 * static final BpfLpmTrie<Integer, Integer> zones = new BpfLpmTrie<>();
 * @MapDef(maxEntries = 1024)
 * static final BpfLpmTrie<Ipv6Address, Integer> zones6 = new BpfLpmTrie<>();
 *
 * // user space: zones.put(0x0A000000, 8, 1);   a program: Integer zone = zones.get(ipv4.source());
 * }</pre>
 *
 * <p>Replacing the value of a stored prefix succeeds in a full trie, as it does in kernels with
 * the in-place update fix of the LPM trie (6.14, and stable kernels it was backported to); older
 * kernels refuse it ({@code ENOSPC}) when the trie is full, and so {@code put} is false there.
 */
public final class BpfLpmTrie<K, V> implements LpmTrie<K, V> {
    private final Declaration declaration = Declaration.ofCaller();
    /** By the prefix with its bits past the length cleared: one entry per prefix, as in the kernel. */
    private final LinkedHashMap<Key, V> entries = new LinkedHashMap<>();
    private LpmAddresses<K> addresses;

    /** An empty trie, sized by the {@link MapDef} of the field it initialises. */
    public BpfLpmTrie() {
    }

    @SuppressWarnings("unchecked")
    private LpmAddresses<K> addresses() {
        declaration.resolve(this);
        if (addresses == null) addresses = LpmAddresses.of((Class<K>) declaration.keyType(), declaration.name());
        return addresses;
    }

    @Override
    public synchronized V get(K address) {
        LpmAddresses<K> a = addresses();
        byte[] bytes = a.bytes(Objects.requireNonNull(address, "address must not be null"));
        for (int length = a.bits(); length >= 0; length--) {
            V value = entries.get(new Key(LpmAddresses.masked(bytes, length), length));
            if (value != null) return value;
        }
        return null;
    }

    @Override
    public synchronized boolean containsKey(K address) {
        return get(address) != null;
    }

    @Override
    public synchronized boolean put(K network, int prefixLength, V value) {
        LpmAddresses<K> a = addresses();
        Objects.requireNonNull(network, "network must not be null");
        Objects.requireNonNull(value, "value must not be null");
        if (prefixLength < 0 || prefixLength > a.bits()) return false;
        Key key = new Key(LpmAddresses.masked(a.bytes(network), prefixLength), prefixLength);
        if (!entries.containsKey(key) && entries.size() >= declaration.maxEntries()) return false;
        entries.put(key, value);
        return true;
    }

    @Override
    public synchronized boolean remove(K network, int prefixLength) {
        LpmAddresses<K> a = addresses();
        Objects.requireNonNull(network, "network must not be null");
        if (prefixLength < 0 || prefixLength > a.bits()) return false;
        return entries.remove(new Key(LpmAddresses.masked(a.bytes(network), prefixLength), prefixLength)) != null;
    }

    /** The number of stored prefixes. */
    public synchronized int size() {
        return entries.size();
    }

    /** A copy of the entries, in insertion order. */
    public synchronized Map<Prefix<K>, V> entries() {
        LpmAddresses<K> a = addresses();
        Map<Prefix<K>, V> copy = new LinkedHashMap<>();
        entries.forEach((key, value) -> copy.put(new Prefix<>(a.address(key.bytes()), key.length()), value));
        return copy;
    }

    /** Removes every prefix; for tests between runs. */
    public synchronized void clear() {
        entries.clear();
    }

    @Override
    public String toString() {
        declaration.resolve(this);
        return "BpfLpmTrie " + declaration.name();
    }

    /** A prefix as a map key: the masked address bytes (compared by content) and the length. */
    private record Key(byte[] bytes, int length) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.length == length && java.util.Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Arrays.hashCode(bytes) + length;
        }
    }
}
