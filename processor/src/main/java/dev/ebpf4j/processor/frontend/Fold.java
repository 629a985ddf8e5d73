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
            return new Constant(type, op.apply(type, a.value(), b.value()));
        }
        return new Expr.Binary(op, type, left, right);
    }

    static Expr compare(CompareOp op, Prim operandType, Expr left, Expr right) {
        if (left instanceof Constant a && right instanceof Constant b) {
            return Constant.ofBoolean(op.test(operandType, a.value(), b.value()));
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
