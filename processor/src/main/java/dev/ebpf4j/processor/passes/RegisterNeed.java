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
            // each field is stored to the stack as soon as it is computed: nothing is held
            case Expr.StructValue v -> v.fields().stream().mapToInt(RegisterNeed::of).max().orElse(1);
            // the key and the value go to their stack areas one after the other before the helper's
            // arguments are set up
            case Expr.MapCall m -> Math.max(1, Math.max(m.key() == null ? 1 : of(m.key()), m.value() == null ? 1 : of(m.value())));
            default -> {
                int most = 1;
                int held = 0;
                for (Expr operand : IrScanner.operands(e)) most = Math.max(most, of(operand) + held++);
                yield most;
            }
        };
    }
}
