package dev.ebpf4j.processor.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fixed-size arrays in the front end: what it accepts (local arrays, elements at proven indices,
 * {@code @Size} components) and the one positioned error for each misuse. Bodies start on line 9.
 */
class ArraysFrontEndTest {
    private static final String MAPS = "record R(@Size(4) byte[] b, int n) {}"
            + " @MapDef(maxEntries = 4) static final BpfHashMap<Integer, R> vm = new BpfHashMap<>();"
            + " static final int N = 4; static int first(byte[] a) { return a[0]; }";

    @Test
    void recordsLayOutArrayComponentsAsCArrays() {
        StructType r = Compiler.xdp(MAPS, "vm.put(1, new R(new byte[4], 2)); return XdpAction.PASS;").unit().structs().getFirst();
        assertEquals(new StructField("b", new ArrayType(Prim.BYTE, 4), 0), r.field("b"));
        assertEquals(new StructField("n", Prim.INT, 4), r.field("n"));
        assertEquals(8, r.size());
    }

    @Test
    void localArraysElementsAndLengthsLowerToArrayStatements() {
        String ir = Compiler.xdp(MAPS, """
                byte[] a = new byte[N];
                int x = ctx.length();
                for (int i = 0; i < a.length; i++) a[i] = (byte) (x + i);
                a[x & 3] += 2;
                a[2]++;
                int[] small = {1, 0, 3};
                vm.put(1, new R(a, a[1] + small[2] + a.length));
                return XdpAction.PASS;""").ir("run");
        assertTrue(ir.contains("byte[4] a = new byte[4]"), ir);
        assertTrue(ir.contains("a[i] = (byte) (x + i)"), ir);
        assertTrue(ir.contains("a[index] = (byte) ((int) a[index] + 2)"), ir);
        assertTrue(ir.contains("small[2] = 3"), ir);
        assertTrue(ir.contains("+ 4)"), ir);
    }

    @Test
    void aRecordReadFromAMapHasItsArrayCopiedOnceAndItsElementsRead() {
        String ir = Compiler.xdp(MAPS, """
                R r = vm.get(1);
                int sum = 0;
                if (r != null) {
                    byte[] b = r.b();
                    for (int i = 1; i <= 3; i += 2) sum += b[i] + r.b()[i - 1];
                }
                return sum > 0 ? XdpAction.DROP : XdpAction.PASS;""").ir("run");
        assertTrue(ir.contains("byte[4] r_b = new byte[4]"), ir);
        assertTrue(ir.contains("r_b = r_ptr->b"), ir);
        assertTrue(ir.contains("((int) r_b[i] + (int) r_b[(i - 1)])"), ir);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "byte[] a = new byte[4]; int i = ctx.length(); a[i] = 1; return XdpAction.PASS;           | 9 | 49 | index i may be outside the byte[4]: Java would throw",
            "byte[] a = new byte[4]; a[4] = 1; return XdpAction.PASS;                                  | 9 | 27 | index 4 is outside the byte[4] (0 to 3)",
            "byte[] a = new byte[4]; int x = a[-1]; return XdpAction.PASS;                              | 9 | 35 | index -1 is outside",
            "byte[] a = new byte[4]; int x = a[ctx.length() & 4]; return XdpAction.PASS;                | 9 | 48 | (it can be 0 to 4)",
            "byte[] a = new byte[4]; int s = 0; for (int i = 0; i <= a.length; i++) s += a[i]; return XdpAction.PASS; | 9 | 79 | mask it (i) & 3",
            "byte[] a = new byte[4]; int s = 0; for (int i = 0; i < 4; i++) { i++; s += a[i]; } return XdpAction.PASS; | 9 | 78 | may be outside",
            "int[] a = new int[ctx.length()]; return XdpAction.PASS;                                    | 9 | 29 | must be a positive constant",
            "long[] a = new long[40]; return XdpAction.PASS;                                            | 9 | 12 | more than the 256 a local array may have",
            "int[][] a = new int[2][2]; return XdpAction.PASS;                                          | 9 | 13 | one-dimensional arrays",
            "byte[] a; return XdpAction.PASS;                                                           | 9 | 8  | needs its array where it is declared",
            "byte[] a = new byte[4]; byte[] b = new byte[4]; a = b; return XdpAction.PASS;              | 9 | 49 | cannot be assigned: it names one stack area",
            "R r = vm.get(1); if (r != null) r.b()[0] = 1; return XdpAction.PASS;                      | 9 | 38 | build the array in a local",
            "vm.put(1, new R(new byte[3], 1)); return XdpAction.PASS;                                  | 9 | 17 | is a byte[4] (@Size(4)), and this array is a byte[3]",
            "R r = vm.get(1); int x = r.b()[0]; return XdpAction.PASS;                                  | 9 | 26 | 'r' may be null here",
    })
    void rejected(String body, long line, long column, String message) {
        Compiler.xdp(MAPS, body).assertError(line, column, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "record U(byte[] b) {}          | without @Size: a C struct has arrays of fixed length",
            "record U(@Size(0) byte[] b) {} | has @Size(0): an array needs at least one element",
            "record U(@Size(2) String[] b) {} | is an array of java.lang.String",
    })
    void componentsWithoutACLayoutAreRefusedAtTheComponent(String record, String message) {
        var result = Compiler.xdp(record + " @MapDef(maxEntries = 4) static final BpfHashMap<Integer, U> um = new BpfHashMap<>();",
                "return XdpAction.PASS;");
        assertEquals(1, result.errors().size(), result.errorText());
        assertTrue(result.errorText().contains(message), result.errorText());
        assertTrue(result.errorText().startsWith("7:"), result.errorText());
    }
}
