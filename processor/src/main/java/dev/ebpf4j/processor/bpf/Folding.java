package dev.ebpf4j.processor.bpf;

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

/**
 * Constant folding with Java's semantics: an operator whose operands are constants becomes a
 * constant, and short-circuit operators and conditionals with a constant condition lose their dead
 * side. Folds only the top of the tree it is given, after folding the operands.
 */
final class Folding {
    private Folding() {}

    static Expr fold(Expr e) {
        return switch (e) {
            case Unary(var op, var operand) -> {
                Expr a = fold(operand);
                if (a instanceof Constant(Prim t, long v)) {
                    long r = switch (op) {
                        case NEG -> -v;
                        case BIT_NOT -> ~v;
                        case NOT -> v ^ 1;
                    };
                    yield new Constant(t, t.normalize(r));
                }
                yield a == operand ? e : new Unary(op, a);
            }
            case Binary(var op, var type, var left, var right) -> {
                Expr a = fold(left);
                Expr b = fold(right);
                if (a instanceof Constant ca && b instanceof Constant cb) {
                    yield new Constant(type, op.apply(type, ca.value(), cb.value()));
                }
                yield a == left && b == right ? e : new Binary(op, type, a, b);
            }
            case Compare(var op, var type, var left, var right) -> {
                Expr a = fold(left);
                Expr b = fold(right);
                if (a instanceof Constant ca && b instanceof Constant cb) {
                    yield Constant.ofBoolean(op.test(type, ca.value(), cb.value()));
                }
                yield a == left && b == right ? e : new Compare(op, type, a, b);
            }
            case Logical(var op, var left, var right) -> {
                Expr a = fold(left);
                Expr b = fold(right);
                if (a instanceof Constant(var t, long v)) {
                    boolean decides = op == LogicalOp.AND ? v == 0 : v != 0;
                    yield decides ? a : b;
                }
                if (b instanceof Constant(var t, long v)) {
                    // a && true is a. (a && false stays: the code it guards becomes unreachable,
                    // and CodeCleanup drops that before the verifier's CFG check could refuse it.)
                    boolean decides = op == LogicalOp.AND ? v == 0 : v != 0;
                    if (!decides) yield a;
                }
                yield a == left && b == right ? e : new Logical(op, a, b);
            }
            case Conditional(var c, var x, var y) -> {
                Expr cond = fold(c);
                Expr a = fold(x);
                Expr b = fold(y);
                if (cond instanceof Constant(var t, long v)) yield v != 0 ? a : b;
                yield cond == c && a == x && b == y ? e : new Conditional(cond, a, b);
            }
            case Convert(var to, var operand) -> {
                Expr a = fold(operand);
                if (a instanceof Constant(var t, long v)) yield new Constant(to, to.normalize(v));
                yield a == operand ? e : new Convert(to, a);
            }
            default -> e;
        };
    }

    /** True if evaluating {@code e} changes something: a map operation or a call. */
    static boolean hasEffect(Expr e) {
        if (e instanceof Expr.MapCall || e instanceof Expr.Call) return true;
        for (Expr child : IrScanner.operands(e)) {
            if (hasEffect(child)) return true;
        }
        return false;
    }
}
