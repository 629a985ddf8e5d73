package dev.ebpf4j.processor.c;

import static dev.ebpf4j.processor.fixture.Ir.*;

import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.LogicalOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.UnaryOp;
import java.util.List;
import java.util.Random;

/** Random pure expressions over the locals x (int), y (long), s (short), c (char), b (byte): every operator, overflow-prone constants. */
final class RandomExpressions {
    private static final long[] INTERESTING = {0, 1, -1, 2, 3, 7, 31, 32, 33, 63, 64, 65, 255, 0x7fff, 0x8000, 0xffff,
        Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 0x1_0000_0000L, 0xdead_beefL};

    private final Random random;
    private final Local x;
    private final Local y;
    private final Local s;
    private final Local c;
    private final Local b;

    RandomExpressions(Random random, List<Local> locals) {
        this.random = random;
        this.x = locals.get(0);
        this.y = locals.get(1);
        this.s = locals.get(2);
        this.c = locals.get(3);
        this.b = locals.get(4);
    }

    Expr of(Prim type, int depth) {
        if (depth == 0 || random.nextInt(5) == 0) return leaf(type);
        return switch (type) {
            case BOOLEAN -> condition(depth);
            case INT, LONG -> number(type, depth);
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    private Expr leaf(Prim type) {
        if (type == Prim.BOOLEAN) return random.nextBoolean() ? Ir.bool(random.nextBoolean()) : lt(r(x), i(random.nextInt(100) - 50));
        if (random.nextInt(3) == 0) return constant(type);
        return switch (random.nextInt(5)) {
            case 0 -> widen(type, r(x));
            case 1 -> type == Prim.LONG ? r(y) : conv(Prim.INT, r(y));
            case 2 -> widen(type, conv(Prim.INT, r(s)));
            case 3 -> widen(type, conv(Prim.INT, r(c)));
            default -> widen(type, conv(Prim.INT, r(b)));
        };
    }

    private static Expr widen(Prim type, Expr intValue) {
        return type == Prim.LONG ? conv(Prim.LONG, intValue) : intValue;
    }

    private Expr.Constant constant(Prim type) {
        long value = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : random.nextLong();
        return new Expr.Constant(type, type.normalize(value));
    }

    private Expr number(Prim type, int depth) {
        int choice = random.nextInt(16);
        return switch (choice) {
            case 0, 1, 2, 3, 4, 5, 6, 7, 8 -> {
                BinaryOp op = BinaryOp.values()[random.nextInt(BinaryOp.values().length)];
                Expr left = of(type, depth - 1);
                Expr right;
                if (op == BinaryOp.UDIV || op == BinaryOp.UREM) {
                    Expr.Constant divisor = constant(type);
                    right = divisor.value() == 0 ? new Expr.Constant(type, 3) : divisor;
                } else if (op == BinaryOp.SHL || op == BinaryOp.SHR || op == BinaryOp.USHR) {
                    right = random.nextBoolean() ? of(Prim.INT, depth - 1) : i(random.nextInt(200) - 50);
                    yield new Expr.Binary(op, type, left, right);
                } else {
                    right = of(type, depth - 1);
                }
                yield new Expr.Binary(op, type, left, right);
            }
            case 9 -> unary(random.nextBoolean() ? UnaryOp.NEG : UnaryOp.BIT_NOT, of(type, depth - 1));
            case 10 -> cond(of(Prim.BOOLEAN, depth - 1), of(type, depth - 1), of(type, depth - 1));
            case 11 -> {
                Prim narrow = List.of(Prim.BYTE, Prim.SHORT, Prim.CHAR).get(random.nextInt(3));
                Expr narrowed = conv(narrow, of(random.nextBoolean() ? Prim.INT : Prim.LONG, depth - 1));
                yield widen(type, conv(Prim.INT, narrowed));
            }
            case 12 -> type == Prim.LONG ? conv(Prim.LONG, of(Prim.INT, depth - 1)) : conv(Prim.INT, of(Prim.LONG, depth - 1));
            case 13 -> type == Prim.LONG
                    ? (random.nextBoolean() ? intr(Intrinsic.REVERSE_BYTES_LONG, of(Prim.LONG, depth - 1))
                            : intr(Intrinsic.INT_TO_UNSIGNED_LONG, of(Prim.INT, depth - 1)))
                    : intr(Intrinsic.REVERSE_BYTES_INT, of(Prim.INT, depth - 1));
            case 14 -> widen(type, random.nextBoolean()
                    ? intr(Intrinsic.INT_COMPARE_UNSIGNED, of(Prim.INT, depth - 1), of(Prim.INT, depth - 1))
                    : intr(Intrinsic.LONG_COMPARE_UNSIGNED, of(Prim.LONG, depth - 1), of(Prim.LONG, depth - 1)));
            default -> widen(type, conv(Prim.INT, random.nextBoolean()
                    ? intr(Intrinsic.REVERSE_BYTES_SHORT, conv(Prim.SHORT, of(Prim.INT, depth - 1)))
                    : intr(Intrinsic.REVERSE_BYTES_CHAR, conv(Prim.CHAR, of(Prim.INT, depth - 1)))));
        };
    }

    private Expr condition(int depth) {
        return switch (random.nextInt(4)) {
            case 0 -> {
                Prim type = random.nextBoolean() ? Prim.INT : Prim.LONG;
                yield new Expr.Compare(CompareOp.values()[random.nextInt(CompareOp.values().length)], type,
                        of(type, depth - 1), of(type, depth - 1));
            }
            case 1 -> new Expr.Logical(random.nextBoolean() ? LogicalOp.AND : LogicalOp.OR, of(Prim.BOOLEAN, depth - 1),
                    of(Prim.BOOLEAN, depth - 1));
            case 2 -> not(of(Prim.BOOLEAN, depth - 1));
            default -> new Expr.Binary(List.of(BinaryOp.AND, BinaryOp.OR, BinaryOp.XOR).get(random.nextInt(3)), Prim.BOOLEAN,
                    of(Prim.BOOLEAN, depth - 1), of(Prim.BOOLEAN, depth - 1));
        };
    }
}
