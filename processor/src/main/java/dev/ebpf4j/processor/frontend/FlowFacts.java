package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.LogicalOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.UnaryOp;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a lowered condition proves when it is true and when it is false: read from the IR, so
 * {@code x != null}, {@code !(x == null)}, {@code &&} and {@code ||} chains, the presence flags of
 * map values, and comparisons of an integer local with a constant ({@code i < a.length},
 * {@code Integer.compareUnsigned(i, 16) < 0}) all count.
 *
 * @param whenTrue  what holds where the condition held
 * @param whenFalse what holds where it did not
 */
record FlowFacts(Known whenTrue, Known whenFalse) {
    static final FlowFacts NONE = new FlowFacts(Known.NOTHING, Known.NOTHING);

    /**
     * The facts of {@code condition}; {@code presence} tells which BOOLEAN locals are presence
     * flags, {@code temporaries} the facts of the locals that hold a condition computed in
     * statements (an {@code &&} whose right side needed a map call).
     */
    static FlowFacts of(Expr condition, Set<Local> presence, Map<Local, FlowFacts> temporaries) {
        return switch (condition) {
            case Expr.IsNull(Expr.Read(Local local)) -> new FlowFacts(Known.NOTHING, Known.ofNonNull(local));
            case Expr.Read(Local local) when presence.contains(local) -> new FlowFacts(Known.ofNonNull(local), Known.NOTHING);
            case Expr.Read(Local local) when temporaries.containsKey(local) -> temporaries.get(local);
            case Expr.Unary(UnaryOp op, Expr operand) when op == UnaryOp.NOT -> of(operand, presence, temporaries).negate();
            case Expr.Compare(CompareOp op, Prim type, Expr left, Expr right) when type != Prim.BOOLEAN -> compare(op, left, right);
            case Expr.Logical(var op, Expr left, Expr right) -> combine(op, of(left, presence, temporaries), of(right, presence, temporaries));
            default -> NONE;
        };
    }

    /** The facts of {@code left && right} or {@code left || right} from those of the operands. */
    static FlowFacts combine(LogicalOp op, FlowFacts l, FlowFacts r) {
        return switch (op) {
            case AND -> new FlowFacts(l.whenTrue.meet(r.whenTrue), l.whenFalse.join(l.whenTrue.meet(r.whenFalse)));
            case OR -> new FlowFacts(l.whenTrue.join(l.whenFalse.meet(r.whenTrue)), l.whenFalse.meet(r.whenFalse));
        };
    }

    FlowFacts negate() {
        return new FlowFacts(whenFalse, whenTrue);
    }

    /** These facts less those about {@code locals}, which were assigned since the condition read them. */
    FlowFacts without(Set<Local> locals) {
        return new FlowFacts(whenTrue.without(locals), whenFalse.without(locals));
    }

    /** The locals {@code statements} assign or declare, at any depth. */
    static Set<Local> assigned(List<Stmt> statements) {
        Set<Local> locals = new HashSet<>();
        statements.stream().flatMap(IrScanner::statements).forEach(s -> {
            if (s instanceof Stmt.Assign || s instanceof Stmt.Declare) locals.add(IrScanner.written(s));
        });
        return locals;
    }

    /** The ranges {@code left op right} gives an integer local, or an expression of locals, compared with a constant. */
    private static FlowFacts compare(CompareOp op, Expr left, Expr right) {
        if (left instanceof Expr.Constant && !(right instanceof Expr.Constant)) return compare(op.mirror(), right, left);
        if (!(right instanceof Expr.Constant(var type, long c)) || !(key(left) instanceof Expr local)) return NONE;
        if (c == Long.MIN_VALUE || c == Long.MAX_VALUE) return NONE;
        Range trueRange = null;
        Range falseRange = null;
        switch (op) {
            case EQ -> trueRange = Range.of(c);
            case NE -> falseRange = Range.of(c);
            case LT -> { trueRange = Range.atMost(c - 1); falseRange = Range.atLeast(c); }
            case LE -> { trueRange = Range.atMost(c); falseRange = Range.atLeast(c + 1); }
            case GT -> { trueRange = Range.atLeast(c + 1); falseRange = Range.atMost(c); }
            case GE -> { trueRange = Range.atLeast(c); falseRange = Range.atMost(c - 1); }
            // unsigned: only below a non-negative bound is a range of signed values
            case ULT -> trueRange = c > 0 ? new Range(0, c - 1) : null;
            case ULE -> trueRange = c >= 0 ? new Range(0, c) : null;
            case UGT -> falseRange = c >= 0 ? new Range(0, c) : null;
            case UGE -> falseRange = c > 0 ? new Range(0, c - 1) : null;
        }
        return new FlowFacts(known(local, trueRange), known(local, falseRange));
    }

    private static Known known(Expr subject, Range range) {
        return range == null ? Known.NOTHING : Known.ofRange(subject, Range.meet(range, Range.INT));
    }

    /**
     * What a range fact about {@code operand} is kept under: the int-sized local it reads (see
     * {@link #subject}), or the INT expression of such locals it is, computed without side effects
     * or memory ({@code j + 1}, {@code (i & 7) * 2}), widenings stripped; null for anything else.
     * The fact holds until one of the locals it reads is assigned.
     */
    static Expr key(Expr operand) {
        if (subject(operand) instanceof Local local) return new Expr.Read(local);
        while (operand instanceof Expr.Convert(Prim to, Expr inner) && to == Prim.LONG && inner.type() == Prim.INT) operand = inner;
        return operand.type() == Prim.INT && !(operand instanceof Expr.Constant) && pure(operand) ? operand : null;
    }

    /** True if {@code value} is computed from integer locals and constants only. */
    private static boolean pure(Expr value) {
        return switch (value) {
            case Expr.Constant c -> true;
            case Expr.Read(Local local) -> local.type() instanceof Prim p && p != Prim.BOOLEAN;
            case Expr.Binary(var op, var type, Expr left, Expr right) -> type != Prim.BOOLEAN && pure(left) && pure(right);
            case Expr.Unary(UnaryOp op, Expr operand) -> op != UnaryOp.NOT && pure(operand);
            case Expr.Convert(Prim to, Expr operand) -> operand.type() instanceof Prim && pure(operand);
            default -> false;
        };
    }

    /** True if the fact's subject {@code key} reads one of {@code locals}. */
    static boolean reads(Expr key, Set<Local> locals) {
        return switch (key) {
            case Expr.Read(Local local) -> locals.contains(local);
            case Expr.Binary(var op, var type, Expr left, Expr right) -> reads(left, locals) || reads(right, locals);
            case Expr.Unary(UnaryOp op, Expr operand) -> reads(operand, locals);
            case Expr.Convert(Prim to, Expr operand) -> reads(operand, locals);
            default -> false;
        };
    }

    /**
     * The int-sized local whose value {@code operand} is: a read, or a widening of one (the value
     * is the same); null for anything else.
     */
    static Local subject(Expr operand) {
        while (operand instanceof Expr.Convert(Prim to, Expr inner) && inner.type() instanceof Prim from
                && (to == Prim.LONG || (to == Prim.INT && from != Prim.LONG)) && from != Prim.BOOLEAN) {
            operand = inner;
        }
        boolean integer = operand instanceof Expr.Read(Local local) && switch (local.type()) {
            case Prim.BYTE, Prim.SHORT, Prim.CHAR, Prim.INT -> true;
            default -> false;
        };
        return integer ? ((Expr.Read) operand).local() : null;
    }
}
