package dev.ebpf4j.processor.bpf;

import static dev.ebpf4j.processor.fixture.Ir.bin;
import static dev.ebpf4j.processor.fixture.Ir.cmp;
import static dev.ebpf4j.processor.fixture.Ir.cond;
import static dev.ebpf4j.processor.fixture.Ir.conv;
import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.intr;
import static dev.ebpf4j.processor.fixture.Ir.l;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static dev.ebpf4j.processor.fixture.JavaSemantics.binary;
import static dev.ebpf4j.processor.fixture.JavaSemantics.compare;
import static dev.ebpf4j.processor.fixture.JavaSemantics.narrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.LogicalOp;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.UnaryOp;
import dev.ebpf4j.testing.RequiresBpf;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.LongBinaryOperator;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Java's integer semantics in the kernel: one program computes well over a hundred expressions
 * (every operator over byte, short, char, int and long, conversions, shifts with masked distances,
 * signed and unsigned comparisons, the JDK's byte-order and unsigned helpers) from two longs in an
 * input array and stores each result; the same expressions evaluated by the JVM are the oracle.
 */
@RequiresBpf
class ArithmeticProperties {
    private record Case(String name, LongBinaryOperator java, BinaryOperator<Expr> ir) {}

    private static final MapDecl IN = Ir.mapDecl("in", MapKind.ARRAY, Prim.INT, Prim.LONG, 2);
    private static final MapDecl OUT = Ir.mapDecl("out", MapKind.ARRAY, Prim.INT, Prim.LONG, 512);
    private static final List<Case> CASES = cases();
    private static final Kernel.Once LOADED = new Kernel.Once(() -> Kernel.load(program()));

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        BinaryOp[] arithmetic = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.AND, BinaryOp.OR, BinaryOp.XOR,
                BinaryOp.SHL, BinaryOp.SHR, BinaryOp.USHR};
        for (Prim t : List.of(Prim.BYTE, Prim.SHORT, Prim.CHAR, Prim.INT)) {
            cases.add(new Case("(" + t.javaName() + ") a", (a, b) -> narrow(t, a), (a, b) -> conv(t, a)));
            for (BinaryOp op : arithmetic) {
                cases.add(new Case(t.javaName() + " " + op, (a, b) -> binary(op, Prim.INT, narrow(t, a), narrow(t, b)),
                        (a, b) -> bin(op, Prim.INT, conv(Prim.INT, conv(t, a)), conv(Prim.INT, conv(t, b)))));
                cases.add(new Case("(" + t.javaName() + ")(" + t.javaName() + " " + op + ")",
                        (a, b) -> narrow(t, binary(op, Prim.INT, narrow(t, a), narrow(t, b))),
                        (a, b) -> conv(t, bin(op, Prim.INT, conv(Prim.INT, conv(t, a)), conv(Prim.INT, conv(t, b))))));
            }
            for (CompareOp op : CompareOp.values()) {
                cases.add(new Case(t.javaName() + " " + op, (a, b) -> compare(op, Prim.INT, narrow(t, a), narrow(t, b)) ? 1 : 0,
                        (a, b) -> cmp(op, Prim.INT, conv(Prim.INT, conv(t, a)), conv(Prim.INT, conv(t, b)))));
            }
        }
        for (BinaryOp op : arithmetic) {
            cases.add(new Case("long " + op, (a, b) -> binary(op, Prim.LONG, a, b), (a, b) -> bin(op, Prim.LONG, a, b)));
        }
        for (CompareOp op : CompareOp.values()) {
            cases.add(new Case("long " + op, (a, b) -> compare(op, Prim.LONG, a, b) ? 1 : 0, (a, b) -> cmp(op, Prim.LONG, a, b)));
            cases.add(new Case("int " + op + " 1000", (a, b) -> compare(op, Prim.INT, a, 1000) ? 1 : 0,
                    (a, b) -> cmp(op, Prim.INT, conv(Prim.INT, a), i(1000))));
            cases.add(new Case("-7 " + op + " int", (a, b) -> compare(op, Prim.INT, -7, b) ? 1 : 0,
                    (a, b) -> cmp(op, Prim.INT, i(-7), conv(Prim.INT, b))));
            cases.add(new Case("long " + op + " 2^40", (a, b) -> compare(op, Prim.LONG, a, 1L << 40) ? 1 : 0,
                    (a, b) -> cmp(op, Prim.LONG, a, l(1L << 40))));
        }
        for (int d : new int[] {7, -3, 1 << 20}) {
            cases.add(new Case("int udiv " + d, (a, b) -> Integer.divideUnsigned((int) a, d), (a, b) -> bin(BinaryOp.UDIV, Prim.INT, conv(Prim.INT, a), i(d))));
            cases.add(new Case("int urem " + d, (a, b) -> Integer.remainderUnsigned((int) a, d), (a, b) -> bin(BinaryOp.UREM, Prim.INT, conv(Prim.INT, a), i(d))));
        }
        for (long d : new long[] {7, -3, 0x1_0000_0001L}) {
            cases.add(new Case("long udiv " + d, (a, b) -> Long.divideUnsigned(a, d), (a, b) -> bin(BinaryOp.UDIV, Prim.LONG, a, l(d))));
            cases.add(new Case("long urem " + d, (a, b) -> Long.remainderUnsigned(a, d), (a, b) -> bin(BinaryOp.UREM, Prim.LONG, a, l(d))));
        }
        cases.add(new Case("int shl 35", (a, b) -> (int) a << 35, (a, b) -> bin(BinaryOp.SHL, Prim.INT, conv(Prim.INT, a), i(35))));
        cases.add(new Case("long >>> 70", (a, b) -> a >>> 70, (a, b) -> bin(BinaryOp.USHR, Prim.LONG, a, l(70))));
        cases.add(new Case("long << int", (a, b) -> a << (int) b, (a, b) -> bin(BinaryOp.SHL, Prim.LONG, a, conv(Prim.LONG, conv(Prim.INT, b)))));
        cases.add(new Case("int + 0x7fffffff", (a, b) -> (int) a + 0x7fffffff, (a, b) -> bin(BinaryOp.ADD, Prim.INT, conv(Prim.INT, a), i(0x7fffffff))));
        cases.add(new Case("long * big", (a, b) -> a * 0x1234_5678_9abcL, (a, b) -> bin(BinaryOp.MUL, Prim.LONG, a, l(0x1234_5678_9abcL))));
        cases.add(new Case("long & -16", (a, b) -> a & -16, (a, b) -> bin(BinaryOp.AND, Prim.LONG, a, l(-16))));
        cases.add(new Case("-int", (a, b) -> -(int) a, (a, b) -> Ir.unary(UnaryOp.NEG, conv(Prim.INT, a))));
        cases.add(new Case("~int", (a, b) -> ~(int) a, (a, b) -> Ir.unary(UnaryOp.BIT_NOT, conv(Prim.INT, a))));
        cases.add(new Case("-long", (a, b) -> -a, (a, b) -> Ir.unary(UnaryOp.NEG, a)));
        cases.add(new Case("~long", (a, b) -> ~a, (a, b) -> Ir.unary(UnaryOp.BIT_NOT, a)));
        cases.add(new Case("(long)(int) a", (a, b) -> (long) (int) a, (a, b) -> conv(Prim.LONG, conv(Prim.INT, a))));
        cases.add(new Case("(long)(char) a", (a, b) -> (long) (char) a, (a, b) -> conv(Prim.LONG, conv(Prim.CHAR, a))));
        cases.add(new Case("(short)(char) a", (a, b) -> (short) (char) a, (a, b) -> conv(Prim.SHORT, conv(Prim.CHAR, a))));
        cases.add(new Case("(char)(byte) a", (a, b) -> (char) (byte) a, (a, b) -> conv(Prim.CHAR, conv(Prim.BYTE, a))));
        cases.add(new Case("Integer.reverseBytes", (a, b) -> Integer.reverseBytes((int) a), (a, b) -> intr(Intrinsic.REVERSE_BYTES_INT, conv(Prim.INT, a))));
        cases.add(new Case("Long.reverseBytes", (a, b) -> Long.reverseBytes(a), (a, b) -> intr(Intrinsic.REVERSE_BYTES_LONG, a)));
        cases.add(new Case("Short.reverseBytes", (a, b) -> Short.reverseBytes((short) a), (a, b) -> intr(Intrinsic.REVERSE_BYTES_SHORT, conv(Prim.SHORT, a))));
        cases.add(new Case("Character.reverseBytes", (a, b) -> Character.reverseBytes((char) a), (a, b) -> intr(Intrinsic.REVERSE_BYTES_CHAR, conv(Prim.CHAR, a))));
        cases.add(new Case("Integer.toUnsignedLong", (a, b) -> Integer.toUnsignedLong((int) a), (a, b) -> intr(Intrinsic.INT_TO_UNSIGNED_LONG, conv(Prim.INT, a))));
        cases.add(new Case("Integer.compareUnsigned", (a, b) -> Integer.compareUnsigned((int) a, (int) b),
                (a, b) -> intr(Intrinsic.INT_COMPARE_UNSIGNED, conv(Prim.INT, a), conv(Prim.INT, b))));
        cases.add(new Case("Long.compareUnsigned", (a, b) -> Long.compareUnsigned(a, b), (a, b) -> intr(Intrinsic.LONG_COMPARE_UNSIGNED, a, b)));
        cases.add(new Case("a < b && b != 0", (a, b) -> a < b && b != 0 ? 1 : 0,
                (a, b) -> new Expr.Logical(LogicalOp.AND, cmp(CompareOp.LT, Prim.LONG, a, b), cmp(CompareOp.NE, Prim.LONG, b, l(0)))));
        cases.add(new Case("a == 0 || (int) b > 5", (a, b) -> a == 0 || (int) b > 5 ? 1 : 0,
                (a, b) -> new Expr.Logical(LogicalOp.OR, cmp(CompareOp.EQ, Prim.LONG, a, l(0)), cmp(CompareOp.GT, Prim.INT, conv(Prim.INT, b), i(5)))));
        cases.add(new Case("a > b ? a - b : b * 3", (a, b) -> a > b ? a - b : b * 3,
                (a, b) -> cond(cmp(CompareOp.GT, Prim.LONG, a, b), bin(BinaryOp.SUB, Prim.LONG, a, b), bin(BinaryOp.MUL, Prim.LONG, b, l(3)))));
        cases.add(new Case("!(a != b) ^ true", (a, b) -> !(a != b) ^ true ? 1 : 0,
                (a, b) -> bin(BinaryOp.XOR, Prim.BOOLEAN, Ir.not(cmp(CompareOp.NE, Prim.LONG, a, b)), Ir.bool(true))));
        cases.add(new Case("nested", (a, b) -> ((int) a * 31 + (int) b) ^ ((int) a >>> 3) - ((int) b << 2),
                (a, b) -> bin(BinaryOp.XOR, Prim.INT,
                        bin(BinaryOp.ADD, Prim.INT, bin(BinaryOp.MUL, Prim.INT, conv(Prim.INT, a), i(31)), conv(Prim.INT, b)),
                        bin(BinaryOp.SUB, Prim.INT, bin(BinaryOp.USHR, Prim.INT, conv(Prim.INT, a), i(3)), bin(BinaryOp.SHL, Prim.INT, conv(Prim.INT, b), i(2))))));
        return cases;
    }

    static ProgramUnit program() {
        Ir ir = new Ir();
        Local ctx = ir.context(Hook.XDP);
        Local p = ir.local("p", Ir.pointer(IN));
        Local q = ir.local("q", Ir.pointer(IN));
        Local a = ir.local("a", Prim.LONG);
        Local b = ir.local("b", Prim.LONG);
        List<Stmt> body = new ArrayList<>(ir.lookupOrReturn(p, IN, i(0), 1));
        body.addAll(ir.lookupOrReturn(q, IN, i(1), 1));
        body.add(ir.let(a, Ir.load(r(p))));
        body.add(ir.let(b, Ir.load(r(q))));
        for (int k = 0; k < CASES.size(); k++) {
            body.add(ir.eval(Ir.putLong(OUT, k, CASES.get(k).ir().apply(r(a), r(b)))));
        }
        body.add(ir.ret(i(2)));
        return new ProgramUnit("t", "Arithmetic", Ir.FILE, "GPL", List.of(IN, OUT), List.of(),
                List.of(ir.entry("arithmetic", Hook.XDP, ctx, body)));
    }

    @AfterContainer
    static void close() {
        LOADED.close();
    }

    @Property(tries = 300)
    void everyExpressionAgreesWithTheJvm(@ForAll long a, @ForAll long b) {
        check(a, b);
    }

    @Example
    void edgeOperands() {
        long[] edges = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 0x80, 0xff, 0x8000, 0xffff, 31, 32, 63, 64};
        for (long a : edges) for (long b : edges) check(a, b);
    }

    private static void check(long a, long b) {
        LoadedObject o = LOADED.get();
        Kernel.putLong(o.map("in"), 0, a);
        Kernel.putLong(o.map("in"), 1, b);
        assertEquals(2, o.program("arithmetic").testRun(new byte[64], 1).retval());
        for (int k = 0; k < CASES.size(); k++) {
            Case c = CASES.get(k);
            long kernel = Kernel.getLong(o.map("out"), k).orElseThrow();
            assertEquals(c.java().applyAsLong(a, b), kernel, c.name() + " with a=" + a + ", b=" + b);
        }
    }
}
