package dev.ebpf4j.processor.passes;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrTranslator;
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
public final class ExpressionSplitter extends IrTranslator {
    /** Scratch registers an expression may need; the rest of the six is headroom for helpers. */
    static final int LIMIT = 4;

    private int nextId;
    /** Where the statement being rewritten puts the locals it splits off, and its position. */
    private List<Stmt> prefix;
    private SourcePosition at;

    private ExpressionSplitter(int nextId) {
        this.nextId = nextId;
    }

    public static Function split(Function function) {
        ExpressionSplitter splitter = new ExpressionSplitter(LocalIds.max(function) + 1);
        return new Function(function.name(), function.hook(), function.parameters(), function.returnType(),
                splitter.block(function.body()), function.position());
    }

    @Override
    public Stmt.Block block(Stmt.Block block) {
        List<Stmt> outerPrefix = prefix;
        SourcePosition outerAt = at;
        List<Stmt> out = new ArrayList<>();
        for (Stmt s : block.statements()) {
            prefix = new ArrayList<>();
            at = s.position();
            Stmt rewritten = statement(s);
            out.addAll(prefix);
            out.add(rewritten);
        }
        prefix = outerPrefix;
        at = outerAt;
        return new Stmt.Block(block.label(), out, block.position());
    }

    @Override
    public Stmt statement(Stmt s) {
        if (s instanceof Stmt.Loop(var label, var c, var first, var body, var update, var p)) {
            return new Stmt.Loop(label, c, first, block(body), block(update), p);   // the condition runs every iteration
        }
        return super.statement(s);
    }

    /** {@code e} with always-evaluated, effect-free parts moved to locals until it fits. */
    @Override
    public Expr expression(Expr e) {
        if (RegisterNeed.of(e) <= LIMIT) return e;
        return switch (e) {
            case Expr.Unary(var op, var a) -> new Expr.Unary(op, part(a));
            case Expr.Binary(var op, var t, var a, var b) -> new Expr.Binary(op, t, part(a), part(b));
            case Expr.Compare(var op, var t, var a, var b) -> new Expr.Compare(op, t, part(a), part(b));
            case Expr.Convert(var to, var a) -> new Expr.Convert(to, part(a));
            case Expr.Logical(var op, var a, var b) -> new Expr.Logical(op, part(a), b);
            case Expr.Conditional(var c, var a, var b) -> new Expr.Conditional(part(c), a, b);
            case Expr.IntrinsicCall(var i, var args) -> new Expr.IntrinsicCall(i, args.stream().map(this::part).toList());
            case Expr.MapCall(var m, var op, var k, var v) ->
                    new Expr.MapCall(m, op, k == null ? null : part(k), v == null ? null : part(v));
            case Expr.StructValue(var s, var fields) -> new Expr.StructValue(s, fields.stream().map(this::part).toList());
            default -> e;
        };
    }

    /** An operand of a too-deep expression: split itself, then moved to a local if still not a leaf. */
    private Expr part(Expr e) {
        Expr split = expression(e);
        if (RegisterNeed.of(split) < 2 || !(split.type() instanceof Prim type) || type == Prim.VOID || ConstantFolder.hasEffect(split)) {
            return split;
        }
        Local temp = new Local(nextId++, "split" + nextId, type);
        prefix.add(new Stmt.Declare(temp, split, at));
        return new Expr.Read(temp);
    }
}
