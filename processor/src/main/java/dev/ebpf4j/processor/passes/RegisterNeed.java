package dev.ebpf4j.processor.passes;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.IrScanner;

/**
 * The scratch registers evaluating an expression needs (its Sethi–Ullman number): operands are
 * evaluated in order, each holding a register while the next is computed.
 */
public final class RegisterNeed {
    private RegisterNeed() {}

    public static int of(Expr e) {
        return switch (e) {
            case Expr.Constant c -> 1;
            case Expr.Read r -> 1;
            // the value in one register, the global's address in another
            case Expr.GlobalAdd add -> Math.max(2, of(add.delta()));
            case Expr.Binary b -> {
                int l = of(b.left());
                int r = of(b.right());
                yield l == r ? l + 1 : Math.max(l, r);
            }
            default -> {
                int most = 1;
                int held = 0;
                for (Expr operand : IrScanner.operands(e)) most = Math.max(most, of(operand) + held++);
                yield most;
            }
        };
    }
}
