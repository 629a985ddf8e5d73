package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.UnaryOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes down the scaffolding the front end's inliner leaves, which would otherwise cost moves,
 * materialised booleans and jumps:
 * <ul>
 *   <li>a parameter copy {@code T y = x;} of a local neither of them is ever assigned again:
 *       {@code y} is read as {@code x};
 *   <li>a local read once, by the condition of the {@code if} right after its declaration
 *       ({@code boolean found = m.containsKey(k); if (!found) ...}): the condition reads the value
 *       itself, so it compiles to one conditional jump;
 *   <li>a labelled block followed by {@code return r;} (an inlined method's result): each
 *       {@code break} out of the block returns instead, and {@code r = v; return r;} becomes
 *       {@code return v;}.
 * </ul>
 * The rewritten function has the same semantics: every rewrite only renames or moves a read of a
 * local whose value cannot change in between.
 */
final class InlineCleanup {
    /** Per local id: how often it is read, and how often assigned after its declaration. */
    private final Map<Integer, Integer> reads = new HashMap<>();
    private final Map<Integer, Integer> assigns = new HashMap<>();
    private final Map<Integer, Local> copies = new HashMap<>();

    private InlineCleanup() {}

    static Function apply(Function f) {
        InlineCleanup c = new InlineCleanup();
        c.count(f.body());
        try {
            Stmt.Block body = c.block(f.body());
            return new Function(f.name(), f.hook(), f.parameters(), f.returnType(), body, f.position());
        } catch (Unknown e) {
            return f;   // an expression this pass cannot rebuild: the function as it is
        }
    }

    /** Thrown for an expression kind {@link #map} does not know; the pass then changes nothing. */
    private static final class Unknown extends RuntimeException {
        Unknown() {
            super(null, null, false, false);
        }
    }

    /** {@code e} with each subtree for which {@code f} gives a replacement replaced (else rebuilt from its children). */
    private static Expr map(Expr e, java.util.function.Function<Expr, Expr> f) {
        Expr r = f.apply(e);
        if (r != null) return r;
        return switch (e) {
            case Expr.Constant c -> c;
            case Expr.Read x -> x;
            case Expr.Unary(var op, var a) -> new Expr.Unary(op, map(a, f));
            case Expr.Binary(var op, var t, var a, var b) -> new Expr.Binary(op, t, map(a, f), map(b, f));
            case Expr.Compare(var op, var t, var a, var b) -> new Expr.Compare(op, t, map(a, f), map(b, f));
            case Expr.Logical(var op, var a, var b) -> new Expr.Logical(op, map(a, f), map(b, f));
            case Expr.Conditional(var c, var a, var b) -> new Expr.Conditional(map(c, f), map(a, f), map(b, f));
            case Expr.Convert(var t, var a) -> new Expr.Convert(t, map(a, f));
            case Expr.IsNull(var a) -> new Expr.IsNull(map(a, f));
            case Expr.Call(var fn, var t, var args) -> new Expr.Call(fn, t, args.stream().map(a -> map(a, f)).toList());
            case Expr.IntrinsicCall(var i, var args) -> new Expr.IntrinsicCall(i, args.stream().map(a -> map(a, f)).toList());
            case Expr.MapCall(var m, var op, var k, var v) ->
                    new Expr.MapCall(m, op, k == null ? null : map(k, f), v == null ? null : map(v, f));
            case Expr.LoadValue(var p) -> new Expr.LoadValue(map(p, f));
            case Expr.LoadField(var p, var field) -> new Expr.LoadField(map(p, f), field);
            case Expr.StructValue(var st, var fields) -> new Expr.StructValue(st, fields.stream().map(a -> map(a, f)).toList());
            case Expr.ArrayElement(var array, var index) -> new Expr.ArrayElement(map(array, f), map(index, f));
            case Expr.NewArray a -> a;
            default -> throw new Unknown();
        };
    }

    private void count(Stmt s) {
        switch (s) {
            case Stmt.Declare(var l, var init, var p) -> {
                if (init != null) countReads(init);
            }
            case Stmt.Assign(var l, var v, var p) -> {
                assigns.merge(l.id(), 1, Integer::sum);
                countReads(v);
            }
            case Stmt.Eval(var e, var p) -> countReads(e);
            case Stmt.Return(var v, var p) -> {
                if (v != null) countReads(v);
            }
            case Stmt.If(var c, var a, var b, var p) -> {
                countReads(c);
                count(a);
                count(b);
            }
            case Stmt.Loop(var label, var c, var first, var body, var update, var p) -> {
                if (c != null) countReads(c);
                count(body);
                count(update);
            }
            case Stmt.Block b -> b.statements().forEach(this::count);
            case Stmt.StoreElement(var array, var index, var value, var p) -> {
                // a store changes the array: it is no copy to read as its original
                assigns.merge(array.id(), 1, Integer::sum);
                reads.merge(array.id(), 1, Integer::sum);
                countReads(index);
                countReads(value);
            }
            case Stmt.Trace t -> t.arguments().forEach(this::countReads);
            case Stmt.Break b -> { }
            case Stmt.Continue c -> { }
        }
    }

    private void countReads(Expr e) {
        if (e instanceof Expr.Read(var l)) reads.merge(l.id(), 1, Integer::sum);
        Exprs.children(e).forEach(this::countReads);
    }

    private boolean neverAssigned(Local l) {
        return !assigns.containsKey(l.id());
    }

    private Stmt.Block block(Stmt.Block b) {
        List<Stmt> in = b.statements();
        List<Stmt> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            Stmt s = in.get(i);
            if (s instanceof Stmt.Declare(var y, Expr.Read(var x), var p) && neverAssigned(y) && neverAssigned(x)
                    && !(y.type() instanceof ArrayType)) {
                copies.put(y.id(), copies.getOrDefault(x.id(), x));
                continue;
            }
            if (s instanceof Stmt.Declare(var x, var init, var p) && init != null && i + 1 < in.size()
                    && in.get(i + 1) instanceof Stmt.If(var c, var then, var otherwise, var q)
                    && reads.getOrDefault(x.id(), 0) == 1 && neverAssigned(x) && readFirst(c, x)
                    && Exprs.need(substitute(c, x, init)) <= ExpressionSplitter.LIMIT) {
                Expr value = expr(init);
                out.add(new Stmt.If(substitute(expr(c), x, value), block(then), block(otherwise), q));
                i++;
                continue;
            }
            if (s instanceof Stmt.Block inner && inner.label() != null && i + 1 < in.size()
                    && in.get(i + 1) instanceof Stmt.Return r && simpleReturn(r)) {
                Stmt.Return ret = (Stmt.Return) stmt(r);
                out.add(block(returning(inner, inner.label(), ret)));
                continue;
            }
            out.add(stmt(s));
        }
        return new Stmt.Block(b.label(), fuseReturns(out), b.position());
    }

    private Stmt stmt(Stmt s) {
        return switch (s) {
            case Stmt.Declare(var l, var init, var p) -> new Stmt.Declare(l, init == null ? null : expr(init), p);
            case Stmt.Assign(var l, var v, var p) -> new Stmt.Assign(l, expr(v), p);
            case Stmt.Eval(var e, var p) -> new Stmt.Eval(expr(e), p);
            case Stmt.Return(var v, var p) -> new Stmt.Return(v == null ? null : expr(v), p);
            case Stmt.If(var c, var a, var b, var p) -> new Stmt.If(expr(c), block(a), block(b), p);
            case Stmt.Loop(var label, var c, var first, var body, var update, var p) ->
                    new Stmt.Loop(label, c == null ? null : expr(c), first, block(body), block(update), p);
            case Stmt.Block b -> block(b);
            case Stmt.StoreElement(var array, var index, var value, var p) ->
                    new Stmt.StoreElement(array, expr(index), expr(value), p);
            case Stmt.Trace(var format, var arguments, var p) ->
                    new Stmt.Trace(format, arguments.stream().map(this::expr).toList(), p);
            case Stmt.Break b -> b;
            case Stmt.Continue c -> c;
        };
    }

    /** {@code e} with the copies read as their originals. */
    private Expr expr(Expr e) {
        if (copies.isEmpty()) return e;
        return map(e, x -> x instanceof Expr.Read(var l) && copies.containsKey(l.id()) ? new Expr.Read(copies.get(l.id())) : null);
    }

    /** True if {@code c} is {@code x}, {@code !x}, {@code x == null} or {@code x} compared with a constant. */
    private static boolean readFirst(Expr c, Local x) {
        return switch (c) {
            case Expr.Read(var l) -> l.id() == x.id();
            case Expr.Unary(var op, var a) when op == UnaryOp.NOT -> readFirst(a, x);
            case Expr.IsNull(Expr.Read(var l)) -> l.id() == x.id();
            case Expr.Compare(var op, var t, Expr.Read(var l), Expr.Constant k) -> l.id() == x.id();
            default -> false;
        };
    }

    private static Expr substitute(Expr e, Local x, Expr value) {
        return map(e, y -> y instanceof Expr.Read(var l) && l.id() == x.id() ? value : null);
    }

    private static boolean simpleReturn(Stmt.Return r) {
        return r.value() == null || r.value() instanceof Expr.Read || r.value() instanceof Expr.Constant;
    }

    /** {@code s} with every break out of the block labelled {@code label} replaced by {@code ret}. */
    private static Stmt.Block returning(Stmt.Block b, String label, Stmt.Return ret) {
        List<Stmt> out = new ArrayList<>();
        for (Stmt s : b.statements()) out.add(returning(s, label, ret));
        return new Stmt.Block(b.label(), out, b.position());
    }

    private static Stmt returning(Stmt s, String label, Stmt.Return ret) {
        return switch (s) {
            case Stmt.Break(var l, var p) when label.equals(l) -> new Stmt.Return(ret.value(), p);
            case Stmt.If(var c, var a, var b, var p) -> new Stmt.If(c, returning(a, label, ret), returning(b, label, ret), p);
            case Stmt.Loop(var l, var c, var first, var body, var update, var p) ->
                    new Stmt.Loop(l, c, first, returning(body, label, ret), returning(update, label, ret), p);
            case Stmt.Block b -> returning(b, label, ret);
            default -> s;
        };
    }

    /** {@code r = v; return r;} as {@code return v;}: the store is dead once the function returns. */
    private static List<Stmt> fuseReturns(List<Stmt> statements) {
        List<Stmt> out = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i) instanceof Stmt.Assign(var l, var v, var p) && i + 1 < statements.size()
                    && statements.get(i + 1) instanceof Stmt.Return(Expr.Read(var r), var q) && r.id() == l.id()) {
                out.add(new Stmt.Return(v, p));
                i++;
                continue;
            }
            out.add(statements.get(i));
        }
        return out;
    }
}
