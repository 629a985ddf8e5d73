package dev.ebpf4j.program.maps;

/**
 * A longest-prefix-match table: values stored under network prefixes (an address and how many of
 * its leading bits count), looked up by a full address. Not an {@link EbpfMap}: an entry is named
 * by a prefix, so {@link #put} and {@link #remove} take a prefix length as well.
 *
 * <p>An address is the key type's components in order, each in network byte order (big-endian),
 * packed: prefixes match from the most significant bit of the first component, so an {@code int}
 * holding {@code 0x0A000000} with length 8 is the network 10.0.0.0/8. Bits past the prefix length
 * do not matter: {@code put(0x0A010203, 8, v)} stores the same entry as {@code put(0x0A000000, 8, v)}.
 *
 * <p>A prefix length outside {@code 0..bits} (bits: 8 times the address's size) is refused as the
 * kernel refuses it ({@code EINVAL}): {@code put} and {@code remove} return false.
 *
 * @param <K> the address: {@code Integer}, {@code Long}, {@code Short}, {@code Byte} or a record
 *     of integral components (e.g. {@code record Ipv6Address(long high, long low)})
 * @param <V> the value: a boxed primitive or a record of primitives
 */
public interface LpmTrie<K, V> {
    /** The value of the longest stored prefix that contains {@code address}, or {@code null} if none does. */
    V get(K address);

    /** The value of the longest stored prefix that contains {@code address}, or {@code fallback}. */
    default V getOrDefault(K address, V fallback) {
        V value = get(address);
        return value != null ? value : fallback;
    }

    /** True if a stored prefix contains {@code address}. */
    boolean containsKey(K address);

    /**
     * Stores {@code value} under the prefix {@code network/prefixLength}, replacing the value of
     * that prefix if stored; false if the trie is full and the prefix new, or the length is outside
     * {@code 0..bits}.
     */
    boolean put(K network, int prefixLength, V value);

    /** Removes exactly the prefix {@code network/prefixLength}; true if it was stored. */
    boolean remove(K network, int prefixLength);

    /**
     * A stored prefix: the network with every bit past {@code length} zero, and the length.
     *
     * @param <K> the address type
     */
    record Prefix<K>(K network, int length) {
        /**
         * The prefix as people write it: {@code 10.0.0.0/8} for a 4-byte address,
         * {@code 2001:db8::/32} for a 16-byte one, the address's hex bytes for other sizes.
         */
        @Override
        public String toString() {
            @SuppressWarnings("unchecked")
            Class<K> type = (Class<K>) network.getClass();
            byte[] bytes = LpmAddresses.of(type, "prefix").bytes(network);
            return switch (bytes.length) {
                case 4 -> (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff)
                        + "/" + length;
                case 16 -> ipv6(bytes) + "/" + length;
                default -> java.util.HexFormat.of().formatHex(bytes) + "/" + length;
            };
        }

        /** RFC 5952's form: lower-case groups without leading zeros, the longest run of two or more zero groups as "::". */
        private static String ipv6(byte[] bytes) {
            int[] groups = new int[8];
            for (int g = 0; g < 8; g++) groups[g] = (bytes[2 * g] & 0xff) << 8 | (bytes[2 * g + 1] & 0xff);
            int bestStart = -1;
            int bestLength = 1;
            for (int g = 0; g < 8; ) {
                int end = g;
                while (end < 8 && groups[end] == 0) end++;
                if (end - g > bestLength) {
                    bestStart = g;
                    bestLength = end - g;
                }
                g = Math.max(end, g + 1);
            }
            StringBuilder out = new StringBuilder();
            for (int g = 0; g < 8; g++) {
                if (g == bestStart) {
                    out.append("::");
                    g += bestLength - 1;
                    continue;
                }
                if (out.length() > 0 && out.charAt(out.length() - 1) != ':') out.append(':');
                out.append(Integer.toHexString(groups[g]));
            }
            return out.toString();
        }
    }
}
