package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.StatementTree;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Stmt;

import java.util.List;

/**
 * How long a bounded loop may run: the verifier follows a counted loop through every iteration,
 * so one whose iterations cost more instructions than it processes in a program is refused at
 * compile time, at the comparison that bounds it, with the largest bound that fits.
 */
final class LoopLengths {
    /**
     * The instructions the verifier processes in one program before it gives up
     * (BPF_COMPLEXITY_LIMIT_INSNS, 1,000,000 since 5.2). A loop whose iterations, each at least
     * {@link #cost(List)} instructions, add up to more is refused by every kernel: the verifier
     * follows every iteration of a counted loop (the counter differs in each, so no state is pruned).
     */
    static final long VERIFIER_INSTRUCTIONS = 1_000_000;

    /**
     * The branches the verifier keeps to come back to (BPF_COMPLEXITY_LIMIT_JMP_SEQ; one more is
     * "the sequence of 8193 jumps is too complex"). At an undecided branch it goes on with the
     * fall-through and keeps the target for later, so in a loop no break or return leaves, every
     * undecided branch of every iteration is kept until the last iteration is done. The null test
     * of a lookup in a hash map (get, containsKey, increment) is undecided in every iteration; in
     * an array map it is not (newer kernels know a constant key in range finds an element), so
     * those do not count. 8,192 iterations of one such lookup load, 8,193 are refused.
     */
    static final long VERIFIER_PENDING_BRANCHES = 8192;

    private LoopLengths() {
    }

    /**
     * Refuses a loop bounded by {@code bound} whose iterations the verifier could never all follow
     * ({@link #VERIFIER_INSTRUCTIONS}), its lowered body {@code body}. A loop a break or return can
     * leave may end early in the verifier too, and is let be.
     */
    static void check(Reporter reporter, LoopBounds.Bound bound, List<Stmt> body, StatementTree bodyTree) {
        if (bound == null || LoopBounds.leaves(bodyTree)) return;
        long each = 2 + cost(body);
        long most = VERIFIER_INSTRUCTIONS / each;
        if (bound.iterations() > most) throw reporter.reject(bound.comparison(), Messages.longLoop(bound.iterations(), each, most));
        long lookups = lookups(body);
        if (lookups > 0 && bound.iterations() > VERIFIER_PENDING_BRANCHES / lookups) {
            throw reporter.reject(bound.comparison(), Messages.lookupLoop(bound.iterations(), lookups, VERIFIER_PENDING_BRANCHES / lookups));
        }
    }

    /**
     * At least how many instructions the map calls in the statements every iteration runs take
     * (beyond the 2 of the counter's step and test): a call needs the map in r1, an address in r2
     * and the call itself; a lookup also tests the pointer it returns. Statements after one that
     * may continue are not counted: a continue the counter decides skips them in the verifier too.
     */
    private static long cost(List<Stmt> statements) {
        long cost = 0;
        for (Stmt statement : statements) {
            cost += switch (statement) {
                case Stmt.Declare d -> d.init() == null ? 0 : cost(d.init());
                case Stmt.Assign a -> cost(a.value());
                case Stmt.Eval e -> cost(e.expression());
                case Stmt.If i -> cost(i.condition());
                default -> 0;
            };
            if (continues(statement)) break;
        }
        return cost;
    }

    /** The lookups in hash-like maps (each an undecided null test) in the statements every iteration runs. */
    private static long lookups(List<Stmt> statements) {
        long lookups = 0;
        for (Stmt statement : statements) {
            lookups += switch (statement) {
                case Stmt.Declare d -> d.init() == null ? 0 : lookups(d.init());
                case Stmt.Assign a -> lookups(a.value());
                case Stmt.Eval e -> lookups(e.expression());
                case Stmt.If i -> lookups(i.condition());
                default -> 0;
            };
            if (continues(statement)) break;
        }
        return lookups;
    }

    private static long lookups(Expr value) {
        return switch (value) {
            case Expr.MapCall call -> (!call.map().kind().array() && (call.op() == MapOp.LOOKUP
                    || call.op() == MapOp.CONTAINS_KEY || call.op() == MapOp.INCREMENT) ? 1 : 0)
                    + (call.key() == null ? 0 : lookups(call.key())) + (call.value() == null ? 0 : lookups(call.value()));
            case Expr.Unary u -> lookups(u.operand());
            case Expr.Binary b -> lookups(b.left()) + lookups(b.right());
            case Expr.Compare c -> lookups(c.left()) + lookups(c.right());
            case Expr.Logical l -> lookups(l.left());
            case Expr.Conditional c -> lookups(c.condition());
            case Expr.Convert c -> lookups(c.operand());
            case Expr.IsNull n -> lookups(n.pointer());
            default -> 0;
        };
    }

    /** True if {@code statement} holds a continue (of any loop: this is a lower bound). */
    private static boolean continues(Stmt statement) {
        return IrScanner.statements(statement).anyMatch(s -> s instanceof Stmt.Continue);
    }

    private static long cost(Expr value) {
        return switch (value) {
            case Expr.MapCall call -> (call.op() == MapOp.LOOKUP || call.op() == MapOp.INCREMENT ? 4 : 3)
                    + (call.key() == null ? 0 : cost(call.key())) + (call.value() == null ? 0 : cost(call.value()));
            case Expr.Unary u -> cost(u.operand());
            case Expr.Binary b -> cost(b.left()) + cost(b.right());
            case Expr.Compare c -> cost(c.left()) + cost(c.right());
            case Expr.Logical l -> cost(l.left()); // the right side may not run
            case Expr.Conditional c -> cost(c.condition());
            case Expr.Convert c -> cost(c.operand());
            case Expr.IsNull n -> cost(n.pointer());
            default -> 0;
        };
    }
}
