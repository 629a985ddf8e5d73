package dev.ebpf4j.processor.c;

import static dev.ebpf4j.processor.fixture.Ir.*;

import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.UnaryOp;
import java.util.List;

/**
 * Expressions over an int {@code x}, a long {@code y}, a short {@code s} and a char {@code c},
 * each with the value Java gives it: the arithmetic family's program stores each one, widened to
 * long, in element {@code index} of its results array.
 */
final class ArithmeticCases {
    private ArithmeticCases() {
    }

    /** Operand expressions handed to a case. */
    record Operands(Expr x, Expr y, Expr s, Expr c) {
    }

    /** The Java values of the operands. */
    record Values(int x, long y, short s, char c) {
    }

    interface Build {
        Expr of(Operands o);
    }

    interface Oracle {
        long of(Values v);
    }

    record Case(String name, Build build, Oracle oracle) {
    }

    private static Expr xi(Operands o) {
        return o.x();
    }

    static final List<Case> CASES = List.of(
            new Case("x + y as int", o -> add(o.x(), conv(Prim.INT, o.y())), v -> v.x() + (int) v.y()),
            new Case("x - 7", o -> sub(o.x(), i(7)), v -> v.x() - 7),
            new Case("x * x", o -> mul(o.x(), o.x()), v -> v.x() * v.x()),
            new Case("-x", o -> unary(UnaryOp.NEG, o.x()), v -> -v.x()),
            new Case("~x", o -> unary(UnaryOp.BIT_NOT, o.x()), v -> ~v.x()),
            new Case("x + x + x", o -> add(add(o.x(), o.x()), o.x()), v -> v.x() + v.x() + v.x()),
            new Case("x << y", o -> bin(BinaryOp.SHL, o.x(), conv(Prim.INT, o.y())), v -> v.x() << (int) v.y()),
            new Case("x >> y", o -> bin(BinaryOp.SHR, o.x(), conv(Prim.INT, o.y())), v -> v.x() >> (int) v.y()),
            new Case("x >>> y", o -> bin(BinaryOp.USHR, o.x(), conv(Prim.INT, o.y())), v -> v.x() >>> (int) v.y()),
            new Case("x >>> 3", o -> bin(BinaryOp.USHR, o.x(), i(3)), v -> v.x() >>> 3),
            new Case("(x + 1) >> 1", o -> bin(BinaryOp.SHR, add(o.x(), i(1)), i(1)), v -> (v.x() + 1) >> 1),
            new Case("y + y", o -> add(o.y(), o.y()), v -> v.y() + v.y()),
            new Case("y * x", o -> mul(o.y(), conv(Prim.LONG, o.x())), v -> v.y() * v.x()),
            new Case("y << x", o -> bin(BinaryOp.SHL, o.y(), o.x()), v -> v.y() << v.x()),
            new Case("y >> x", o -> bin(BinaryOp.SHR, o.y(), o.x()), v -> v.y() >> v.x()),
            new Case("y >>> x", o -> bin(BinaryOp.USHR, o.y(), o.x()), v -> v.y() >>> v.x()),
            new Case("-y", o -> unary(UnaryOp.NEG, o.y()), v -> -v.y()),
            new Case("divideUnsigned(x, 10)", o -> bin(BinaryOp.UDIV, o.x(), i(10)), v -> Integer.divideUnsigned(v.x(), 10)),
            new Case("remainderUnsigned(x, 7)", o -> bin(BinaryOp.UREM, o.x(), i(7)), v -> Integer.remainderUnsigned(v.x(), 7)),
            new Case("divideUnsigned(y, -3L)", o -> bin(BinaryOp.UDIV, o.y(), l(-3)), v -> Long.divideUnsigned(v.y(), -3L)),
            new Case("(byte) x", o -> conv(Prim.BYTE, o.x()), v -> (byte) v.x()),
            new Case("(short) (x * 3)", o -> conv(Prim.SHORT, mul(o.x(), i(3))), v -> (short) (v.x() * 3)),
            new Case("(char) x", o -> conv(Prim.CHAR, o.x()), v -> (char) v.x()),
            new Case("(int) y", o -> conv(Prim.INT, o.y()), v -> (int) v.y()),
            new Case("s * c", o -> mul(conv(Prim.INT, o.s()), conv(Prim.INT, o.c())), v -> v.s() * v.c()),
            new Case("c * c", o -> mul(conv(Prim.INT, o.c()), conv(Prim.INT, o.c())), v -> v.c() * v.c()),
            new Case("s >> 1", o -> bin(BinaryOp.SHR, conv(Prim.INT, o.s()), i(1)), v -> v.s() >> 1),
            new Case("x & 0xff0 | y ^ 5", o -> bin(BinaryOp.OR, conv(Prim.LONG, and(o.x(), i(0xff0))), bin(BinaryOp.XOR, o.y(), l(5))),
                    v -> (v.x() & 0xff0) | (v.y() ^ 5)),
            new Case("x < 0", o -> lt(o.x(), i(0)), v -> v.x() < 0 ? 1 : 0),
            new Case("x + 1 == 0", o -> eq(add(o.x(), i(1)), i(0)), v -> v.x() + 1 == 0 ? 1 : 0),
            new Case("compareUnsigned(x, 5) < 0", o -> cmp(CompareOp.ULT, o.x(), i(5)), v -> Integer.compareUnsigned(v.x(), 5) < 0 ? 1 : 0),
            new Case("y unsigned> -2L", o -> cmp(CompareOp.UGT, o.y(), l(-2)), v -> Long.compareUnsigned(v.y(), -2L) > 0 ? 1 : 0),
            new Case("x >= y", o -> cmp(CompareOp.GE, conv(Prim.LONG, o.x()), o.y()), v -> v.x() >= v.y() ? 1 : 0),
            new Case("x > 3 && y != 0 || c == 65", o -> orElse(andAlso(cmp(CompareOp.GT, o.x(), i(3)), ne(o.y(), l(0))),
                    eq(conv(Prim.INT, o.c()), i(65))), v -> v.x() > 3 && v.y() != 0 || v.c() == 65 ? 1 : 0),
            new Case("x < 0 ? -x : x", o -> cond(lt(o.x(), i(0)), unary(UnaryOp.NEG, o.x()), o.x()), v -> v.x() < 0 ? -v.x() : v.x()),
            new Case("Integer.compareUnsigned(x, -5)", o -> intr(Intrinsic.INT_COMPARE_UNSIGNED, o.x(), i(-5)),
                    v -> Integer.compareUnsigned(v.x(), -5)),
            new Case("Long.compareUnsigned(y, 9)", o -> intr(Intrinsic.LONG_COMPARE_UNSIGNED, o.y(), l(9)),
                    v -> Long.compareUnsigned(v.y(), 9)),
            new Case("Integer.reverseBytes(x)", o -> intr(Intrinsic.REVERSE_BYTES_INT, o.x()), v -> Integer.reverseBytes(v.x())),
            new Case("Long.reverseBytes(y)", o -> intr(Intrinsic.REVERSE_BYTES_LONG, o.y()), v -> Long.reverseBytes(v.y())),
            new Case("Short.reverseBytes(s)", o -> intr(Intrinsic.REVERSE_BYTES_SHORT, o.s()), v -> Short.reverseBytes(v.s())),
            new Case("Character.reverseBytes(c)", o -> intr(Intrinsic.REVERSE_BYTES_CHAR, o.c()), v -> Character.reverseBytes(v.c())),
            new Case("Integer.toUnsignedLong(x) + 1", o -> add(intr(Intrinsic.INT_TO_UNSIGNED_LONG, o.x()), l(1)),
                    v -> Integer.toUnsignedLong(v.x()) + 1),
            new Case("(x + 2147483647) * 2 - 1 as long", o -> conv(Prim.LONG, sub(mul(add(o.x(), i(Integer.MAX_VALUE)), i(2)), i(1))),
                    v -> (long) ((v.x() + Integer.MAX_VALUE) * 2 - 1)),
            new Case("Long.MIN_VALUE - y", o -> sub(l(Long.MIN_VALUE), o.y()), v -> Long.MIN_VALUE - v.y()),
            new Case("Integer.MIN_VALUE / -1 unsigned", o -> bin(BinaryOp.UDIV, i(Integer.MIN_VALUE), i(-1)),
                    v -> Integer.divideUnsigned(Integer.MIN_VALUE, -1)));
}
