package dev.ebpf4j.processor.passes;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Stmt;

/**
 * The largest local id a function uses, so passes can make locals of their own above it. Every
 * mention counts — parameters, declarations, assignments and reads — since the IR does not require
 * a local to be declared before it is assigned.
 */
public final class LocalIds {
    private LocalIds() {}

    public static int max(Function function) {
        int max = 0;
        for (Local p : function.parameters()) max = Math.max(max, p.id());
        return Math.max(max, max(function.body()));
    }

    private static int max(Stmt s) {
        int[] max = {0};
        new IrScanner() {
            @Override
            public void scan(Stmt t) {
                if (IrScanner.written(t) instanceof Local written) max[0] = Math.max(max[0], written.id());
                super.scan(t);
            }

            @Override
            public void scan(Expr e) {
                if (e instanceof Expr.Read(var l)) max[0] = Math.max(max[0], l.id());
                super.scan(e);
            }
        }.scan(s);
        return max[0];
    }
}
