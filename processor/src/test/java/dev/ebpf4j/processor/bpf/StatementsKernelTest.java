package dev.ebpf4j.processor.bpf;

import static dev.ebpf4j.processor.fixture.Ir.add;
import static dev.ebpf4j.processor.fixture.Ir.bin;
import static dev.ebpf4j.processor.fixture.Ir.cmp;
import static dev.ebpf4j.processor.fixture.Ir.conv;
import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.l;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.testing.RequiresBpf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loops, break and continue, labelled blocks, bpf-to-bpf calls, helpers and many locals, run in the kernel. */
@RequiresBpf
class StatementsKernelTest {
    /** The inputs (a, b) every loop program runs with. */
    private static final long[][] INPUTS = {{5, 3}, {-2, 14}, {0, 7}};

    /**
     * Loads {@code h}'s program and runs it on each of {@link #INPUTS}; {@code check} gets a, b and
     * the object. One loop construct per program: the verifier walks every path of a program, and
     * the paths of loops over an unknown bound multiply with everything after them.
     */
    private static void runEach(Harness h, LoopCheck check) {
        for (long[] ab : INPUTS) {
            try (LoadedObject o = Harness.run(h.unit(2), ab[0], ab[1], 2)) {
                check.check(ab[0], ab[1], o);
            }
        }
    }

    private interface LoopCheck {
        void check(long a, long b, LoadedObject o);
    }

    /** {@code x = x op y} evaluated in x's own register: the right operand is read before x changes. */
    @Test
    void inPlaceUpdatesOfLocalsGiveJavasResults() {
        for (long[] ab : INPUTS) {
            Harness h = new Harness();
            Ir ir = h.ir;
            Local x = ir.local("x", Prim.LONG);
            Local n = ir.local("n", Prim.INT);
            h.body.add(ir.let(x, r(h.a)));
            h.body.add(ir.let(n, conv(Prim.INT, r(h.b))));
            h.body.add(ir.set(x, add(r(x), l(4))));                                   // x += 4
            h.body.add(ir.set(x, bin(BinaryOp.SUB, Prim.LONG, r(x), r(h.b))));        // x -= b
            h.body.add(ir.set(x, bin(BinaryOp.MUL, Prim.LONG, r(x), r(h.a))));        // x *= a
            h.body.add(ir.set(x, bin(BinaryOp.SHL, Prim.LONG, r(x), i(3))));          // x <<= 3
            h.body.add(ir.set(n, bin(BinaryOp.ADD, Prim.INT, r(n), i(Integer.MAX_VALUE)))); // wraps as int
            h.body.add(ir.set(n, bin(BinaryOp.XOR, Prim.INT, r(n), i(0x55))));
            h.body.add(ir.set(n, bin(BinaryOp.USHR, Prim.INT, r(n), i(1))));
            h.body.add(h.out(0, r(x)));
            h.body.add(h.out(1, conv(Prim.LONG, r(n))));
            long a = ab[0], b = ab[1];
            long xs = ((a + 4 - b) * a) << 3;
            int ns = (((int) b + Integer.MAX_VALUE) ^ 0x55) >>> 1;
            try (LoadedObject o = Harness.run(h.unit(2), a, b, 2)) {
                assertEquals(xs, Harness.out(o, 0), "x for a=" + a + ", b=" + b);
                assertEquals(ns, Harness.out(o, 1), "n for a=" + a + ", b=" + b);
            }
        }
    }

    @Test
    void forLoopWithContinueAndBreak() {
        Harness h = new Harness();
        Ir ir = h.ir;
        Local s = ir.local("s", Prim.LONG);
        Local k = ir.local("k", Prim.INT);
        h.body.add(ir.let(s, l(0)));
        h.body.add(ir.let(k, i(0)));
        // for (int k = 0; k < 10; k++) { if (k == 3) continue; if (k == 8) break; s += k * a; }
        h.body.add(ir.loop("loop", cmp(CompareOp.LT, Prim.INT, r(k), i(10)), true,
                ir.block(ir.iff(cmp(CompareOp.EQ, Prim.INT, r(k), i(3)), ir.block(ir.cont("loop"))),
                        ir.iff(cmp(CompareOp.EQ, Prim.INT, r(k), i(8)), ir.block(ir.brk("loop"))),
                        ir.set(s, add(r(s), bin(BinaryOp.MUL, Prim.LONG, conv(Prim.LONG, r(k)), r(h.a))))),
                ir.block(ir.set(k, add(r(k), i(1))))));
        h.body.add(h.out(0, r(s)));
        h.body.add(h.out(1, r(k)));
        runEach(h, (a, b, o) -> {
            long sum = 0;
            int x;
            for (x = 0; x < 10; x++) {
                if (x == 3) continue;
                if (x == 8) break;
                sum += x * a;
            }
            assertEquals(sum, Harness.out(o, 0));
            assertEquals(x, Harness.out(o, 1));
        });
    }

