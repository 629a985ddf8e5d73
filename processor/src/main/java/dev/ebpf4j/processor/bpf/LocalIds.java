package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Stmt;

/**
 * The largest local id a function uses, so passes can make locals of their own above it. Every
 * mention counts — parameters, declarations, assignments and reads — since the IR does not require
 * a local to be declared before it is assigned.
 */
final class LocalIds {
    private LocalIds() {}

    static int max(Function function) {
        int max = 0;
        for (Local p : function.parameters()) max = Math.max(max, p.id());
        return Math.max(max, max(function.body()));
    }

    private static int max(Stmt s) {
        return switch (s) {
            case Stmt.Declare(var l, var init, var p) -> Math.max(l.id(), init == null ? 0 : max(init));
            case Stmt.Assign(var l, var v, var p) -> Math.max(l.id(), max(v));
            case Stmt.Eval(var e, var p) -> max(e);
            case Stmt.Return(var v, var p) -> v == null ? 0 : max(v);
            case Stmt.If(var c, var a, var b, var p) -> Math.max(max(c), Math.max(max(a), max(b)));
            case Stmt.Loop(var label, var c, var first, var body, var update, var p) ->
                    Math.max(c == null ? 0 : max(c), Math.max(max(body), max(update)));
            case Stmt.Block b -> b.statements().stream().mapToInt(LocalIds::max).max().orElse(0);
            case Stmt.StoreElement(var l, var i, var v, var p) -> Math.max(l.id(), Math.max(max(i), max(v)));
            case Stmt.Trace t -> t.arguments().stream().mapToInt(LocalIds::max).max().orElse(0);
            case Stmt.Break b -> 0;
            case Stmt.Continue c -> 0;
        };
    }

    private static int max(Expr e) {
        int max = e instanceof Expr.Read(var l) ? l.id() : 0;
        for (Expr child : Exprs.children(e)) max = Math.max(max, max(child));
        return max;
    }
}
