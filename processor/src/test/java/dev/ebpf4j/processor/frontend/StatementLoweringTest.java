package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.SourcePosition;
import dev.ebpf4j.processor.ir.Stmt;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Statements: switch (both forms), loops, labelled break/continue, inlined calls, positions. */
class StatementLoweringTest {
    private static String ir(String members, String body) {
        return Compiler.xdp(members, body).ir("run");
    }

    @Test
    void switchWithoutFallThroughIsAnIfChain() {
        assertEquals("""
                int n = XDP_LENGTH(ctx)
                int r = 0
                switch_0: {
                  if ((n == 1) || (n == 2)) {
                    r = 10
                    break switch_0
                  } else {
                    if (n == 3) {
                      r = 20
                      break switch_0
                    } else {
                      r = 30
                      break switch_0
                    }
                  }
                }
                return r
                """, ir("", """
                int n = ctx.length(); int r = 0;
                switch (n) { case 1, 2 -> r = 10; case 3 -> { r = 20; } default -> r = 30; }
                return r == 10 ? XdpAction.DROP : XdpAction.PASS;""").replace("return (r == 10) ? 1 : 2", "return r")
                .replaceAll("return \\(\\(r == 10\\) \\? 1 : 2\\)", "return r"));
    }

    @Test
    void fallThroughRunsFromTheFirstMatchingCase() {
        assertEquals("""
                int n = XDP_LENGTH(ctx)
                int r = 0
                switch_0: {
                  int first_case
                  if (n == 1) {
                    first_case = 0
                  } else {
                    if (n == 2) {
                      first_case = 1
                    } else {
                      first_case = 2
                    }
                  }
                  if (first_case <= 0) {
                    r = (r + 1)
                  }
                  if (first_case <= 1) {
                    r = (r + 2)
                    break switch_0
                  }
                  if (first_case <= 2) {
                    r = 7
                  }
                }
                """, ir("", """
                int n = ctx.length(); int r = 0;
                switch (n) { case 1: r += 1; case 2: r += 2; break; default: r = 7; }
                return XdpAction.PASS;""").replace("return 2\n", ""));
    }

    @Test
    void switchExpressionYields() {
        assertEquals("""
                int n = XDP_LENGTH(ctx)
                int switch
                switch_0: {
                  if (n == 6) {
                    switch = 1
                    break switch_0
                  } else {
                    int k = (n * 2)
                    switch = k
                    break switch_0
                  }
                }
                int r = switch
                return 2
                """, ir("", """
                int n = ctx.length();
                int r = switch (n) { case 6 -> 1; default -> { int k = n * 2; yield k; } };
                return XdpAction.PASS;"""));
    }

    @Test
    void loopsBreakAndContinueWithLabels() {
        assertEquals("""
                int sum = 0
                int i = 0
                outer_0: while (i < 4) {
                  int j = 0
                  loop_1: while (j < 4) {
                    if (j == i) {
                      continue outer_0
                    }
                    if (sum > 100) {
                      break outer_0
                    }
                    sum = (sum + j)
                  } update {
                    j = (j + 1)
                  }
                } update {
                  i = (i + 1)
                }
                int k = 0
                loop_2: do-while (k < 3) {
                  k = (k + 1)
                }
                return 2
                """, ir("", """
                int sum = 0;
                outer: for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) { if (j == i) continue outer; if (sum > 100) break outer; sum += j; }
                }
                int k = 0; do { k++; } while (k < 3);
                return XdpAction.PASS;"""));
    }

    @Test
    void callsAreInlinedAsLabelledBlocks() {
        assertEquals("""
                int twice_result
                twice_0: {
                  int x = XDP_LENGTH(ctx)
                  twice_result = (x * 2)
                  break twice_0
                }
                int a = twice_result
                note_1: {
                  int x_1 = a
                  if (x_1 > 3) {
                    break note_1
                  }
                  eval m.INCREMENT(x_1, 1L)
                }
                return 2
                """, ir("""
                @MapDef(maxEntries = 4) static final BpfArray<Long> m = new BpfArray<>();
                static int twice(int x) { return x * 2; }
                static void note(int x) { if (x > 3) return; m.increment(x); }""", """
                int a = twice(ctx.length()); note(a);
                return XdpAction.PASS;"""));
    }

    @Test
    void everyStatementCarriesItsSourcePosition() {
        var function = Compiler.xdp("", "int a = 1;\n  a += 2;\nreturn XdpAction.PASS;").unit().function("run");
        Stmt second = function.body().statements().get(1);
        assertEquals(new SourcePosition("P.java", 10, 3, "a += 2;"), second.position());
        assertEquals(8, function.position().line());
    }
}
