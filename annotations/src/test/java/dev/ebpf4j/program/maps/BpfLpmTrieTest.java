package dev.ebpf4j.program.maps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BpfLpmTrieTest {
    record Ipv6Address(long high, long low) {
    }

    record Odd(byte tag, int address) {
    }

    @MapDef(maxEntries = 3)
    static final BpfLpmTrie<Integer, Integer> zones = new BpfLpmTrie<>();

    @MapDef(maxEntries = 8)
    static final BpfLpmTrie<Ipv6Address, Long> zones6 = new BpfLpmTrie<>();

    @MapDef(maxEntries = 8)
    static final BpfLpmTrie<Odd, Short> odd = new BpfLpmTrie<>();

    @MapDef(maxEntries = 8)
    static final BpfLpmTrie<Long, Integer> wide = new BpfLpmTrie<>();

    @AfterEach
    void reset() {
        zones.clear();
        zones6.clear();
        odd.clear();
        wide.clear();
    }

    @Test
    void theLongestContainingPrefixWins() {
        assertTrue(zones.put(0x0A000000, 8, 1));
        assertTrue(zones.put(0x0A010000, 16, 2));
        assertTrue(zones.put(0, 0, 9));
        assertEquals(2, zones.get(0x0A010203));
        assertEquals(1, zones.get(0x0A020203));
        assertEquals(9, zones.get(0xC0A80001));
        assertTrue(zones.containsKey(0x01020304));
        assertTrue(zones.remove(0, 0));
        assertNull(zones.get(0xC0A80001));
        assertFalse(zones.containsKey(0xC0A80001));
        assertEquals(-1, zones.getOrDefault(0xC0A80001, -1));
    }

    @Test
    void bitsPastThePrefixNameTheSameEntry() {
        assertTrue(zones.put(0x0A010203, 8, 1));
        assertTrue(zones.put(0x0AFFFFFF, 8, 2));
        assertEquals(1, zones.size());
        assertEquals(Map.of(new LpmTrie.Prefix<>(0x0A000000, 8), 2), zones.entries());
        assertTrue(zones.remove(0x0A7F0000, 8));
        assertEquals(0, zones.size());
    }

    @Test
    void aFullTrieRefusesNewPrefixesButReplacesStoredOnes() {
        assertTrue(zones.put(0x0A000000, 8, 1));
        assertTrue(zones.put(0x0B000000, 8, 2));
        assertTrue(zones.put(0x0C000000, 8, 3));
        assertFalse(zones.put(0x0D000000, 8, 4));
        assertFalse(zones.put(0x0A000000, 9, 4), "the same address with another length is another prefix");
        assertTrue(zones.put(0x0A000000, 8, 5));
        assertEquals(5, zones.get(0x0A000001));
    }

    @Test
    void prefixLengthsOutsideTheAddressAreRefused() {
        assertFalse(zones.put(0, -1, 1));
        assertFalse(zones.put(0, 33, 1));
        assertTrue(zones.put(0x01020304, 32, 1));
        assertFalse(zones.remove(0x01020304, 33));
        assertFalse(zones.remove(0x01020304, -1));
        assertTrue(zones6.put(new Ipv6Address(0, 0), 128, 1L));
        assertFalse(zones6.put(new Ipv6Address(0, 0), 129, 1L));
    }

    @Test
    void recordAddressesAreTheirComponentsBigEndianInOrder() {
        // 2001:db8::/32
        assertTrue(zones6.put(new Ipv6Address(0x20010DB8_00000000L, 0), 32, 1L));
        assertTrue(zones6.put(new Ipv6Address(0x20010DB8_00000000L, 0x1L << 63), 65, 2L));
        assertEquals(1L, zones6.get(new Ipv6Address(0x20010DB8_12345678L, 1)));
        assertEquals(2L, zones6.get(new Ipv6Address(0x20010DB8_00000000L, -1)));
        assertEquals(1L, zones6.get(new Ipv6Address(0x20010DB8_00000000L, 1)));
        assertNull(zones6.get(new Ipv6Address(0x20010DB9_00000000L, 0)));
        assertEquals(Map.of(new LpmTrie.Prefix<>(new Ipv6Address(0x20010DB8_00000000L, 0), 32), 1L,
                new LpmTrie.Prefix<>(new Ipv6Address(0x20010DB8_00000000L, 0x1L << 63), 65), 2L), zones6.entries());
    }

    @Test
    void componentsArePackedWithoutPadding() {
        LpmAddresses<Odd> a = LpmAddresses.of(Odd.class, "odd");
        assertEquals(5, a.size());
        assertArrayEquals(new byte[] {7, 1, 2, 3, 4}, a.bytes(new Odd((byte) 7, 0x01020304)));
        assertEquals(new Odd((byte) -1, -2), a.address(a.bytes(new Odd((byte) -1, -2))));
        assertTrue(odd.put(new Odd((byte) 7, 0), 12, (short) 1));
        assertEquals((short) 1, odd.get(new Odd((byte) 7, 0x0FFFFFFF)));
        assertNull(odd.get(new Odd((byte) 7, 0x10000000)));
    }

    @Test
    void addressTypesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> LpmAddresses.of(String.class, "m"));
        assertThrows(IllegalArgumentException.class, () -> LpmAddresses.of(Boolean.class, "m"));
        record WithChar(char c) {
        }
        assertThrows(IllegalArgumentException.class, () -> LpmAddresses.of(WithChar.class, "m"));
    }

    @Test
    void nullsAreRefused() {
        assertThrows(NullPointerException.class, () -> zones.get(null));
        assertThrows(NullPointerException.class, () -> zones.put(null, 1, 1));
        assertThrows(NullPointerException.class, () -> zones.put(1, 1, null));
    }

    @Property(tries = 200)
    void maskingKeepsExactlyTheLeadingBits(@ForAll long address, @ForAll @IntRange(min = 0, max = 64) int length) {
        LpmAddresses<Long> a = LpmAddresses.of(Long.class, "wide");
        long expected = length == 0 ? 0 : address & (-1L << (64 - length));
        assertEquals(expected, a.address(LpmAddresses.masked(a.bytes(address), length)));
    }

    @Property(tries = 200)
    void lookupAgreesWithALinearScan(@ForAll long address, @ForAll long network, @ForAll @IntRange(min = 0, max = 64) int length) {
        wide.clear();
        wide.put(network, length, length);
        wide.put(network, Math.max(0, length - 3), 100);
        long mask = length == 0 ? 0 : -1L << (64 - length);
        long shortMask = Math.max(0, length - 3) == 0 ? 0 : -1L << (64 - Math.max(0, length - 3));
        Integer expected = (address & mask) == (network & mask) ? Integer.valueOf(length)
                : (address & shortMask) == (network & shortMask) ? Integer.valueOf(100) : null;
        if (Math.max(0, length - 3) == length) expected = (address & mask) == (network & mask) ? 100 : null;
        assertEquals(expected, wide.get(address));
    }

    @Test
    void prefixesPrintAsPeopleWriteThem() {
        assertEquals("10.0.0.0/8", new LpmTrie.Prefix<>(0x0A000000, 8).toString());
        assertEquals("192.168.1.0/24", new LpmTrie.Prefix<>(0xC0A80100, 24).toString());
        assertEquals("2001:db8::/32", new LpmTrie.Prefix<>(new Ipv6Address(0x20010DB800000000L, 0), 32).toString());
        assertEquals("::/0", new LpmTrie.Prefix<>(new Ipv6Address(0, 0), 0).toString());
        assertEquals("fe80::1/128", new LpmTrie.Prefix<>(new Ipv6Address(0xFE80000000000000L, 1), 128).toString());
        assertEquals("2001:db8:0:1:1:1:1:1/128", new LpmTrie.Prefix<>(new Ipv6Address(0x20010DB800000001L, 0x0001000100010001L), 128).toString());
        assertEquals("2001:0:0:1::1/128", new LpmTrie.Prefix<>(new Ipv6Address(0x2001000000000001L, 1), 128).toString());
        assertEquals("0a00/16", new LpmTrie.Prefix<>((short) 0x0A00, 16).toString());
    }
}
