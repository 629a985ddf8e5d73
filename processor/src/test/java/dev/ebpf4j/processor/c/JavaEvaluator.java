package dev.ebpf4j.processor.c;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import java.util.Map;

/**
 * The value Java gives a pure expression of the IR, computed with Java's own operators: the
 * oracle of the random expression properties. Values are longs holding the type's normalised value.
 */
final class JavaEvaluator {
    private final Map<Local, Long> locals;

    JavaEvaluator(Map<Local, Long> locals) {
        this.locals = locals;
    }

    long eval(Expr expression) {
        return switch (expression) {
            case Expr.Constant c -> c.value();
            case Expr.Read r -> locals.get(r.local());
            case Expr.Unary u -> {
                long v = eval(u.operand());
                Prim type = (Prim) u.type();
                yield switch (u.op()) {
                    case NEG -> type == Prim.LONG ? -v : (int) -v;
                    case BIT_NOT -> type == Prim.LONG ? ~v : (int) ~v;
                    case NOT -> v == 0 ? 1 : 0;
                };
            }
            case Expr.Binary b -> binary(b);
            case Expr.Compare c -> compare(c) ? 1 : 0;
            case Expr.Logical l -> switch (l.op()) {
                case AND -> eval(l.left()) != 0 && eval(l.right()) != 0 ? 1 : 0;
                case OR -> eval(l.left()) != 0 || eval(l.right()) != 0 ? 1 : 0;
            };
            case Expr.Conditional c -> eval(c.condition()) != 0 ? eval(c.whenTrue()) : eval(c.whenFalse());
            case Expr.Convert c -> c.to().normalize(eval(c.operand()));
            case Expr.IntrinsicCall call -> switch (call.intrinsic()) {
                case REVERSE_BYTES_INT -> Integer.reverseBytes((int) eval(call.arguments().getFirst()));
                case REVERSE_BYTES_LONG -> Long.reverseBytes(eval(call.arguments().getFirst()));
                case REVERSE_BYTES_SHORT -> Short.reverseBytes((short) eval(call.arguments().getFirst()));
                case REVERSE_BYTES_CHAR -> Character.reverseBytes((char) eval(call.arguments().getFirst()));
                case INT_TO_UNSIGNED_LONG -> Integer.toUnsignedLong((int) eval(call.arguments().getFirst()));
                case INT_COMPARE_UNSIGNED -> Integer.compareUnsigned((int) eval(call.arguments().get(0)), (int) eval(call.arguments().get(1)));
                case LONG_COMPARE_UNSIGNED -> Long.compareUnsigned(eval(call.arguments().get(0)), eval(call.arguments().get(1)));
                default -> throw new IllegalArgumentException(call.intrinsic() + " is not pure");
            };
            default -> throw new IllegalArgumentException(expression + " is not pure");
        };
    }

    private long binary(Expr.Binary b) {
        long l = eval(b.left());
        long r = eval(b.right());
        if (b.type() == Prim.BOOLEAN) {
            return switch (b.op()) {
                case AND -> l & r;
                case OR -> l | r;
                case XOR -> l ^ r;
                default -> throw new IllegalArgumentException(b.op() + " on booleans");
            };
        }
        if (b.type() == Prim.LONG) {
            return switch (b.op()) {
                case ADD -> l + r;
                case SUB -> l - r;
                case MUL -> l * r;
                case AND -> l & r;
                case OR -> l | r;
                case XOR -> l ^ r;
                case SHL -> l << r;
                case SHR -> l >> r;
                case USHR -> l >>> r;
                case UDIV -> Long.divideUnsigned(l, r);
                case UREM -> Long.remainderUnsigned(l, r);
            };
        }
        int x = (int) l;
        int y = (int) r;
        return switch (b.op()) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case AND -> x & y;
            case OR -> x | y;
            case XOR -> x ^ y;
            case SHL -> x << r;
            case SHR -> x >> r;
            case USHR -> x >>> r;
            case UDIV -> Integer.divideUnsigned(x, y);
            case UREM -> Integer.remainderUnsigned(x, y);
        };
    }

    private boolean compare(Expr.Compare c) {
        long l = eval(c.left());
        long r = eval(c.right());
        return switch (c.op()) {
            case EQ -> l == r;
            case NE -> l != r;
            case LT -> l < r;
            case LE -> l <= r;
            case GT -> l > r;
            case GE -> l >= r;
            case ULT -> Long.compareUnsigned(l, r) < 0;
            case ULE -> Long.compareUnsigned(l, r) <= 0;
            case UGT -> Long.compareUnsigned(l, r) > 0;
            case UGE -> Long.compareUnsigned(l, r) >= 0;
        };
    }
}