    /**
     * The bound is unknown to the verifier, so the condition names it first: Linux 5.10 and 6.1
     * decide a register-to-register jump only when its second operand is the known one (the
     * counter), and {@code n < bound} (counter first) never ends for them: E2BIG after a million
     * instructions. Newer verifiers (6.12 in the VM suites, the host's) decide both orders.
     */
    @Test
    void doWhileOverAnUnknownBound() {
        Harness h = new Harness();
        Ir ir = h.ir;
        Local n = ir.local("n", Prim.INT);
        // int n = 0; do { n++; } while ((int) (b & 7) > n);
        h.body.add(ir.let(n, i(0)));
        h.body.add(ir.loop("do", cmp(CompareOp.GT, Prim.INT, conv(Prim.INT, bin(BinaryOp.AND, Prim.LONG, r(h.b), l(7))), r(n)), false,
                ir.block(ir.set(n, add(r(n), i(1)))), ir.block()));
        h.body.add(h.out(1, r(n)));
        runEach(h, (a, b, o) -> {
            int count = 0;
            do count++; while ((int) (b & 7) > count);
            assertEquals(count, Harness.out(o, 1));
        });
    }

    @Test
    void labelledContinueOfTheOuterLoop() {
        Harness h = new Harness();
        Ir ir = h.ir;
        Local k = ir.local("k", Prim.INT);
        Local j = ir.local("j", Prim.INT);
        // outer: for (j = 0; ; j++) { for (k = 0; k < 4; k++) { if (k == j) continue outer; } break; }
        h.body.add(ir.let(k, i(0)));
        h.body.add(ir.let(j, i(0)));
        h.body.add(ir.loop("outer", null, true,
                ir.block(ir.set(k, i(0)),
                        ir.loop("inner", cmp(CompareOp.LT, Prim.INT, r(k), i(4)), true,
                                ir.block(ir.iff(cmp(CompareOp.EQ, Prim.INT, r(k), r(j)), ir.block(ir.cont("outer")))),
                                ir.block(ir.set(k, add(r(k), i(1))))),
                        ir.brk("outer")),
                ir.block(ir.set(j, add(r(j), i(1))))));
        h.body.add(h.out(2, r(j)));
        h.body.add(h.out(3, r(k)));
        runEach(h, (a, b, o) -> {
            assertEquals(4, Harness.out(o, 2));
            assertEquals(4, Harness.out(o, 3));
        });
    }

    @Test
    void breakLeavesALabelledBlock() {
        Harness h = new Harness();
        Ir ir = h.ir;
        // skip: { if (a > 0) break skip; out[3] = 77; }
        h.body.add(new Stmt.Block("skip", List.of(
                ir.iff(cmp(CompareOp.GT, Prim.LONG, r(h.a), l(0)), ir.block(ir.brk("skip"))),
                h.out(3, l(77))), ir.pos()));
        runEach(h, (a, b, o) -> assertEquals(a > 0 ? 0 : 77, Harness.out(o, 3)));
    }

    @Test
    void aResultSetBeforeItsTestIsSetOnlyWhereTheTestHolds() {
        Harness h = new Harness();
        Ir ir = h.ir;
        Local x = ir.local("x", Prim.LONG);
        Local y = ir.local("y", Prim.LONG);
        // pick: { if (a > 0) { x = 5; break pick; } if (b > 10) { x = 7; break pick; } x = 9; }
        // y = 1; keep: { if (a > 0) { y = 5; break keep; } }   (y is read where the test fails)
        h.body.add(ir.let(x, l(0)));
        h.body.add(new Stmt.Block("pick", List.of(
                ir.iff(cmp(CompareOp.GT, Prim.LONG, r(h.a), l(0)), ir.block(ir.set(x, l(5)), ir.brk("pick"))),
                ir.iff(cmp(CompareOp.GT, Prim.LONG, r(h.b), l(10)), ir.block(ir.set(x, l(7)), ir.brk("pick"))),
                ir.set(x, l(9))), ir.pos()));
        h.body.add(h.out(5, r(x)));
        h.body.add(ir.let(y, l(1)));
        h.body.add(new Stmt.Block("keep", List.of(
                ir.iff(cmp(CompareOp.GT, Prim.LONG, r(h.a), l(0)), ir.block(ir.set(y, l(5)), ir.brk("keep")))), ir.pos()));
        h.body.add(h.out(6, r(y)));
        runEach(h, (a, b, o) -> {
            assertEquals(a > 0 ? 5 : b > 10 ? 7 : 9, Harness.out(o, 5));
            assertEquals(a > 0 ? 5 : 1, Harness.out(o, 6));
        });
    }

