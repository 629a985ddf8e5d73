package dev.ebpf4j.processor.passes;

import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Expr.Binary;
import dev.ebpf4j.processor.ir.Expr.Compare;
import dev.ebpf4j.processor.ir.Expr.Conditional;
import dev.ebpf4j.processor.ir.Expr.Constant;
import dev.ebpf4j.processor.ir.Expr.Convert;
import dev.ebpf4j.processor.ir.Expr.Logical;
import dev.ebpf4j.processor.ir.Expr.Unary;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.LogicalOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.UnaryOp;

/**
 * Constant folding with Java's exact semantics (int arithmetic wraps at 32 bits, shifts mask
 * their distance, comparisons are signed unless unsigned), the one folder of both stages as
 * javac's {@code ConstFold} serves both {@code Attr} and {@code Lower}: the front end builds its
 * expressions through the factory methods, which fold when the operands are constants, and the
 * back end folds whole trees it is given with {@link #fold}, which applies the same rules
 * bottom up. A short-circuit operator or a conditional with a constant condition loses its dead
 * side; folding only drops pure operands, since the front end never leaves a map call or an
 * inlined call inside an expression.
 *
 * <pre>{@code
 * Expr five = ConstantFolder.binary(BinaryOp.ADD, Prim.INT, Constant.ofInt(2), Constant.ofInt(3));
 * Expr folded = ConstantFolder.fold(tree);   // (x + (2 * 3)) as (x + 6)
 * }</pre>
 */
public final class ConstantFolder {
    private ConstantFolder() {
    }

    /** {@code operand} converted to {@code to}; no node when it already has that type. */
    public static Expr convert(Prim to, Expr operand) {
        if (operand.type() == to) return operand;
        if (operand instanceof Constant c) return new Constant(to, to.normalize(c.value()));
        return new Convert(to, operand);
    }

    /** {@code op operand}; {@code !!x} is {@code x}. */
    public static Expr unary(UnaryOp op, Expr operand) {
        if (operand instanceof Constant c) {
            Prim type = c.type();
            return switch (op) {
                case NEG -> new Constant(type, type.normalize(-c.value()));
                case BIT_NOT -> new Constant(type, type.normalize(~c.value()));
                case NOT -> Constant.ofBoolean(c.value() == 0);
            };
        }
        if (op == UnaryOp.NOT && operand instanceof Unary(UnaryOp inner, Expr x) && inner == UnaryOp.NOT) return x;
        return new Unary(op, operand);
    }

    /** {@code left op right}; an unsigned division by a constant zero stays, for the front end to refuse. */
    public static Expr binary(BinaryOp op, Prim type, Expr left, Expr right) {
        if (left instanceof Constant a && right instanceof Constant b
                && !((op == BinaryOp.UDIV || op == BinaryOp.UREM) && b.value() == 0)) {
            return new Constant(type, op.apply(type, a.value(), b.value()));
        }
        // x + 0, x | 0, x << 0, ... and 0 + x: `direction * TOTALS + TCP_PACKETS` with TCP_PACKETS = 0 is one instruction less
        if (right instanceof Constant b && b.value() == 0 && left.type() == type && switch (op) {
            case ADD, SUB, OR, XOR, SHL, SHR, USHR -> true;
            default -> false;
        }) {
            return left;
        }
        if (left instanceof Constant a && a.value() == 0 && right.type() == type
                && (op == BinaryOp.ADD || op == BinaryOp.OR || op == BinaryOp.XOR)) {
            return right;
        }
        return new Binary(op, type, left, right);
    }

    public static Expr compare(CompareOp op, Prim operandType, Expr left, Expr right) {
        if (left instanceof Constant a && right instanceof Constant b) {
            return Constant.ofBoolean(op.test(operandType, a.value(), b.value()));
        }
        return new Compare(op, operandType, left, right);
    }

    /**
     * {@code left && right} or {@code left || right}. A constant right side that does not decide
     * goes ({@code a && true} is {@code a}); one that decides stays ({@code a && false}): the
     * code it guards becomes unreachable, and the back end drops that before the verifier's CFG
     * check could refuse it.
     */
    public static Expr logical(LogicalOp op, Expr left, Expr right) {
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
        return new Logical(op, left, right);
    }

    public static Expr conditional(Expr condition, Expr whenTrue, Expr whenFalse) {
        if (condition instanceof Constant c) return c.value() != 0 ? whenTrue : whenFalse;
        return new Conditional(condition, whenTrue, whenFalse);
    }

    /**
     * {@code e} folded bottom up by the rules above: the operators and conversions whose operands
     * fold to constants become constants. Only the top of the tree and the operands of operators
     * are folded, not the arguments of calls or views; a conversion to the type its operand
     * already has stays. The same tree is returned when nothing folds.
     */
    public static Expr fold(Expr e) {
        return switch (e) {
            case Unary(var op, var operand) -> {
                Expr a = fold(operand);
                if (a instanceof Constant) yield unary(op, a);
                yield a == operand ? e : new Unary(op, a);
            }
            case Binary(var op, var type, var left, var right) -> {
                Expr a = fold(left);
                Expr b = fold(right);
                Expr folded = a instanceof Constant || b instanceof Constant ? binary(op, type, a, b) : null;
                boolean unchanged = folded == null || folded instanceof Binary(var o, var t, var l, var r) && o == op && l == a && r == b;
                if (!unchanged) yield folded;
                yield a == left && b == right ? e : new Binary(op, type, a, b);
            }
            case Compare(var op, var type, var left, var right) -> {
                Expr a = fold(left);
                Expr b = fold(right);
                if (a instanceof Constant && b instanceof Constant) yield compare(op, type, a, b);
                yield a == left && b == right ? e : new Compare(op, type, a, b);
            }
            case Logical(var op, var left, var right) -> {
                Expr a = fold(left);
                Expr b = fold(right);
                if (a instanceof Constant || b instanceof Constant) yield logical(op, a, b);
                yield a == left && b == right ? e : new Logical(op, a, b);
            }
            case Conditional(var c, var x, var y) -> {
                Expr cond = fold(c);
                Expr a = fold(x);
                Expr b = fold(y);
                if (cond instanceof Constant) yield conditional(cond, a, b);
                yield cond == c && a == x && b == y ? e : new Conditional(cond, a, b);
            }
            case Convert(var to, var operand) -> {
                Expr a = fold(operand);
                if (a instanceof Constant) yield convert(to, a);
                yield a == operand ? e : new Convert(to, a);
            }
            default -> e;
        };
    }

    /** True if evaluating {@code e} changes something: a map operation, a call or an atomic add to a global. */
    public static boolean hasEffect(Expr e) {
        return IrScanner.any(e, part -> part instanceof Expr.MapCall || part instanceof Expr.Call || part instanceof Expr.GlobalAdd);
    }
}
