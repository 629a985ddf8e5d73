package dev.ebpf4j.processor.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrPrinter;
import dev.ebpf4j.processor.ir.ProgramUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which calls of a program's own methods become real bpf-to-bpf calls and which are inlined
 * ({@link InliningPolicy}), what a real call and its function lower to, and the refusals of
 * {@code @NoInline} where a function cannot be, each once, at the method, with what to write.
 */
class FunctionCallsTest {
    /** Heavy enough to be a function (weight over {@link InliningPolicy#MIN_WEIGHT}). */
    private static final String MIX = """
            static long mix(int a, int b) {
                int low = a < b ? a : b;
                int high = a < b ? b : a;
                long h = (low * 0x9E3779B1L) ^ ((long) high << 17) ^ (high >>> 3);
                h ^= ((long) low << 32) | high;
                h = h * 31 + (h >>> 29);
                return h & 0x3f;
            }
            """;

    private static List<String> functionNames(ProgramUnit unit) {
        return unit.functions().stream().map(Function::name).toList();
    }

    @Test
    void aHeavyMethodCalledFromTwoPlacesIsOneFunctionCalledTwice() {
        Compiler.Result result = Compiler.xdp(MIX + """
                @MapDef(maxEntries = 64) static final BpfArray<Long> out = new BpfArray<>();
                """, """
                out.put(0, mix(ctx.length(), 7));
                out.put(1, mix(3, ctx.length()) + 1);
                return XdpAction.PASS;
                """);
        ProgramUnit unit = result.unit();
        assertEquals(List.of("run", "mix"), functionNames(unit), "the entry first, then its function");
        assertEquals("""
                long mix_result = mix(XDP_LENGTH(ctx), 7)
                eval out.PUT(0, mix_result)
                long mix_result_1 = mix(3, XDP_LENGTH(ctx))
                eval out.PUT(1, (mix_result_1 +L 1L))
                return 2
                """, result.ir("run"));
        Function mix = unit.function("mix");
        assertFalse(mix.entry());
        assertEquals(List.of("a INT", "b INT"), mix.parameters().stream().map(p -> p.name() + " " + p.type()).toList());
        assertEquals(dev.ebpf4j.processor.ir.Prim.LONG, mix.returnType());
        assertTrue(IrPrinter.body(mix).endsWith("return (h &L 63L)\n"), IrPrinter.body(mix));
    }

    @Test
    void aLightMethodCalledTwiceAndAHeavyMethodCalledOnceAreInlined() {
        ProgramUnit unit = Compiler.xdp(MIX + """
                static int twice(int x) { return x * 2; }
                @MapDef(maxEntries = 4) static final BpfArray<Long> out = new BpfArray<>();
                """, """
                out.put(0, mix(ctx.length(), 7) + twice(ctx.length()) + twice(5));
                return XdpAction.PASS;
                """).unit();
        assertEquals(List.of("run"), functionNames(unit));
    }

    @Test
    void aHeavyMethodThatIndexesByAParameterStaysInlined() {
        Compiler.Result result = Compiler.xdp(MIX + """
                static long share(int seed, int parts) {
                    long[] t = new long[4];
                    long h = (seed * 0x9E3779B1L) ^ ((long) parts << 17) ^ (seed >>> 3);
                    h ^= ((long) seed << 32) | parts;
                    h = h * 31 + (h >>> 29) + (h << 7) - (h >>> 11);
                    t[parts] = mix(seed, parts) + mix(parts, seed) * 3 + mix(seed ^ parts, 11) + h;
                    return t[parts];
                }
                @MapDef(maxEntries = 4) static final BpfArray<Long> out = new BpfArray<>();
                """, """
                out.put(0, share(ctx.length(), 2));
                out.put(1, share(7, 3));
                return XdpAction.PASS;
                """);
        assertEquals(List.of("run", "mix"), functionNames(result.unit()),
                "share indexes its array with what its callers pass, constants the front end needs; mix, called from three places, is a function");
    }

    @Test
    void noInlineMakesAFunctionOfAMethodCalledOnceAndInlineKeepsAHeavyOneInline() {
        ProgramUnit unit = Compiler.xdp("@Inline\n" + MIX + """
                @NoInline
                static XdpAction decide(XdpContext ctx, int limit) {
                    return ctx.length() > limit ? XdpAction.DROP : XdpAction.PASS;
                }
                @NoInline
                static void note(long value) { out.put(2, value); }
                @MapDef(maxEntries = 4) static final BpfArray<Long> out = new BpfArray<>();
                """, """
                out.put(0, mix(ctx.length(), 7));
                out.put(1, mix(1, 2));
                note(5L);
                return decide(ctx, 100);
                """).unit();
        assertEquals(List.of("run", "note", "decide"), functionNames(unit));
        String run = IrPrinter.body(unit.function("run"));
        assertTrue(run.contains("mix_0: {") && !run.contains("mix("), run);
        assertTrue(run.contains("eval note(5L)"), run);
        assertTrue(run.contains("int decide_result = decide(ctx, 100)\nreturn decide_result"), run);
        assertEquals("return ((XDP_LENGTH(ctx) > limit) ? 1 : 2)\n", IrPrinter.body(unit.function("decide")));
        assertEquals("eval out.PUT(2, value)\n", IrPrinter.body(unit.function("note")));
    }

    @Test
    void noInlineOnAMethodTakingAViewIsRefusedOnceWithWhatToWrite() {
        Compiler.Result result = Compiler.xdp("""
                @NoInline
                static int port(Tcp tcp) { return tcp.destinationPort(); }
                """, """
                Ethernet eth = ctx.ethernet();
                if (eth == null) return XdpAction.PASS;
                Ipv4 ip = eth.ipv4();
                if (ip == null) return XdpAction.PASS;
                Tcp tcp = ip.tcp();
                if (tcp == null) return XdpAction.PASS;
                return port(tcp) == 23 || port(tcp) == 24 ? XdpAction.DROP : XdpAction.PASS;
                """);
        result.assertError(8, 12, "'port' is marked @NoInline but cannot be compiled as a function: its parameter 'tcp' is a header"
                + " view");
        assertTrue(result.errorText().contains("pass the context instead and get the header inside the method"), result.errorText());
    }

    @Test
    void noInlineWithSixParametersOrAViewResultIsRefused() {
        Compiler.xdp("""
                @NoInline
                static int sum(int a, int b, int c, int d, int e, int f) { return a + b + c + d + e + f; }
                """, """
                return sum(1, 2, 3, 4, 5, ctx.length()) > 9 ? XdpAction.DROP : XdpAction.PASS;
                """).assertError(8, 12, "a bpf-to-bpf call passes at most five arguments (in r1 to r5) and it has 6");
        Compiler.xdp("""
                @NoInline
                static Ethernet eth(XdpContext ctx) { return ctx.ethernet(); }
                """, """
                Ethernet e = eth(ctx);
                return e == null ? XdpAction.PASS : XdpAction.DROP;
                """).assertError(8, 17, "a function returns a primitive, a verdict or nothing in r0");
    }

    @Test
    void aRecursiveFunctionIsRefused() {
        Compiler.xdp("""
                @NoInline
                static int down(int n) { return n <= 0 ? 0 : down(n - 1) + 1; }
                """, """
                return down(ctx.length()) > 9 ? XdpAction.DROP : XdpAction.PASS;
                """).assertError(8, 50, "recursive call of 'down': the verifier refuses recursion");
    }
}
