package dev.ebpf4j.processor.passes;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.SourcePosition;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.UnaryOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Branches on a short-circuit condition whose right side needed statements (an inlined call)
 * instead of materialising it. The front end lowers {@code if (tcp == null || !isSyn(tcp.flags()))
 * return PASS;} to
 * <pre>{@code
 * boolean cond = isnull(tcp)
 * if !cond { ...isSyn's statements...; cond = !isSyn_result }
 * if cond { return 2 }
 * }</pre>
 * which costs a register set to 1 or 0 on each side and a test of it, and keeps the verifier's
 * paths apart until the test. This pass jumps instead, as clang does with the C:
 * <pre>{@code
 * if_N: {
 *   then_N: {
 *     if isnull(tcp) { break then_N }
 *     ...isSyn's statements...
 *     if !isSyn_result { break then_N }
 *     (the else branch)
 *     break if_N
 *   }
 *   return 2
 * }
 * }</pre>
 * {@code &&} is the mirror image (a false side jumps to the else branch). Only a temporary read by
 * exactly its own guard and the {@code if} right after it, and assigned only by the right side,
 * is rewritten, so nothing else can tell. Only the eBPF back end runs this pass: the C rendering
 * keeps the front end's form, which clang turns into jumps itself.
 */
public final class ShortCircuitBranches extends BranchRewrite {
    private ShortCircuitBranches(Function f) {
        super(f, "shortCircuit");
    }

    public static Function apply(Function f) {
        return new ShortCircuitBranches(f).applyTo(f);
    }

    /** The jumping form of {@code declare; guard; use} if they are a materialised short circuit, else null. */
    @Override
    Stmt rewrite(Stmt declare, Stmt guard, Stmt use) {
        if (!(declare instanceof Stmt.Declare(Local c, Expr left, var p0)) || left == null
                || !(guard instanceof Stmt.If(Expr test, Stmt.Block body, Stmt.Block none, var p1)) || !none.statements().isEmpty()
                || body.statements().isEmpty()
                || !(body.statements().getLast() instanceof Stmt.Assign(Local assigned, Expr right, var p2)) || assigned.id() != c.id()
                || !(use instanceof Stmt.If(Expr condition, Stmt.Block then, Stmt.Block otherwise, var position))) {
            return null;
        }
        boolean or;
        if (test instanceof Expr.Read(var l) && l.id() == c.id()) or = false;
        else if (negated(test) instanceof Expr.Read(var l) && l.id() == c.id()) or = true;
        else return null;
        boolean usedNegated;
        if (condition instanceof Expr.Read(var l) && l.id() == c.id()) usedNegated = false;
        else if (negated(condition) instanceof Expr.Read(var l) && l.id() == c.id()) usedNegated = true;
        else return null;
        if (reads(c) != 2 || assigns(c) != 1) return null;
        List<Stmt> rest = body.statements().subList(0, body.statements().size() - 1);
        if (rest.stream().anyMatch(s -> IrScanner.statements(s).anyMatch(t -> IrScanner.written(t) != null && IrScanner.written(t).id() == c.id()))) {
            return null;
        }
        // when c is true the use runs `whenTrue`; a true (or) or false (and) left side decides c alone
        Stmt.Block whenTrue = usedNegated ? otherwise : then;
        Stmt.Block whenFalse = usedNegated ? then : otherwise;
        Stmt.Block decided = or ? whenTrue : whenFalse;
        Stmt.Block fallThrough = or ? whenFalse : whenTrue;
        String outer = label("if");
        String inner = label(or ? "then" : "else");
        SourcePosition p = position;
        List<Stmt> tests = new ArrayList<>();
        tests.add(new Stmt.If(or ? left : negate(left), jump(inner, p), empty(p), p0));
        for (Stmt s : rest) tests.add(statement(s));
        tests.add(new Stmt.If(or ? right : negate(right), jump(inner, p), empty(p), p2));
        tests.addAll(block(fallThrough).statements());
        tests.add(new Stmt.Break(outer, p));
        Stmt.Block innerBlock = new Stmt.Block(inner, tests, p1);
        List<Stmt> whole = new ArrayList<>();
        whole.add(innerBlock);
        whole.addAll(block(decided).statements());
        return new Stmt.Block(outer, whole, p);
    }

    private static Stmt.Block jump(String label, SourcePosition p) {
        return new Stmt.Block(null, List.of(new Stmt.Break(label, p)), p);
    }

    private static Stmt.Block empty(SourcePosition p) {
        return new Stmt.Block(null, List.of(), p);
    }

    private static Expr negated(Expr e) {
        return e instanceof Expr.Unary(var op, var operand) && op == UnaryOp.NOT ? operand : null;
    }

    private static Expr negate(Expr e) {
        return ConstantFolder.unary(UnaryOp.NOT, e);
    }
}
