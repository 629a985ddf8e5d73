package dev.ebpf4j.processor.frontend;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each construct outside the subset is one error at its exact position, saying what is wrong,
 * why the kernel cannot do it and what to write instead. Bodies start on line 9, column 1.
 */
class DiagnosticsTest {
    private static final String MAP = "@MapDef(maxEntries = 4) static final BpfHashMap<Integer, Long> m = new BpfHashMap<>();"
            + " static int counter; static int f(int x) { return x <= 0 ? 0 : f(x - 1); }"
            + " record K(int a) { K { if (a < 0) a = 0; } } @MapDef(maxEntries = 4) static final BpfHashMap<K, Long> k = new BpfHashMap<>();";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "int a = ctx.length(); int b = a / 3; return XdpAction.PASS;                | 9 | 33 | Java throws on a zero divisor",
            "int a = ctx.length(); a %= 3; return XdpAction.PASS;                       | 9 | 25 | use Integer.divideUnsigned",
            "double d = 1.5; return XdpAction.PASS;                                     | 9 | 8  | eBPF has no floating-point",
            "String s = \"x\"; return XdpAction.PASS;                                   | 9 | 8  | no heap to hold them",
            "int[] a = new int[ctx.length()]; return XdpAction.PASS;                    | 9 | 29 | must be a positive constant",
            "new StringBuilder(); return XdpAction.PASS;                                | 9 | 1  | without a heap",
            "if (ctx.length() < 0) throw new IllegalStateException(); return XdpAction.PASS; | 9 | 23 | return a verdict",
            "try { ctx.length(); } finally { } return XdpAction.PASS;                   | 9 | 1  | cannot unwind",
            "int y = f(3); return XdpAction.PASS;                                       | 7 | 150 | recursive call of 'f'",
            "long t = System.nanoTime(); return XdpAction.PASS;                         | 9 | 16 | call of 'System.nanoTime' is not supported",
            "counter = 1; return XdpAction.PASS;                                        | 9 | 1  | declare it '@Shared static'",
            "int c = counter; return XdpAction.PASS;                                    | 9 | 9  | not a compile-time constant",
            "int i = 0; while (i < ctx.length()) { i++; } return XdpAction.PASS;        | 9 | 21 | the verifier must see that this loop ends",
            "for (;;) { int x = ctx.length(); }                                         | 9 | 1  | this loop has no exit",
            "Ethernet eth = ctx.ethernet(); int t = eth.etherType(); return XdpAction.PASS; | 9 | 40 | 'eth' may be null here",
            "int t = ctx.ethernet().etherType(); return XdpAction.PASS;                 | 9 | 21 | the result of ctx.ethernet() may be null",
            "Long v = m.get(1); long x = v + 1; return XdpAction.PASS;                  | 9 | 29 | 'v' may be null here",
            "long x = m.get(1); return XdpAction.PASS;                                  | 9 | 15 | the result of m.get(...) may be null",
            "int q = Integer.divideUnsigned(5, ctx.length()); return XdpAction.PASS;    | 9 | 45 | must be a non-zero constant",
            "m.increment(1); m.clear(); return XdpAction.PASS;                          | 9 | 24 | call it from user space",
            "Object o = m; return XdpAction.PASS;                                       | 9 | 8  | is not supported",
            "long x = 1; x = x > 0 ? x : m.get(2); return XdpAction.PASS;               | 9 | 34 | may be null",
            "k.put(new K(1), 2L); return XdpAction.PASS;                                | 9 | 7  | has a constructor with code",
            "Ethernet eth = null; int t = eth.etherType(); return XdpAction.PASS;      | 9 | 30 | 'eth' may be null here",
            "Long v = m.get(1); int i = (v == null) ? null : 1; return XdpAction.PASS;  | 9 | 42 | null is only allowed in comparisons",
    })
    void rejected(String body, long line, long column, String message) {
        Compiler.xdp(MAP, body).assertError(line, column, message);
    }

    /**
     * A statement refused for a real error (a division, a nullable read, an unsupported call, a
     * bad array) leaves its variable undeclared; its later uses, and the variables computed from
     * it, are no second error (which said "'q' of type int is not supported", contradicting the
     * documented subset).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "int avg = ctx.length() / 3; if (avg > 2) return XdpAction.DROP; return XdpAction.PASS;              | 9 | 24 | Java throws on a zero divisor",
            "int q = ctx.length() / 3; int r = q + 1; return r > 0 ? XdpAction.PASS : XdpAction.DROP;          | 9 | 22 | Java throws on a zero divisor",
            "int q = ctx.length() % 3; q++; q = q + 1; q += 2; return XdpAction.PASS;                          | 9 | 22 | Java throws on a zero divisor",
            "long q = m.get(1); return q > 0 ? XdpAction.PASS : XdpAction.DROP;                                | 9 | 15 | the result of m.get(...) may be null",
            "Long q = m.get(1) + 1; Long r = q; return q > 0 ? XdpAction.PASS : XdpAction.DROP;                | 9 | 15 | the result of m.get(...) may be null",
            "long q = System.nanoTime(); m.put(1, q); return q > 0 ? XdpAction.PASS : XdpAction.DROP;          | 9 | 16 | call of 'System.nanoTime' is not supported",
            "int[] a = new int[ctx.length()]; a[0] = 1; return a[0] > 0 ? XdpAction.PASS : XdpAction.DROP;     | 9 | 29 | must be a positive constant",
            "int q = ctx.length() / 3; for (int i = 0; i < q; i++) { } return XdpAction.PASS;                  | 9 | 22 | Java throws on a zero divisor",
    })
    void aRefusedDeclarationIsTheOnlyError(String body, long line, long column, String message) {
        Compiler.xdp(MAP, body).assertError(line, column, message);
    }

    /**
     * The null check a message suggests compiles where it is needed: the hook's own verdict in an
     * entry method (a @Tc method was told to return XdpAction.PASS), null in a method returning a
     * view, a guarded block elsewhere; and the article fits the view ("an Ethernet view").
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "@Tc static TcAction run(TcContext ctx) { Ethernet eth = ctx.ethernet(); return eth.etherType() == 1 ? TcAction.SHOT : TcAction.OK; } "
                    + "| an Ethernet view is null | e.g. if (eth == null) return TcAction.OK;",
            "@SocketFilter static int run(SocketContext skb) { if (skb.length() < 0) throw new IllegalStateException(); return 0; } "
                    + "| return a verdict | (e.g. return 0;)",
            "static Ipv4 ip(XdpContext ctx) { Ethernet eth = ctx.ethernet(); return eth.ipv4(); } @Xdp static XdpAction run(XdpContext ctx) { return ip(ctx) == null ? XdpAction.PASS : XdpAction.DROP; } "
                    + "| an Ethernet view is null | e.g. if (eth == null) return null;",
            "static int type(XdpContext ctx) { Ethernet eth = ctx.ethernet(); return eth.etherType(); } @Xdp static XdpAction run(XdpContext ctx) { return type(ctx) == 1 ? XdpAction.PASS : XdpAction.DROP; } "
                    + "| an Ethernet view is null | e.g. if (eth != null) { ... }",
            "@Tc static TcAction run(TcContext ctx) { Ethernet eth = ctx.ethernet(); if (eth == null) throw new IllegalStateException(); return TcAction.OK; } "
                    + "| return a verdict | (e.g. return TcAction.SHOT;)",
    })
    void hintsFitTheHookAndTheMethod(String members, String fragment, String hint) {
        var result = Compiler.compile("P", Compiler.program(members));
        org.junit.jupiter.api.Assertions.assertEquals(1, result.errors().size(), result::errorText);
        String message = result.errors().getFirst().getMessage(java.util.Locale.ROOT);
        org.junit.jupiter.api.Assertions.assertTrue(message.contains(fragment) && message.contains(hint), message);
        org.junit.jupiter.api.Assertions.assertFalse(members.startsWith("@Tc") && message.contains("XdpAction"), message);
    }

    /** Varargs are refused at the declaration (once, however often it is called), not as an array expression at each call. */
    @org.junit.jupiter.api.Test
    void varargsAreRefusedAtTheirDeclaration() {
        Compiler.xdp("static int sum(int... xs) { return xs.length; }", "int s = sum(1, 2) + sum(3); int t = sum(4); return XdpAction.PASS;")
                .assertError(7, 23, "method 'sum' takes varargs (int... xs), which are not supported");
    }

    @org.junit.jupiter.api.Test
    void javacsOwnErrorsComeAloneWithoutInternalErrors() {
        var result = Compiler.xdp(MAP, "int a = undefined + 1; int b = a / 2; return XdpAction.PASS;");
        org.junit.jupiter.api.Assertions.assertFalse(result.errorText().contains("internal error"), result.errorText());
        org.junit.jupiter.api.Assertions.assertTrue(result.errorText().contains("cannot find symbol"), result.errorText());
    }
}
