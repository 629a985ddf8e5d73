package dev.ebpf4j.processor.frontend;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expressions: promotions, narrowing, compound assignment, shifts, casts, constants and folding. */
class ExpressionLoweringTest {
    private static String body(String statements) {
        return Compiler.xdp("", statements + "\n return XdpAction.PASS;").ir("run");
    }

    @Test
    void binaryNumericPromotionIsExplicit() {
        assertEquals("""
                byte b = (byte)1
                short s = (short)2
                int i = ((int) b + (int) s)
                long l = ((long) i *L 3L)
                return 2
                """, body("byte b = 1; short s = 2; int i = b + s; long l = i * 3L;"));
    }

    @Test
    void compoundAssignmentNarrowsBack() {
        assertEquals("""
                byte b = (byte)100
                b = (byte) ((int) b + 100)
                char c = (char)65
                c = (char) ((long) c +L 1L)
                return 2
                """, body("byte b = 100; b += 100; char c = 'A'; c += 1L;"));
    }

    @Test
    void incrementAndDecrement() {
        assertEquals("""
                short s = (short)0
                s = (short) ((int) s + 1)
                int i = 5
                int old = i
                i = (i - 1)
                int j = (old + i)
                return 2
                """, body("short s = 0; s++; int i = 5; int j = i-- + i;"));
    }

    @Test
    void shiftsUseTheLeftOperandsPromotedType() {
        assertEquals("""
                int x = 7
                long y = ((long) x <<L 40L)
                int z = (x >>> (int) y)
                int w = (x >> 3)
                return 2
                """, body("int x = 7; long y = (long) x << 40; int z = x >>> y; int w = x >> 3;"));
    }

    @Test
    void constantsFoldWithJavaSemantics() {
        assertEquals("""
                int a = -2147483648
                long b = 4294967295L
                byte c = (byte)-128
                int d = 2
                boolean e = true
                return 2
                """, body("""
                int a = Integer.MAX_VALUE + 1; long b = 0xFFFFFFFFL & -1; byte c = (byte) 128;
                int d = 1 << 33; boolean e = Tcp.SYN == 2 && !false;
                """));
    }

    @Test
    void unsignedHelpers() {
        assertEquals("""
                int x = IPV4_SOURCE(ip)
                int q = (x udiv 10)
                long r = ((long) x uremL 3L)
                long u = INT_TO_UNSIGNED_LONG(x)
                int c = INT_COMPARE_UNSIGNED(x, 5)
                int h = REVERSE_BYTES_INT(x)
                """, Compiler.xdp("", """
                Ethernet eth = ctx.ethernet(); if (eth == null) return XdpAction.PASS;
                Ipv4 ip = eth.ipv4(); if (ip == null) return XdpAction.PASS;
                int x = ip.source(); int q = Integer.divideUnsigned(x, 10); long r = Long.remainderUnsigned(x, 3);
                long u = Integer.toUnsignedLong(x); int c = Integer.compareUnsigned(x, 5); int h = Integer.reverseBytes(x);
                return XdpAction.PASS;""").ir("run").lines().skip(8).limit(6).map(l -> l + "\n").reduce("", String::concat));
    }

    @Test
    void compareUnsignedWithZeroIsAnUnsignedComparison() {
        assertEquals("""
                int a = XDP_LENGTH(ctx)
                boolean b = (a <u -5)
                boolean c = ((long) a >=u 7L)
                return 2
                """, body("int a = ctx.length(); boolean b = Integer.compareUnsigned(a, -5) < 0;"
                + " boolean c = Long.compareUnsigned(a, 7L) >= 0;"));
    }

    @Test
    void assignmentsAsExpressionsAndToBoxedLocals() {
        assertEquals("""
                int a
                a = 5
                int b = a
                boolean v_present = true
                long v = 1L
                v_present = true
                v = 6L
                long w = v
                return 2
                """, body("int a; int b = (a = 5); Long v = 1L; long w = (v = 6L);"));
    }

    @Test
    void mathAndUnsignedConversionsAreOperators() {
        assertEquals("""
                int a = XDP_LENGTH(ctx)
                int b = ((a <= 3) ? a : 3)
                long tmp = (long) a
                long c = ((tmp >= 9L) ? tmp : 9L)
                int d = ((a < 0) ? -a : a)
                short s = (short) a
                int e = (int) (char) s
                int g = ((int) (byte) a & 255)
                return 2
                """, body("int a = ctx.length(); int b = Math.min(a, 3); long c = Math.max(a, 9L); int d = Math.abs(a);"
                + " short s = (short) a; int e = Short.toUnsignedInt(s); int g = Byte.toUnsignedInt((byte) a);"));
    }

    @Test
    void ternaryAndLogical() {
        assertEquals("""
                int a = 3
                boolean b = ((a > 2) && (a < 5))
                long c = (b ? (long) a : 7L)
                return 2
                """, body("int a = 3; boolean b = a > 2 && a < 5; long c = b ? a : 7L;"));
    }

    @Test
    void verdictConstantsAreKernelCodes() {
        assertEquals("""
                int v = 1
                if (v == 1) {
                  return 3
                }
                return v
                """, Compiler.xdp("", """
                XdpAction v = XdpAction.DROP;
                if (v == XdpAction.DROP) return XdpAction.TX;
                return v;""").ir("run"));
    }

    @Test
    void staticFinalConstantsFold() {
        assertEquals("""
                long x = 1024L
                return 2
                """, Compiler.xdp("static final int SHIFT = 10; static final long SIZE = 1L << SHIFT;",
                "long x = SIZE;\n return XdpAction.PASS;").ir("run"));
    }
}
