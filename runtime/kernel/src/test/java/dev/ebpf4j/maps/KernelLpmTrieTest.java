package dev.ebpf4j.maps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.program.maps.BpfLpmTrie;
import dev.ebpf4j.program.maps.LpmTrie;
import dev.ebpf4j.program.maps.MapDef;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.types.MapType;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelLpmTrie} against the JVM's {@link BpfLpmTrie}: the same operations give the same
 * results (full tries, lengths out of range, bits past the prefix, exact removal) and the same
 * prefixes, and the key bytes are those every other LPM user writes.
 */
@RequiresBpf
class KernelLpmTrieTest {
    record Ipv6Address(long high, long low) {}

    @MapDef(maxEntries = 3)
    static final BpfLpmTrie<Integer, Long> SMALL = new BpfLpmTrie<>();
    @MapDef(maxEntries = 12)
    static final BpfLpmTrie<Ipv6Address, Integer> WIDE = new BpfLpmTrie<>();

    @BeforeEach
    void bpf() {
        SMALL.clear();
        WIDE.clear();
    }

    private static MapHandle trie(int keySize, int valueSize, int maxEntries) {
        return MapHandle.create(MapSpec.of(MapType.LPM_TRIE, keySize, valueSize, maxEntries).withFlags(MapSpec.F_NO_PREALLOC)
                .withName("lpm"));
    }

    @Test
    void theKernelAgreesOnLookupsLimitsAndListing() {
        try (MapHandle map = trie(8, 8, 3)) {
            KernelLpmTrie<Integer, Long> kernel = KernelMaps.lpmTrie(map, Integer.class, Long.class);
            for (LpmTrie<Integer, Long> trie : List.<LpmTrie<Integer, Long>>of(SMALL, kernel)) {
                String side = trie.toString();
                assertTrue(trie.put(0x0A010203, 8, 1L), side);
                assertTrue(trie.put(0x0A010000, 16, 2L), side);
                assertEquals(2L, trie.get(0x0A01FFFF), side);
                assertEquals(1L, trie.get(0x0AFF0000), side);
                assertNull(trie.get(0x0B000000), side);
                assertFalse(trie.containsKey(0x0B000000), side);
                assertTrue(trie.containsKey(0x0A000000), side);
                assertFalse(trie.put(0, 33, 3L), side + ": a length past the address");
                assertFalse(trie.put(0, -1, 3L), side + ": a negative length");
                assertFalse(trie.remove(0, 33), side);
                assertFalse(trie.remove(0x0A010000, 15), side + ": only the exact prefix is removed");
                assertTrue(trie.put(0, 0, 9L), side);
                assertFalse(trie.put(0x0C000000, 8, 4L), side + ": full");
                assertEquals(9L, trie.get(0x0C000001), side);
            }
            assertEquals(SMALL.entries(), kernel.entries());
            assertEquals(Map.of(new LpmTrie.Prefix<>(0x0A000000, 8), 1L, new LpmTrie.Prefix<>(0x0A010000, 16), 2L,
                    new LpmTrie.Prefix<>(0, 0), 9L), kernel.entries(), "networks without the bits past their length");
            // replacing a stored prefix needs no room on the JVM and in kernels since 6.14
            assertTrue(SMALL.put(0x0A000000, 8, 5L));
            if (kernel.put(0x0AFFFFFF, 8, 5L)) {
                assertEquals(SMALL.entries(), kernel.entries());
            } else {
                assertTrue(olderThan(6, 14), "only kernels before 6.14 refuse replacing in a full trie");
            }
        }
    }

    @Test
    void keysAreTheLengthThenTheAddressBigEndianAsCWritesThem() {
        try (MapHandle map = trie(8, 4, 4)) {
            KernelLpmTrie<Integer, Integer> kernel = KernelMaps.lpmTrie(map, Integer.class, Integer.class);
            assertTrue(kernel.put(0xC0A80100, 24, 7));
            assertArrayEquals(new byte[] {24, 0, 0, 0, (byte) 192, (byte) 168, 1, 0}, map.keys().getFirst());
            // struct { __u32 prefixlen; __u8 addr[4]; } { 8, {10, 0, 0, 0} } as a C program or bpftool writes it
            map.update(new byte[] {8, 0, 0, 0, 10, 0, 0, 0}, new byte[] {3, 0, 0, 0});
            assertEquals(3, kernel.get(0x0A0A0A0A));
            assertEquals(7, kernel.get(0xC0A8014D));
        }
    }

    @Test
    void randomOperationsOnRecordAddressesAgree() {
        try (MapHandle map = trie(20, 4, 12)) {
            KernelLpmTrie<Ipv6Address, Integer> kernel = KernelMaps.lpmTrie(map, Ipv6Address.class, Integer.class);
            Random random = new Random(7);
            long[] highs = {0x20010DB800000000L, 0x20010DB800010000L, 0xFE80000000000000L, 0, -1};
            for (int step = 0; step < 400; step++) {
                Ipv6Address address = new Ipv6Address(highs[random.nextInt(highs.length)] | random.nextInt(4),
                        random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(4));
                int length = random.nextInt(10) == 0 ? 129 + random.nextInt(3) : random.nextInt(129);
                String what = "step " + step + ": " + address + "/" + length;
                switch (random.nextInt(4)) {
                    case 0 -> assertEquals(WIDE.get(address), kernel.get(address), what);
                    case 1 -> assertEquals(WIDE.containsKey(address), kernel.containsKey(address), what);
                    case 2 -> {
                        if (WIDE.size() < 12) assertEquals(WIDE.put(address, length, step), kernel.put(address, length, step), what);
                    }
                    default -> assertEquals(WIDE.remove(address, length), kernel.remove(address, length), what);
                }
            }
            assertEquals(WIDE.entries(), kernel.entries());
            assertFalse(kernel.entries().isEmpty());
        }
    }

    @Test
    void mapsOfAnotherShapeAreRefusedNamingThem() {
        try (MapHandle map = trie(8, 4, 4)) {
            var e = assertThrows(IllegalArgumentException.class, () -> KernelMaps.lpmTrie(map, Long.class, Integer.class));
            assertTrue(e.getMessage().startsWith("map 'lpm': keys are 8 bytes in the kernel, a 8-byte address makes 12"),
                    e.getMessage());
            var value = assertThrows(IllegalArgumentException.class, () -> KernelMaps.lpmTrie(map, Integer.class, Long.class));
            assertTrue(value.getMessage().startsWith("map 'lpm': values are 4 bytes in the kernel"), value.getMessage());
        }
        try (MapHandle hash = MapHandle.create(MapSpec.of(MapType.HASH, 8, 4, 4).withName("hash"))) {
            var e = assertThrows(IllegalArgumentException.class, () -> KernelMaps.lpmTrie(hash, Integer.class, Integer.class));
            assertEquals("KernelMaps.lpmTrie: map 'hash' is a HASH map; this view takes [LPM_TRIE]", e.getMessage());
        }
    }

    private static boolean olderThan(int major, int minor) {
        String[] release = System.getProperty("os.version").split("[.-]");
        int a = Integer.parseInt(release[0]);
        int b = Integer.parseInt(release[1]);
        return a < major || a == major && b < minor;
    }
}
