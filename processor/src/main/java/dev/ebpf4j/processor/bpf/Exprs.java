package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.Local;
import java.util.ArrayList;
import java.util.List;

/** Questions about expression trees: their children, whether they call anything, whether they read a local. */
final class Exprs {
    private Exprs() {}

    static List<Expr> children(Expr e) {
        return switch (e) {
            case Expr.Constant c -> List.of();
            case Expr.Read r -> List.of();
            case Expr.Unary(var op, var a) -> List.of(a);
            case Expr.Binary(var op, var t, var a, var b) -> List.of(a, b);
            case Expr.Compare(var op, var t, var a, var b) -> List.of(a, b);
            case Expr.Logical(var op, var a, var b) -> List.of(a, b);
            case Expr.Conditional(var c, var a, var b) -> List.of(c, a, b);
            case Expr.Convert(var t, var a) -> List.of(a);
            case Expr.IsNull(var a) -> List.of(a);
            case Expr.Call(var f, var t, var args) -> args;
            case Expr.IntrinsicCall(var i, var args) -> args;
            case Expr.MapCall(var m, var op, var k, var v) -> {
                List<Expr> list = new ArrayList<>(2);
                if (k != null) list.add(k);
                if (v != null) list.add(v);
                yield list;
            }
            case Expr.LoadValue(var p) -> List.of(p);
            case Expr.LoadField(var p, var f) -> List.of(p);
            case Expr.StructValue(var s, var fields) -> fields;
            case Expr.ArrayElement(var a, var i) -> List.of(a, i);
            case Expr.NewArray n -> List.of();
        };
    }

    /** True if evaluating {@code e} calls a helper or a function (and so clobbers r0–r5). */
    static boolean calls(Expr e) {
        boolean self = switch (e) {
            case Expr.Call c -> true;
            case Expr.MapCall m -> true;
            case Expr.IntrinsicCall(var i, var args) -> i == Intrinsic.NANO_TIME || i == Intrinsic.RANDOM || i == Intrinsic.CPU;
            default -> false;
        };
        return self || children(e).stream().anyMatch(Exprs::calls);
    }

    static boolean reads(Expr e, Local local) {
        return any(e, c -> c instanceof Expr.Read(var l) && l.id() == local.id());
    }

    /** True if {@code test} accepts {@code e} or a part of it. */
    static boolean any(Expr e, java.util.function.Predicate<Expr> test) {
        return test.test(e) || children(e).stream().anyMatch(c -> any(c, test));
    }

    /**
     * The scratch registers evaluating {@code e} needs (its Sethi–Ullman number): operands are
     * evaluated in order, each holding a register while the next is computed.
     */
    static int need(Expr e) {
        return switch (e) {
            case Expr.Constant c -> 1;
            case Expr.Read r -> 1;
            case Expr.Binary b -> {
                int l = need(b.left());
                int r = need(b.right());
                yield l == r ? l + 1 : Math.max(l, r);
            }
            default -> {
                int most = 1;
                int held = 0;
                for (Expr child : children(e)) most = Math.max(most, need(child) + held++);
                yield most;
            }
        };
    }
}