    @Test
    void anUnlabelledBreakInALabelledBlockLeavesTheLoop() {
        Harness h = new Harness();
        Ir ir = h.ir;
        Local k = ir.local("k", Prim.INT);
        // k = 0; while (true) { block: { if (k > 100) break; if (k > 5) break block; } k += 50; }
        h.body.add(ir.let(k, i(0)));
        h.body.add(ir.loop(null, null, true, ir.block(
                new Stmt.Block("block", List.of(ir.iff(cmp(CompareOp.GT, Prim.INT, r(k), i(100)), ir.block(ir.brk(null))),
                        ir.iff(cmp(CompareOp.GT, Prim.INT, r(k), i(5)), ir.block(ir.brk("block")))), ir.pos()),
                ir.set(k, add(r(k), i(50)))), ir.block()));
        h.body.add(h.out(4, r(k)));
        runEach(h, (a, b, o) -> assertEquals(150, Harness.out(o, 4)));
    }

    @Test
    void bpfToBpfCallsKeepTheCallersTemporaries() {
        Harness h = new Harness();
        Ir ir = h.ir;
        Local x = ir.local("x", Prim.LONG);
        Local y = ir.local("y", Prim.INT);
        // static long mix(long x, int y) { return x * 31 + y; }
        h.subprograms.add(ir.subprogram("mix", List.of(x, y), Prim.LONG,
                List.of(ir.ret(add(bin(BinaryOp.MUL, Prim.LONG, r(x), l(31)), conv(Prim.LONG, r(y)))))));
        Local z = ir.local("z", Prim.INT);
        // static void note(int z) { out.put(9, z); }
        h.subprograms.add(ir.subprogram("note", List.of(z), Prim.VOID, List.of(
                ir.eval(Ir.map(Harness.OUT, dev.ebpf4j.processor.ir.MapOp.PUT, i(9), conv(Prim.LONG, r(z)))))));
        Expr mix = new Expr.Call("mix", Prim.LONG, List.of(r(h.b), i(3)));
        // a + mix(b, 3) * (a ^ mix(a, (int) b))
        h.body.add(h.out(0, add(r(h.a), bin(BinaryOp.MUL, Prim.LONG, mix,
                bin(BinaryOp.XOR, Prim.LONG, r(h.a), new Expr.Call("mix", Prim.LONG, List.of(r(h.a), conv(Prim.INT, r(h.b)))))))));
        h.body.add(ir.eval(new Expr.Call("note", Prim.VOID, List.of(conv(Prim.INT, r(h.a))))));
        // b - (a > b ? mix(a, 1) : mix(b, 2)): a call on each side of a conditional, inside an expression
        h.body.add(h.out(1, bin(BinaryOp.SUB, Prim.LONG, r(h.b), Ir.cond(cmp(CompareOp.GT, Prim.LONG, r(h.a), r(h.b)),
                new Expr.Call("mix", Prim.LONG, List.of(r(h.a), i(1))), new Expr.Call("mix", Prim.LONG, List.of(r(h.b), i(2)))))));
        long a = 123456789012L, b = -98765;
        try (LoadedObject o = Harness.run(h.unit(2), a, b, 2)) {
            assertEquals(a + (b * 31 + 3) * (a ^ (a * 31 + (int) b)), Harness.out(o, 0));
            assertEquals((int) a, Harness.out(o, 9));
            assertEquals(b - (a > b ? a * 31 + 1 : b * 31 + 2), Harness.out(o, 1));
        }
    }

    @Test
    void helpersAndManyLocals() {
        Harness h = new Harness();
        Ir ir = h.ir;
        h.body.add(h.out(0, Ir.intr(Intrinsic.NANO_TIME)));
        h.body.add(h.out(1, Ir.intr(Intrinsic.CPU)));
        h.body.add(h.out(2, add(Ir.intr(Intrinsic.RANDOM), conv(Prim.INT, r(h.a)))));
        // Twelve locals live at once: eight of them end up on the stack.
        List<Local> locals = new ArrayList<>();
        for (int n = 0; n < 12; n++) {
            Local v = ir.local("v" + n, Prim.LONG);
            locals.add(v);
            h.body.add(ir.let(v, n == 0 ? r(h.a) : add(r(locals.get(n - 1)), bin(BinaryOp.MUL, Prim.LONG, r(h.b), l(n)))));
        }
        Expr sum = l(0);
        for (Local v : locals) sum = add(sum, r(v));
        h.body.add(h.out(3, sum));
        long a = 1000, b = 7;
        try (LoadedObject o = Harness.run(h.unit(2), a, b, 2)) {
            assertTrue(Harness.out(o, 0) > 0, "bpf_ktime_get_ns");
            long cpu = Harness.out(o, 1);
            assertTrue(cpu >= 0 && cpu < Runtime.getRuntime().availableProcessors() * 64L, "cpu " + cpu);
            long expected = 0, v = a;
            for (int n = 0; n < 12; n++) {
                if (n > 0) v += b * n;
                expected += v;
            }
            assertEquals(expected, Harness.out(o, 3));
        }
    }
}
