package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.SourcePosition;
import dev.ebpf4j.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits expressions too deep for the six scratch registers: parts that are always evaluated and
 * have no effect move into fresh locals declared just before the statement, as a person would
 * split them. Parts evaluated only on one side of {@code ?:}, {@code &&} or {@code ||} stay where
 * they are (hoisting them could read a view that is null on the other side), and so do loop
 * conditions (evaluated again on every iteration).
 */
final class ExpressionSplitter {
    /** Scratch registers an expression may need; the rest of the six is headroom for helpers. */
    static final int LIMIT = 4;

    private int nextId;

    private ExpressionSplitter(int nextId) {
        this.nextId = nextId;
    }

    static Function split(Function function) {
        ExpressionSplitter splitter = new ExpressionSplitter(LocalIds.max(function) + 1);
        return new Function(function.name(), function.hook(), function.parameters(), function.returnType(),
                splitter.block(function.body()), function.position());
    }

    private Stmt.Block block(Stmt.Block block) {
        List<Stmt> out = new ArrayList<>();
        for (Stmt s : block.statements()) {
            List<Stmt> prefix = new ArrayList<>();
            Stmt rewritten = statement(s, prefix);
            out.addAll(prefix);
            out.add(rewritten);
        }
        return new Stmt.Block(block.label(), out, block.position());
    }

    private Stmt statement(Stmt s, List<Stmt> prefix) {
        SourcePosition at = s.position();
        return switch (s) {
            case Stmt.Declare(var local, var init, var p) -> init == null ? s : new Stmt.Declare(local, expr(init, prefix, at), p);
            case Stmt.Assign(var local, var value, var p) -> new Stmt.Assign(local, expr(value, prefix, at), p);
            case Stmt.Eval(var e, var p) -> new Stmt.Eval(expr(e, prefix, at), p);
            case Stmt.Trace(var format, var arguments, var p) -> new Stmt.Trace(format, arguments.stream().map(a -> expr(a, prefix, at)).toList(), p);
            case Stmt.Return(var value, var p) -> value == null ? s : new Stmt.Return(expr(value, prefix, at), p);
            case Stmt.If(var c, var then, var otherwise, var p) -> new Stmt.If(expr(c, prefix, at), block(then), block(otherwise), p);
            case Stmt.Loop(var label, var c, var first, var body, var update, var p) ->
                    new Stmt.Loop(label, c, first, block(body), block(update), p);
            case Stmt.Block b -> block(b);
            case Stmt.StoreElement(var a, var i, var v, var p) -> new Stmt.StoreElement(a, expr(i, prefix, at), expr(v, prefix, at), p);
            case Stmt.Break b -> b;
            case Stmt.Continue c -> c;
        };
    }

    /** {@code e} with always-evaluated, effect-free parts moved to locals until it fits. */
    private Expr expr(Expr e, List<Stmt> prefix, SourcePosition at) {
        if (Exprs.need(e) <= LIMIT) return e;
        return switch (e) {
            case Expr.Unary(var op, var a) -> new Expr.Unary(op, part(a, prefix, at));
            case Expr.Binary(var op, var t, var a, var b) -> new Expr.Binary(op, t, part(a, prefix, at), part(b, prefix, at));
            case Expr.Compare(var op, var t, var a, var b) -> new Expr.Compare(op, t, part(a, prefix, at), part(b, prefix, at));
            case Expr.Convert(var to, var a) -> new Expr.Convert(to, part(a, prefix, at));
            case Expr.Logical(var op, var a, var b) -> new Expr.Logical(op, part(a, prefix, at), b);
            case Expr.Conditional(var c, var a, var b) -> new Expr.Conditional(part(c, prefix, at), a, b);
            case Expr.IntrinsicCall(var i, var args) -> new Expr.IntrinsicCall(i, args.stream().map(a -> part(a, prefix, at)).toList());
            case Expr.MapCall(var m, var op, var k, var v) ->
                    new Expr.MapCall(m, op, k == null ? null : part(k, prefix, at), v == null ? null : part(v, prefix, at));
            case Expr.StructValue(var s, var fields) -> new Expr.StructValue(s, fields.stream().map(f -> part(f, prefix, at)).toList());
            default -> e;
        };
    }

    /** An operand of a too-deep expression: split itself, then moved to a local if still not a leaf. */
    private Expr part(Expr e, List<Stmt> prefix, SourcePosition at) {
        Expr split = expr(e, prefix, at);
        if (Exprs.need(split) < 2 || !(split.type() instanceof Prim type) || type == Prim.VOID || Folding.hasEffect(split)) {
            return split;
        }
        Local temp = new Local(nextId++, "split" + nextId, type);
        prefix.add(new Stmt.Declare(temp, split, at));
        return new Expr.Read(temp);
    }
}
