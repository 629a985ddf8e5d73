package dev.ebpf4j.processor.frontend;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A loop compiles when the compiler finds its bound (a counter stepped by constants towards a
 * constant limit on every iteration, from a known start) and the verifier could follow all its
 * iterations; otherwise it is a compile error at the loop, not a verifier rejection at load time.
 * Bodies start on line 9, column 1.
 */
class LoopBoundsTest {
    private static final String MEMBERS = "@MapDef(maxEntries = 4) static final BpfHashMap<Integer, Long> m = new BpfHashMap<>();"
            + " @MapDef(maxEntries = 4) static final BpfArray<Long> a = new BpfArray<>();"
            + " static final int N = 16; record K(@Size(4) byte[] addr) {} @MapDef(maxEntries = 4) static final BpfHashMap<Integer, K> k = new BpfHashMap<>();";

    @ParameterizedTest
    @ValueSource(strings = {
            "int s = 0; for (int i = 0; i < 16; i++) s += i; return XdpAction.PASS;",
            "int s = 0; for (int i = 0; i <= N; i += 4) s += i; return XdpAction.PASS;",
            "int s = 0; for (int i = 15; i >= 0; i--) s += i; return XdpAction.PASS;",
            "int s = 0; for (long i = 100; 10 < i; i -= 7) s++; return XdpAction.PASS;",
            "int s = 0; int i = 0; while (i < N) { s += i; i++; } return XdpAction.PASS;",
            "int s = 0; int i = 0; while (i < N) { i++; if (s > 3) continue; s += i; } return XdpAction.PASS;",
            "int k = 0; do { k++; } while (k < 3); return XdpAction.PASS;",
            "K key = k.get(1); if (key == null) return XdpAction.PASS; int s = 0; for (int i = 0; i < key.addr().length; i++) s += key.addr()[i]; return XdpAction.PASS;",
            "int i = ctx.length(); while (i >= 0 && i < 16) { i += 2; } return XdpAction.PASS;",
            "char c = (char) ctx.length(); while (c < 100) c++; return XdpAction.PASS;",
            "int s = 0; for (int i = 0; i < 16 && s < ctx.length(); i++) s++; return XdpAction.PASS;",
            "int s = 0; outer: for (int i = 0; i < 4; i++) { for (int j = 0; j < 4; j++) { if (j == i) continue outer; s += j; } } return XdpAction.PASS;",
            "for (int i = 0; i < 4; i++) { i++; } do { } while (false); return XdpAction.PASS;",
            // many iterations, each cheap enough, or a loop a data-dependent break may end early
            "long s = 0; for (int i = 0; i < 100000; i++) s += i; return XdpAction.PASS;",
            // 8,192 iterations of a lookup load (measured on 6.18), and a lookup in an array map is no pending branch
            "long s = 0; for (int i = 0; i < 8192; i++) { Long v = m.get(i); if (v != null) s += v; } return XdpAction.PASS;",
            "long s = 0; for (int i = 0; i < 9000; i++) { Long v = a.get(i & 3); if (v != null) s += v; } return XdpAction.PASS;",
            "long s = 0; for (int i = 0; i < 1000000; i++) { Long v = m.get(i); if (v == null) break; s += v; } return XdpAction.PASS;",
            "long s = 0; for (int i = 0; i < 200000; i++) { if (i > 5) continue; Long v = m.get(i); if (v != null) s += v; } return XdpAction.PASS;",
    })
    void accepted(String body) {
        Compiler.xdp(MEMBERS, body).unit();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
            // no bound the compiler can find (these compiled, and the verifier refused them at load time)
            "int x = ctx.length(); while (x != 1) { x = x >>> 1; } return XdpAction.PASS; # 9 # 32 # ('x' != 1 does not bound it: a step may pass 1)",
            "int x = ctx.length(); for (;;) { if (x == 1) break; x = x >>> 1; } return XdpAction.PASS; # 9 # 23 # a loop without a condition ends only at a break or return",
            "int x = ctx.length(); while (true) { if (x < 2) return XdpAction.DROP; x >>>= 1; } # 9 # 23 # for (int i = 0; i < 16; i++) { if (done) break; ... }",
            "int x = ctx.length(); while (x > 1) { x = x >>> 1; } return XdpAction.PASS; # 9 # 32 # 'x' changes by x = x >>> 1, not by a constant step towards 1",
            "int i = ctx.length(); while (i < 16) i++; return XdpAction.PASS; # 9 # 32 # 'i' starts at a value the compiler does not know here",
            "int i = 0; while (i < 16) { if (ctx.length() > i) continue; i++; } return XdpAction.PASS; # 9 # 21 # 'i' is stepped by i++ where an iteration can skip it",
            "for (int i = 0; i < 16; ) { if (ctx.length() > 3) i++; } return XdpAction.PASS; # 9 # 19 # 'i' is stepped by i++ where an iteration can skip it",
            "int s = 0; for (int i = 0; i < 16; i--) s++; return XdpAction.PASS; # 9 # 30 # i-- takes 'i' away from its limit 16",
            "int s = 0; for (int i = 0; i < 16; i++) { i = s; } return XdpAction.PASS; # 9 # 30 # 'i' changes by i = s",
            "int s = 0; for (byte b = 0; b < 127; b += 2) s++; return XdpAction.PASS; # 9 # 31 # can take it past the largest byte",
            "int s = 0; for (int i = 0; i <= Integer.MAX_VALUE; i++) s++; return XdpAction.PASS; # 9 # 30 # can take it past the largest int",
            "int s = 0; for (int i = 0; i < ctx.length(); i++) s++; return XdpAction.PASS; # 9 # 30 # the verifier must see that this loop ends",
            // bounded, but more iterations than the verifier follows (this compiled, and the kernel refused it)
            "long s = 0; for (int i = 0; i < 200000; i++) { Long v = m.get(i); if (v != null) s += v; } return XdpAction.PASS; # 9 # 31 # runs up to 200000 times",
            "long s = 0; for (int i = 0; i < 8193; i++) { Long v = m.get(i); if (v != null) s += v; } return XdpAction.PASS; # 9 # 31 # use a bound of at most 8192",
            "long s = 0; for (int i = 0; i < 8193; i++) { if (m.containsKey(i)) s++; } return XdpAction.PASS; # 9 # 31 # the null test of a map lookup",
            "for (int i = 0; i < 3000; i++) { m.increment(i); m.increment(i + 1); m.increment(i + 2); } return XdpAction.PASS; # 9 # 19 # leaves the verifier 3 branches to come back to",
            "long s = 0; for (int i = 0; i < 600000; i++) s += i; return XdpAction.PASS; # 9 # 31 # use a bound of at most 500000",
    })
    void rejected(String body, long line, long column, String message) {
        Compiler.xdp(MEMBERS, body).assertError(line, column, message);
    }
}
