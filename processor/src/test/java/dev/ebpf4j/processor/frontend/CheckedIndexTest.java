package dev.ebpf4j.processor.frontend;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Indices proven in range by the checks and assignments on every path to them (the flow of
 * {@link FlowState}), and the positioned error where a path lacks the check. Bodies start on line 9.
 */
class CheckedIndexTest {
    private static final String MEMBERS = "@MapDef(maxEntries = 4) static final BpfHashMap<Integer, Integer> m = new BpfHashMap<>();"
            + " static int at(int i) { byte[] a = new byte[16]; return i >= 0 && i < a.length ? a[i] : 0; }";

    @ParameterizedTest
    @ValueSource(strings = {
            "byte[] a = new byte[16]; int i = ctx.length(); if (i >= 0 && i < a.length) a[i]++; return XdpAction.PASS;",
            "byte[] a = new byte[16]; int i = ctx.length(); if (i < 16 && i >= 0) a[i] = 1; return XdpAction.PASS;",
            "byte[] a = new byte[16]; int i = ctx.length(); if (i < 0 || i >= a.length) return XdpAction.PASS; a[i] = 1; return XdpAction.PASS;",
            "byte[] a = new byte[16]; int i = ctx.length(); if (!(i < 0 || i > 15)) a[i] = 1; return XdpAction.PASS;",
            "byte[] a = new byte[16]; int i = ctx.length(); if (Integer.compareUnsigned(i, a.length) < 0) a[i] = 1; return XdpAction.PASS;",
            "byte[] a = new byte[16]; int i = ctx.length(); if (Integer.compareUnsigned(i, 15) > 0) return XdpAction.PASS; a[i] = 1; return XdpAction.PASS;",
            "byte[] a = new byte[16]; char c = (char) ctx.length(); if (c < a.length) a[c] = 1; return XdpAction.PASS;",
            "byte[] a = new byte[16]; int i = ctx.length() & 0xff; if (i < a.length) a[i] = 1; return XdpAction.PASS;",
            "byte[] a = new byte[16]; int i = ctx.length() & 7; a[i + 8] = 1; return XdpAction.PASS;",
            "byte[] a = new byte[16]; int i = ctx.length(); if (i < 0) i = 0; if (i > 15) i = 15; a[i] = 1; return XdpAction.PASS;",
            "byte[] a = new byte[16]; int i = ctx.length(); if (i == 3) a[i] = 1; return XdpAction.PASS;",
            "byte[] a = new byte[16]; int i = ctx.length(); if (i != 3) { } else { a[i] = 1; } return XdpAction.PASS;",
            "byte[] a = new byte[16]; int i = ctx.length(); if (i >= 0 && i < 15) { i++; a[i] = 1; } return XdpAction.PASS;",
            "byte[] a = new byte[16]; int i = ctx.length(); int x = i >= 0 && i < 16 ? a[i] : -1; return XdpAction.PASS;",
            "byte[] a = new byte[16]; int i = ctx.length(); if (i >= 0 && i < 16 && m.containsKey(i)) a[i] = 1; return XdpAction.PASS;",
            "byte[] a = new byte[16]; int i = ctx.length(); while (i >= 0 && i < 16) { a[i] = 1; i += 2; } return XdpAction.PASS;",
            "byte[] a = new byte[300 / 20]; long n = ctx.length(); int i = (int) n; if (i >= 0 && i < 15L) a[i] = 1; return XdpAction.PASS;",
            "byte[] a = new byte[16]; byte b = (byte) ctx.length(); if (b >= 0) a[b & 15] = 1; if (b >= 0 && b < 16) a[b] = 2; return XdpAction.PASS;",
            "int x = at(ctx.length()); return XdpAction.PASS;",
            "long[] a = new long[20]; int i = ctx.length(); if (i >= 0 && i < a.length) a[i] = 1; return XdpAction.PASS;",
    })
    void accepted(String body) {
        Compiler.xdp(MEMBERS, body).unit();
    }

