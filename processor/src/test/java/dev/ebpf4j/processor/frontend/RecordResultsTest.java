package dev.ebpf4j.processor.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A method of the program that returns a record is inlined with one result local per field, which
 * the caller's variable takes over: shared key-building code, written once, costs no copy.
 */
class RecordResultsTest {
    private static final String KEY = """
            record Key(long a, long b, int port) {}
            @MapDef(maxEntries = 16) static final BpfHashMap<Key, Long> counts = new BpfHashMap<>();
            static Key keyOf(Ipv4 ip, Tcp tcp, boolean swap) {
                if (swap) return new Key(ip.destination(), ip.source(), tcp.destinationPort());
                return new Key(ip.source(), ip.destination(), tcp.sourcePort());
            }
            """;

    private static final String PARSE = """
            Ethernet eth = ctx.ethernet();
            if (eth == null) return XdpAction.PASS;
            Ipv4 ip = eth.ipv4();
            if (ip == null) return XdpAction.PASS;
            Tcp tcp = ip.tcp();
            if (tcp == null) return XdpAction.PASS;
            """;

    @Test
    void eachReturnAssignsTheResultFieldsAndTheVariableTakesThemOver() {
        String ir = Compiler.xdp(KEY, PARSE + """
                Key key = keyOf(ip, tcp, tcp.syn());
                counts.increment(key);
                return key.port() == 80 ? XdpAction.DROP : XdpAction.PASS;
                """).ir("run");
        assertTrue(ir.contains("keyOf_result_a = (long) IPV4_DESTINATION(ip"), ir);
        assertTrue(ir.contains("keyOf_result_port = TCP_SOURCE_PORT(tcp"), ir);
        assertTrue(ir.contains("counts.INCREMENT(P_Key{keyOf_result_a, keyOf_result_b, keyOf_result_port}, 1L)"), ir);
        assertFalse(ir.contains("key_a"), "no copy into the variable's own locals:\n" + ir);
        // declared and set by each return, never tested: a record built with new is known present
        assertEquals(3, ir.split("keyOf_result_present", -1).length - 1, ir);
    }

    @Test
    void aRecordPassedStraightToAMapCallNeedsNoVariable() {
        String ir = Compiler.xdp(KEY, PARSE + """
                counts.increment(keyOf(ip, tcp, false));
                return XdpAction.PASS;
                """).ir("run");
        assertTrue(ir.contains("counts.INCREMENT(P_Key{keyOf_result_a, keyOf_result_b, keyOf_result_port}, 1L)"), ir);
    }

    @Test
    void aMethodThatMayReturnNullNeedsANullCheckBeforeItsFieldsAreRead() {
        Compiler.Result result = Compiler.xdp(KEY + """
                static Key maybe(Ipv4 ip, Tcp tcp) {
                    if (tcp.syn()) return null;
                    return new Key(ip.source(), ip.destination(), tcp.sourcePort());
                }
                """, PARSE + """
                Key key = maybe(ip, tcp);
                return key.port() == 80 ? XdpAction.DROP : XdpAction.PASS;
                """);
        assertEquals(1, result.errors().size(), result.errorText());
        assertTrue(result.errorText().contains("null"), result.errorText());

        String checked = Compiler.xdp(KEY + """
                static Key maybe(Ipv4 ip, Tcp tcp) {
                    if (tcp.syn()) return null;
                    return new Key(ip.source(), ip.destination(), tcp.sourcePort());
                }
                """, PARSE + """
                Key key = maybe(ip, tcp);
                if (key == null) return XdpAction.ABORTED;
                return key.port() == 80 ? XdpAction.DROP : XdpAction.PASS;
                """).ir("run");
        assertTrue(checked.contains("maybe_result_present = false"), checked);
    }

    @Test
    void aRecordReturnedFromANoInlineMethodIsRefusedOnceWithTheWayOut() {
        Compiler.Result result = Compiler.xdp(KEY.replace("static Key keyOf", "@NoInline static Key keyOf"), PARSE + """
                counts.increment(keyOf(ip, tcp, false));
                return XdpAction.PASS;
                """);
        assertEquals(1, result.errors().size(), result.errorText());
        assertTrue(result.errorText().contains("drop its @NoInline"), result.errorText());
    }

    @Test
    void aRecordWithAnArrayComponentIsRefusedWithTheWayOut() {
        Compiler.Result result = Compiler.xdp("""
                record Name(@Size(4) byte[] bytes, int length) {}
                @MapDef(maxEntries = 4) static final BpfHashMap<Integer, Name> names = new BpfHashMap<>();
                static Name empty() { return new Name(new byte[4], 0); }
                """, """
                names.put(1, empty());
                return XdpAction.PASS;
                """);
        assertEquals(1, result.errors().size(), result.errorText());
        assertTrue(result.errorText().contains("array component"), result.errorText());
    }
}
