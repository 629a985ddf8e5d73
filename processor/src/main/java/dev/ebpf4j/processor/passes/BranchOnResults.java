package dev.ebpf4j.processor.passes;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.IrTranslator;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.SourcePosition;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.UnaryOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Branches where an inlined boolean method returns, instead of materialising its result and
 * testing it after. {@code if (Segments.isSyn(flags)) S else E} leaves the inliner's
 * <pre>{@code
 * boolean isSyn_result
 * isSyn_1: { ...; isSyn_result = ((flags & 18) == 2); break isSyn_1 }
 * if isSyn_result { S } else { E }
 * }</pre>
 * which sets a register to 1 or 0 at each return and tests it again. Here each
 * {@code r = e; break L} becomes {@code if (e) <go to S>; <go to E>}, as clang threads the C's
 * jumps: a branch that is a single {@code break} or {@code continue} is jumped to directly, any
 * other is reached through a labelled block around the method's body.
 *
 * <p>Only a result declared right before its block, assigned only by that block's returns (each
 * one followed by the block's break), read only by the {@code if} right after it, and a block that
 * cannot fall off its end, is rewritten, so nothing else can tell. Only the eBPF back end runs this
 * pass; the C rendering keeps the inliner's form, which clang threads itself.
 */
public final class BranchOnResults extends BranchRewrite {
    private BranchOnResults(Function f) {
        super(f, "result");
    }

    public static Function apply(Function f) {
        return new BranchOnResults(f).applyTo(f);
    }

    /** The threaded form of {@code declare; method; use}, or null if they are not an inlined result tested once. */
    @Override
    Stmt rewrite(Stmt declare, Stmt method, Stmt use) {
        if (!(declare instanceof Stmt.Declare(Local r, Expr init, var p0)) || init != null || r.type() != Prim.BOOLEAN
                || !(method instanceof Stmt.Block body) || body.label() == null
                || !(use instanceof Stmt.If(Expr condition, Stmt.Block then, Stmt.Block otherwise, SourcePosition p))) {
            return null;
        }
        boolean negated;
        if (condition instanceof Expr.Read(var l) && l.id() == r.id()) negated = false;
        else if (condition instanceof Expr.Unary(var op, Expr.Read(var l)) && op == UnaryOp.NOT && l.id() == r.id()) negated = true;
        else return null;
        if (reads(r) != 1 || !returnsOnly(body, r)) return null;
        Stmt.Block whenTrue = negated ? otherwise : then;
        Stmt.Block whenFalse = negated ? then : otherwise;
        String whole = label("if");
        Stmt trueJump = jumpOf(whenTrue, whole, p);
        Stmt falseJump = jumpOf(whenFalse, whole, p);
        String thenLabel = trueJump == null ? label("then") : null;
        String elseLabel = falseJump == null ? label("else") : null;
        Stmt toTrue = trueJump != null ? trueJump : new Stmt.Break(thenLabel, p);
        Stmt toFalse = falseJump != null ? falseJump : new Stmt.Break(elseLabel, p);
        Stmt.Block threaded = thread(body, r, toTrue, toFalse);
        List<Stmt> inner = List.of(threaded);
        if (thenLabel != null) {
            List<Stmt> withThen = new ArrayList<>();
            withThen.add(new Stmt.Block(thenLabel, inner, p));
            withThen.addAll(block(whenTrue).statements());
            withThen.add(new Stmt.Break(whole, p));
            inner = withThen;
        }
        if (elseLabel != null) {
            List<Stmt> withElse = new ArrayList<>();
            withElse.add(new Stmt.Block(elseLabel, inner, p));
            withElse.addAll(block(whenFalse).statements());
            inner = withElse;
        }
        return new Stmt.Block(whole, inner, p);
    }

    /**
     * True if {@code body} cannot fall off its end, and every assignment of {@code r} in it is one of
     * its returns: {@code r = e} directly followed by {@code break body}, the only assignments of r.
     */
    private boolean returnsOnly(Stmt.Block body, Local r) {
        if (body.statements().isEmpty() || !(body.statements().getLast() instanceof Stmt.Break last
                && body.label().equals(last.label()))) {
            return false;
        }
        int[] returns = {0};
        boolean[] stray = {false};
        IrScanner.statements(body).forEach(s -> {
            List<Stmt> list = switch (s) {
                case Stmt.Block b -> b.statements();
                default -> List.of();
            };
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Stmt.Assign(var l, var v, var p) && l.id() == r.id()) {
                    if (i + 1 < list.size() && list.get(i + 1) instanceof Stmt.Break(var label, var q) && body.label().equals(label)) returns[0]++;
                    else stray[0] = true;
                }
            }
        });
        return !stray[0] && returns[0] > 0 && returns[0] == assigns(r);
    }

    /** {@code body} with each {@code r = e; break body} made {@code if (e) toTrue; toFalse}. */
    private Stmt.Block thread(Stmt.Block body, Local r, Stmt toTrue, Stmt toFalse) {
        return (Stmt.Block) new IrTranslator() {
            @Override
            public Stmt.Block block(Stmt.Block b) {
                List<Stmt> out = new ArrayList<>();
                List<Stmt> list = b.statements();
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof Stmt.Assign(var l, var e, var p) && l.id() == r.id()) {
                        out.add(new Stmt.If(e, new Stmt.Block(null, List.of(toTrue), p), new Stmt.Block(null, List.of(), p), p));
                        out.add(toFalse);
                        i++;   // the break that followed
                    } else {
                        out.add(statement(list.get(i)));
                    }
                }
                return new Stmt.Block(b.label(), out, b.position());
            }
        }.statement(BranchOnResults.this.block(body));
    }

    /** The single labelled jump {@code branch} is ({@code break} to {@code end} if empty), or null if it does more. */
    private static Stmt jumpOf(Stmt.Block branch, String end, SourcePosition p) {
        if (branch.statements().isEmpty()) return new Stmt.Break(end, p);
        // a labelled one only: moved into the method's body, a bare break could meet a loop of its own
        return switch (branch.statements().size() == 1 ? branch.statements().getFirst() : null) {
            case Stmt.Break b when b.label() != null -> b;
            case Stmt.Continue c when c.label() != null -> c;
            case null, default -> null;
        };
    }
}
