package dev.ebpf4j.processor.frontend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** For-each over arrays: a counted loop over the constant length, and the errors for other sources. Bodies start on line 9. */
class ForEachTest {
    private static final String MEMBERS = "record K(@Size(4) byte[] addr, int n) {}"
            + " @MapDef(maxEntries = 4) static final BpfHashMap<Integer, K> m = new BpfHashMap<>();"
            + " static int sum(K k) { int s = 0; for (byte b : k.addr()) s += b; return s; }";

    @Test
    void aForEachIsALoopOverTheLengthWithTheElementReadAtItsStart() {
        String ir = Compiler.xdp(MEMBERS, """
                byte[] a = new byte[4];
                int s = 0;
                for (int x : a) s += x;
                return s > 0 ? XdpAction.DROP : XdpAction.PASS;""").ir("run");
        assertTrue(ir.contains("int x_index = 0"), ir);
        assertTrue(ir.contains("x_index < 4"), ir);
        assertTrue(ir.contains("int x = (int) a[x_index]"), ir);
        assertTrue(ir.contains("x_index = (x_index + 1)"), ir);
    }

    @Test
    void aRecordTheBodyReplacesIsIteratedOverACopy() {
        String ir = Compiler.xdp(MEMBERS, """
                K k = new K(new byte[4], 1);
                int s = 0;
                for (byte b : k.addr()) { s += b; k = new K(new byte[4], s); }
                return s > 0 ? XdpAction.DROP : XdpAction.PASS;""").ir("run");
        assertTrue(ir.contains("byte[4] addr_copy = addr"), ir);
        assertTrue(ir.contains("byte b = addr_copy[b_index]"), ir);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "byte[] a = new byte[4]; int s = 0; for (byte b : a) { if (b == 0) continue; s += b; if (s > 9) break; } return XdpAction.PASS;",
            "long[] a = {1, 2, 3}; long s = 0; outer: for (long x : a) { for (long y : a) { if (x == y) continue outer; s += x * y; } } return XdpAction.PASS;",
            "K k = m.get(1); int s = 0; if (k != null) for (var b : k.addr()) s += b; return XdpAction.PASS;",
            "int s = sum(new K(new byte[4], 1)); for (char c : new char[] {'a', 'b'}) s += c; return XdpAction.PASS;",
            "int[] a = new int[8]; int s = 0; for (final int x : a) { int y = x; s += y; } return XdpAction.PASS;",
            "Ethernet eth = ctx.ethernet(); if (eth == null) return XdpAction.PASS; int s = 0; for (byte b : new byte[2]) s += eth.etherType(); return XdpAction.PASS;",
    })
    void accepted(String body) {
        Compiler.xdp(MEMBERS, body).unit();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
            "int s = 0; for (int x : java.util.List.of(1, 2)) s += x; return XdpAction.PASS; # 9 # 42 # for-each over a java.util.List<java.lang.Integer> is not supported",
            "int s = 0; for (Byte b : new byte[2]) s += b; return XdpAction.PASS; # 9 # 22 # a for-each variable of type java.lang.Byte is not supported",
            "Ethernet eth = ctx.ethernet(); int s = 0; for (byte b : new byte[2]) { s += eth.etherType(); eth = ctx.ethernet(); } return XdpAction.PASS; # 9 # 77 # 'eth' may be null",
    })
    void rejected(String body, long line, long column, String message) {
        Compiler.xdp(MEMBERS, body).assertError(line, column, message);
    }
}
