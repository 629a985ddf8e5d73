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
        return Stmts.all(s).mapToInt(t -> {
            Local written = Stmts.written(t);
            int max = written == null ? 0 : written.id();
            for (Expr e : Stmts.exprs(t)) max = Math.max(max, max(e));
            return max;
        }).max().orElse(0);
    }

    private static int max(Expr e) {
        int max = e instanceof Expr.Read(var l) ? l.id() : 0;
        for (Expr child : Exprs.children(e)) max = Math.max(max, max(child));
        return max;
    }
}
