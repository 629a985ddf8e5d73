package dev.ebpf4j.processor.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * A rewrite of a statement tree into a new one, as javac's {@code TreeTranslator} rewrites its
 * trees: by default each node is rebuilt from its translated parts, so a pass overrides
 * {@link #statement}, {@link #block} or {@link #expression} for the nodes it changes and calls
 * {@code super} for the rest. Parts are translated in evaluation order (see {@link IrScanner}).
 *
 * <pre>{@code
 * Expr renamed = new IrTranslator() {
 *     @Override
 *     public Expr expression(Expr e) {
 *         return e instanceof Expr.Read(var l) && l.id() == copy.id() ? new Expr.Read(original) : super.expression(e);
 *     }
 * }.expression(value);
 * }</pre>
 */
public class IrTranslator {
    /** {@code s} rebuilt from its translated expressions and blocks. */
    public Stmt statement(Stmt s) {
        return switch (s) {
            case Stmt.Declare(var l, var init, var p) -> new Stmt.Declare(l, init == null ? null : expression(init), p);
            case Stmt.Assign(var l, var value, var p) -> new Stmt.Assign(l, expression(value), p);
            case Stmt.Eval(var e, var p) -> new Stmt.Eval(expression(e), p);
            case Stmt.Return(var value, var p) -> new Stmt.Return(value == null ? null : expression(value), p);
            case Stmt.If(var c, var then, var otherwise, var p) -> new Stmt.If(expression(c), block(then), block(otherwise), p);
            case Stmt.Loop(var label, var c, var first, var body, var update, var p) ->
                    new Stmt.Loop(label, c == null ? null : expression(c), first, block(body), block(update), p);
            case Stmt.Block b -> block(b);
            case Stmt.StoreElement(var array, var index, var value, var p) ->
                    new Stmt.StoreElement(array, expression(index), expression(value), p);
            case Stmt.Trace(var format, var arguments, var p) -> new Stmt.Trace(format, expressions(arguments), p);
            case Stmt.StoreGlobal(var g, var value, var p) -> new Stmt.StoreGlobal(g, expression(value), p);
            case Stmt.UpdateField(var pointer, var field, var op, var operand, var p) ->
                    new Stmt.UpdateField(expression(pointer), field, op, expression(operand), p);
            case Stmt.Locked(var pointer, var lock, var changes, var p) -> new Stmt.Locked(expression(pointer), lock,
                    changes.stream().map(c -> new Stmt.Change(c.field(), c.op(), expression(c.operand()))).toList(), p);
            case Stmt.Break b -> b;
            case Stmt.Continue c -> c;
        };
    }

    /** {@code b} with each statement translated. */
    public Stmt.Block block(Stmt.Block b) {
        List<Stmt> out = new ArrayList<>(b.statements().size());
        for (Stmt s : b.statements()) out.add(statement(s));
        return new Stmt.Block(b.label(), out, b.position());
    }

    /** {@code e} rebuilt from its translated operands. */
    public Expr expression(Expr e) {
        return switch (e) {
            case Expr.Constant c -> c;
            case Expr.Read r -> r;
            case Expr.NewArray n -> n;
            case Expr.LoadGlobal g -> g;
            case Expr.GlobalAdd(var g, var delta) -> new Expr.GlobalAdd(g, expression(delta));
            case Expr.Unary(var op, var a) -> new Expr.Unary(op, expression(a));
            case Expr.Binary(var op, var t, var a, var b) -> new Expr.Binary(op, t, expression(a), expression(b));
            case Expr.Compare(var op, var t, var a, var b) -> new Expr.Compare(op, t, expression(a), expression(b));
            case Expr.Logical(var op, var a, var b) -> new Expr.Logical(op, expression(a), expression(b));
            case Expr.Conditional(var c, var a, var b) -> new Expr.Conditional(expression(c), expression(a), expression(b));
            case Expr.Convert(var t, var a) -> new Expr.Convert(t, expression(a));
            case Expr.IsNull(var a) -> new Expr.IsNull(expression(a));
            case Expr.Call(var f, var t, var arguments) -> new Expr.Call(f, t, expressions(arguments));
            case Expr.IntrinsicCall(var i, var arguments) -> new Expr.IntrinsicCall(i, expressions(arguments));
            case Expr.MapCall(var m, var op, var key, var value) ->
                    new Expr.MapCall(m, op, key == null ? null : expression(key), value == null ? null : expression(value));
            case Expr.LoadValue(var p) -> new Expr.LoadValue(expression(p));
            case Expr.LoadField(var p, var field) -> new Expr.LoadField(expression(p), field);
            case Expr.StructValue(var s, var fields) -> new Expr.StructValue(s, expressions(fields));
            case Expr.ArrayElement(var array, var index) -> new Expr.ArrayElement(expression(array), expression(index));
        };
    }

    private List<Expr> expressions(List<Expr> list) {
        List<Expr> out = new ArrayList<>(list.size());
        for (Expr e : list) out.add(expression(e));
        return out;
    }

    /**
     * {@code e} with each part for which {@code replacement} answers non-null replaced by that
     * answer (whose own parts are not looked at again), the rest rebuilt around it.
     */
    public static Expr replacing(Expr e, java.util.function.Function<Expr, Expr> replacement) {
        return new IrTranslator() {
            @Override
            public Expr expression(Expr part) {
                Expr r = replacement.apply(part);
                return r != null ? r : super.expression(part);
            }
        }.expression(e);
    }
}
