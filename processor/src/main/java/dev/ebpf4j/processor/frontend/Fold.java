package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Expr.Constant;
import dev.ebpf4j.processor.ir.LogicalOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.UnaryOp;

/**
 * Builds IR expressions, folding those whose operands are constants with Java's exact semantics
 * (int arithmetic wraps at 32 bits, shifts mask their distance, comparisons are signed unless
 * unsigned). Folding only drops pure operands: map calls and inlined calls never sit inside an
 * expression (the lowering moves them into statements first).
 */
final class Fold {
    private Fold() {
    }

    /** {@code operand} converted to {@code to}; no node when it already has that type. */
    static Expr convert(Prim to, Expr operand) {
        if (operand.type() == to) return operand;
        if (operand instanceof Constant c) return new Constant(to, to.normalize(c.value()));
        return new Expr.Convert(to, operand);
    }

    static Expr unary(UnaryOp op, Expr operand) {
        if (operand instanceof Constant c) {
            Prim type = c.type();
            return switch (op) {
                case NEG -> new Constant(type, type.normalize(-c.value()));
                case BIT_NOT -> new Constant(type, type.normalize(~c.value()));
                case NOT -> Constant.ofBoolean(c.value() == 0);
            };
        }
        if (op == UnaryOp.NOT && operand instanceof Expr.Unary(UnaryOp inner, Expr x) && inner == UnaryOp.NOT) return x;
        return new Expr.Unary(op, operand);
    }

    static Expr binary(BinaryOp op, Prim type, Expr left, Expr right) {
        if (left instanceof Constant a && right instanceof Constant b
                && !((op == BinaryOp.UDIV || op == BinaryOp.UREM) && b.value() == 0)) {
            return new Constant(type, type == Prim.LONG ? longOp(op, a.value(), b.value())
                    : type.normalize(intOp(op, (int) a.value(), (int) b.value())));
        }
        return new Expr.Binary(op, type, left, right);
    }

    private static long longOp(BinaryOp op, long a, long b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case AND -> a & b;
            case OR -> a | b;
            case XOR -> a ^ b;
            case SHL -> a << b;
            case SHR -> a >> b;
            case USHR -> a >>> b;
            case UDIV -> Long.divideUnsigned(a, b);
            case UREM -> Long.remainderUnsigned(a, b);
        };
    }

    private static int intOp(BinaryOp op, int a, int b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case AND -> a & b;
            case OR -> a | b;
            case XOR -> a ^ b;
            case SHL -> a << b;
            case SHR -> a >> b;
            case USHR -> a >>> b;
            case UDIV -> Integer.divideUnsigned(a, b);
            case UREM -> Integer.remainderUnsigned(a, b);
        };
    }

    static Expr compare(CompareOp op, Prim operandType, Expr left, Expr right) {
        if (left instanceof Constant a && right instanceof Constant b) {
            long x = a.value();
            long y = b.value();
            int signed = Long.compare(x, y);
            int unsigned = operandType == Prim.LONG ? Long.compareUnsigned(x, y) : Integer.compareUnsigned((int) x, (int) y);
            boolean result = switch (op) {
                case EQ -> x == y;
                case NE -> x != y;
                case LT -> signed < 0;
                case LE -> signed <= 0;
                case GT -> signed > 0;
                case GE -> signed >= 0;
                case ULT -> unsigned < 0;
                case ULE -> unsigned <= 0;
                case UGT -> unsigned > 0;
                case UGE -> unsigned >= 0;
            };
            return Constant.ofBoolean(result);
        }
        return new Expr.Compare(op, operandType, left, right);
    }

    static Expr logical(LogicalOp op, Expr left, Expr right) {
        if (left instanceof Constant a) {
            boolean value = a.value() != 0;
            if (op == LogicalOp.AND) return value ? right : Constant.ofBoolean(false);
            return value ? Constant.ofBoolean(true) : right;
        }
        if (right instanceof Constant b) {
            boolean value = b.value() != 0;
            if (op == LogicalOp.AND && value) return left;
            if (op == LogicalOp.OR && !value) return left;
        }
        return new Expr.Logical(op, left, right);
    }

    static Expr conditional(Expr condition, Expr whenTrue, Expr whenFalse) {
        if (condition instanceof Constant c) return c.value() != 0 ? whenTrue : whenFalse;
        return new Expr.Conditional(condition, whenTrue, whenFalse);
    }
}
