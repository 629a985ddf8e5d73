package dev.ebpf4j.processor.frontend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Arrays passed to inlined methods: the parameter names the caller's array, as Java passes the reference. Bodies start on line 9. */
class ArrayParametersTest {
    private static final String MEMBERS = "record R(@Size(4) byte[] b, int n) {}"
            + " @MapDef(maxEntries = 4) static final BpfHashMap<Integer, R> vm = new BpfHashMap<>();"
            + " static int sum(byte[] a) { int s = 0; for (byte b : a) s += b; return s; }"
            + " static void fill(int[] a, int v) { for (int i = 0; i < a.length; i++) a[i] = v + i; }"
            + " static int at(int[] a, int i) { return i >= 0 && i < a.length ? a[i] : -1; }"
            + " static void zero(byte[] a) { a[0] = 0; } static int firstPlus(byte[] a, int x) { return a[0] + x; }";

    @Test
    void theParameterIsTheCallersArrayWithItsOwnLength() {
        String ir = Compiler.xdp(MEMBERS, """
                int[] a = new int[4];
                fill(a, 7);
                int[] b = new int[8];
                fill(b, 1);
                return at(a, ctx.length()) + at(b, 2) > 0 ? XdpAction.DROP : XdpAction.PASS;""").ir("run");
        assertTrue(ir.contains("a[i] = (v + i)"), ir);
        assertTrue(ir.contains("b[i_1] = (v_1 + i_1)"), ir);
        assertTrue(ir.contains("i_1 < 8"), ir);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "R r = vm.get(1); int s = r == null ? 0 : sum(r.b()); return XdpAction.PASS;",
            "int s = sum(new byte[] {1, 2, 3}); return XdpAction.PASS;",
            "byte[] a = new byte[4]; zero(a); int s = sum(a); return XdpAction.PASS;",
            "R r = new R(new byte[4], 1); int s = firstPlus(r.b(), vm.containsKey(2) ? 1 : 0); return XdpAction.PASS;",
    })
    void accepted(String body) {
        Compiler.xdp(MEMBERS, body).unit();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
            "R r = vm.get(1); if (r != null) zero(r.b()); return XdpAction.PASS; # 9 # 41 # the elements of r.b() cannot be assigned through parameter 'a'",
    })
    void rejected(String body, long line, long column, String message) {
        Compiler.xdp(MEMBERS, body).assertError(line, column, message);
    }
}
