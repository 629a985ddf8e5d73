package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.LpmKeys;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * LPM tries: the key struct of a declaration, keys with their prefix length, and misuse rejected
 * where it is. Bodies start on line 12 (after the three lines of maps), column 1.
 */
class LpmTrieLoweringTest {
    private static final String MAPS = """
            record Ipv6Address(long high, long low) {}
            @MapDef(maxEntries = 16) static final BpfLpmTrie<Integer, Integer> zones = new BpfLpmTrie<>();
            @MapDef(maxEntries = 16, flags = 4) static final BpfLpmTrie<Ipv6Address, Long> zones6 = new BpfLpmTrie<>();
            """;

    private static String ir(String body) {
        return Compiler.xdp(MAPS, body + "\nreturn XdpAction.PASS;").ir("run");
    }

    @Test
    void declarationsGetThePackedKeyStructAndNoPrealloc() {
        var unit = Compiler.xdp(MAPS, "return XdpAction.PASS;").units().getFirst();
        MapDecl zones = unit.maps().get(0);
        assertEquals(MapKind.LPM_TRIE, zones.kind());
        assertEquals(1, zones.flags());
        assertEquals(new StructType("zones_lpm_key", "java.lang.Integer",
                List.of(new StructField("prefixlen", Prim.INT, 0), new StructField("address", Prim.INT, 4)), 8), zones.key());
        assertEquals(Prim.INT, zones.value());
        MapDecl zones6 = unit.maps().get(1);
        assertEquals(5, zones6.flags());
        StructType key = (StructType) zones6.key();
        assertEquals(List.of(new StructField("prefixlen", Prim.INT, 0), new StructField("high", Prim.LONG, 4),
                new StructField("low", Prim.LONG, 12)), key.fields());
        assertEquals(20, key.size());
        assertEquals(128, LpmKeys.bits(key));
        assertEquals("P$Ipv6Address", key.javaName());
    }

    @Test
    void lookupsUseTheLongestPrefixLength() {
        assertEquals("""
                *zones z_ptr = zones.LOOKUP(zones_lpm_key{32, 167772161})
                boolean z_present = !isnull(z_ptr)
                int z = 0
                if !isnull(z_ptr) {
                  z = *z_ptr
                }
                boolean found = zones6.CONTAINS_KEY(zones6_lpm_key{128, 1L, 2L})
                return 2
                """, ir("Integer z = zones.get(0x0A000001); boolean found = zones6.containsKey(new Ipv6Address(1, 2));"));
    }

    @Test
    void putAndRemoveCarryThePrefixLength() {
        assertEquals("""
                int n = 24
                boolean ok = zones.PUT(zones_lpm_key{n, 167772160}, 7)
                boolean gone = zones6.REMOVE(zones6_lpm_key{64, 1L, 0L})
                return 2
                """, ir("int n = 24; boolean ok = zones.put(0x0A000000, n, 7); boolean gone = zones6.remove(new Ipv6Address(1, 0), 64);"));
    }

    @Test
    void theNetworkIsEvaluatedBeforeALengthThatCallsAMap() {
        assertEquals("""
                int tmp = XDP_LENGTH(ctx)
                *zones value_ptr = zones.LOOKUP(zones_lpm_key{32, 1})
                boolean value_present = true
                int value = 8
                if !isnull(value_ptr) {
                  value = *value_ptr
                }
                boolean ok = zones.PUT(zones_lpm_key{value, tmp}, 1)
                return 2
                """, ir("boolean ok = zones.put(ctx.length(), zones.getOrDefault(1, 8), 1);"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "zones.put(1, 33, 1); return XdpAction.PASS;                      | 12 | 14 | prefix length 33 is outside 0..32",
            "zones.remove(1, -1); return XdpAction.PASS;                      | 12 | 17 | prefix length -1 is outside 0..32",
            "zones6.put(new Ipv6Address(0, 0), 129, 1L); return XdpAction.PASS; | 12 | 35 | outside 0..128",
            "int s = zones.size(); return XdpAction.PASS;                     | 12 | 19 | call it from user space",
            "zones.clear(); return XdpAction.PASS;                            | 12 | 12 | an LPM trie offers get, getOrDefault, containsKey, put and remove",
    })
    void misuseInABodyIsRejected(String body, long line, long column, String message) {
        Compiler.xdp(MAPS, body).assertError(line, column, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "@MapDef(maxEntries = 4) static final BpfLpmTrie<Boolean, Integer> t = new BpfLpmTrie<>(); | the address type java.lang.Boolean is not an address",
            "@MapDef(maxEntries = 4) static final BpfLpmTrie<Character, Integer> t = new BpfLpmTrie<>(); | is not an address; use Integer",
            "record A(int a, char c) {} @MapDef(maxEntries = 4) static final BpfLpmTrie<A, Integer> t = new BpfLpmTrie<>(); | record of long, int, short and byte components",
            "@MapDef(maxEntries = 4) static final BpfLpmTrie<String, Integer> t = new BpfLpmTrie<>(); | is not an address",
            "@MapDef(maxEntries = 4) static final BpfLpmTrie t = new BpfLpmTrie(); | needs its key and value types",
    })
    void badDeclarationsAreRejected(String member, String message) {
        var result = Compiler.xdp(member, "return XdpAction.PASS;");
        org.junit.jupiter.api.Assertions.assertTrue(result.errorText().contains(message), result.errorText());
        org.junit.jupiter.api.Assertions.assertTrue(result.errorText().startsWith("7:"), result.errorText());
    }
}