    /** A check covers the index expression as written, as it covers a plain variable (the expression was refused). */
    @ParameterizedTest
    @ValueSource(strings = {
            "int[] a = new int[8]; int j = ctx.length(); if (Integer.compareUnsigned(j + 1, a.length) < 0) a[j + 1] = 1; return XdpAction.PASS;",
            "int[] a = new int[8]; int j = ctx.length(); if (j + 1 >= 0 && j + 1 < a.length) a[j + 1] = 1; return XdpAction.PASS;",
            "int[] a = new int[8]; int j = ctx.length(); if (Integer.compareUnsigned(j + 1, 7) > 0) return XdpAction.PASS; a[j + 1]++; return XdpAction.PASS;",
            "byte[] a = new byte[16]; byte b = (byte) ctx.length(); if (Integer.compareUnsigned(b * 2, 16) < 0) a[b * 2] = 1; return XdpAction.PASS;",
    })
    void aCheckedExpressionIndexes(String body) {
        Compiler.xdp(MEMBERS, body).unit();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
            // checked on another path
            "byte[] a = new byte[16]; int i = ctx.length(); if (i >= 0 && i < 16) { } a[i] = 1; return XdpAction.PASS; # 9 # 76 # index i may be outside the byte[16]",
            "byte[] a = new byte[16]; int i = ctx.length(); if (i >= 0 || i < 16) a[i] = 1; return XdpAction.PASS; # 9 # 72 # index i may be outside the byte[16]: Java",
            "byte[] a = new byte[16]; int i = ctx.length(); if (i < 0 || i >= 16) a[i] = 1; return XdpAction.PASS; # 9 # 72 # index i may be outside",
            // half a check, the wrong bound
            "byte[] a = new byte[16]; int i = ctx.length(); if (i < a.length) a[i] = 1; return XdpAction.PASS; # 9 # 68 # (it can be -2147483648 to 15)",
            "byte[] a = new byte[16]; int i = ctx.length(); if (i >= 0 && i <= a.length) a[i] = 1; return XdpAction.PASS; # 9 # 79 # (it can be 0 to 16)",
            "byte[] a = new byte[16]; int i = ctx.length(); if (Integer.compareUnsigned(i, 17) < 0) a[i] = 1; return XdpAction.PASS; # 9 # 90 # (it can be 0 to 16)",
            "byte[] a = new byte[16]; int i = ctx.length(); if (i >= 0 && i < 16) { i++; a[i] = 1; } return XdpAction.PASS; # 9 # 79 # (it can be 1 to 16)",
            // reassigned after the check
            "byte[] a = new byte[16]; int i = ctx.length(); if (i >= 0 && i < 16) { i = ctx.length(); a[i] = 1; } return XdpAction.PASS; # 9 # 92 # index i may be outside the byte[16]: Java",
            "byte[] a = new byte[16]; int i = ctx.length(); if (i >= 0 && i < 16 && (i = ctx.length()) > 0) a[i] = 1; return XdpAction.PASS; # 9 # 98 # index i may be outside",
            "byte[] a = new byte[16]; int i = ctx.length(); if (i >= 0 && i < 16) { for (int k = 0; k < 2; k++) { a[i] = 1; i += 8; } } return XdpAction.PASS; # 9 # 104 # index i may be outside",
            "byte[] a = new byte[16]; int i = ctx.length(); if (i >= 0 && i < 16 && m.containsKey(i = i + 20)) a[i] = 1; return XdpAction.PASS; # 9 # 101 # index i may be outside",
            // an expression checked, then one of its locals assigned, or another expression indexed
            "int[] a = new int[8]; int j = ctx.length(); if (Integer.compareUnsigned(j + 1, 8) < 0) { j++; a[j + 1] = 1; } return XdpAction.PASS; # 9 # 99 # index j + 1 may be outside the int[8] (it can be 1 to 8)",
            "int[] a = new int[8]; int j = ctx.length(); if (Integer.compareUnsigned(j + 1, 8) < 0) a[j + 2] = 1; return XdpAction.PASS; # 9 # 92 # index j + 2 may be outside",
            "int[] a = new int[8]; int j = ctx.length(); if (j + 1 < 8) a[j + 1] = 1; return XdpAction.PASS; # 9 # 64 # index j + 1 may be outside",
    })
    void rejected(String body, long line, long column, String message) {
        Compiler.xdp(MEMBERS, body).assertError(line, column, message);
    }
}
