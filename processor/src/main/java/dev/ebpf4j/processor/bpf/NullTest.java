package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.UnaryOp;
import dev.ebpf4j.processor.passes.ConstantFolder;
import java.util.List;

/**
 * A view declared into a register and null-tested by the very next statement
 * ({@code Tcp tcp = ip.tcp(); if (tcp == null) ...}), in the cases where the null branch never
 * reads the local: there the view's checks can jump straight to the branches, leaving the local
 * unset on the null path.
 */
record NullTest(Stmt.Declare declare, Stmt.If test, Stmt.Block whenNull, Stmt.Block whenPresent) {
    /** The null test {@code declare} and {@code test} make, or null; {@code rest} are the statements after the test. */
    static NullTest of(Stmt declare, Stmt.If test, List<Stmt> rest, Homes homes) {
        if (!(declare instanceof Stmt.Declare d) || d.init() == null || !ViewEmitter.isView(d.init())) return null;
        Local x = d.local();
        if (!homes.of(x).inRegister()) return null;
        Expr c = ConstantFolder.fold(test.condition());
        boolean negated = false;
        if (c instanceof Expr.Unary(var op, var a) && op == UnaryOp.NOT) {
            negated = true;
            c = a;
        }
        if (!(c instanceof Expr.IsNull(Expr.Read(var l))) || l.id() != x.id()) return null;
        Stmt.Block whenNull = negated ? test.otherwise() : test.then();
        Stmt.Block whenPresent = negated ? test.then() : test.otherwise();
        // Where the null branch can end normally, the statements after the test run on the null path too.
        boolean nullReads = reads(whenNull, x) || !exits(whenNull) && rest.stream().anyMatch(s -> reads(s, x));
        return nullReads ? null : new NullTest(d, test, whenNull, whenPresent);
    }

    /** True if {@code s} certainly does not complete normally (it returns, breaks or continues on every path). */
    private static boolean exits(Stmt s) {
        return switch (s) {
            case Stmt.Return r -> true;
            case Stmt.Break b -> true;
            case Stmt.Continue c -> true;
            case Stmt.If i -> exits(i.then()) && exits(i.otherwise());
            // A labelled block may be left by a break to its label.
            case Stmt.Block b -> b.label() == null && !b.statements().isEmpty() && exits(b.statements().getLast());
            default -> false;
        };
    }

    /** True if {@code s} reads {@code x}, assigns it or stores into it. */
    private static boolean reads(Stmt s, Local x) {
        return IrScanner.anyExpression(s, e -> e instanceof Expr.Read(var l) && l.id() == x.id())
                || IrScanner.statements(s).anyMatch(t -> !(t instanceof Stmt.Declare) && IrScanner.written(t) instanceof Local l && l.id() == x.id());
    }
}
