package dev.ebpf4j.processor.c;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Stmt;
import java.util.function.Consumer;

/** Visits every expression of a statement tree, operands before the expressions that use them. */
final class IrWalk {
    private IrWalk() {
    }

    static void expressions(Stmt statement, Consumer<Expr> visitor) {
        switch (statement) {
            case Stmt.Declare s -> expression(s.init(), visitor);
            case Stmt.Assign s -> expression(s.value(), visitor);
            case Stmt.If s -> {
                expression(s.condition(), visitor);
                expressions(s.then(), visitor);
                expressions(s.otherwise(), visitor);
            }
            case Stmt.Loop s -> {
                expression(s.condition(), visitor);
                expressions(s.body(), visitor);
                expressions(s.update(), visitor);
            }
            case Stmt.Return s -> expression(s.value(), visitor);
            case Stmt.Eval s -> expression(s.expression(), visitor);
            case Stmt.Trace s -> s.arguments().forEach(a -> expression(a, visitor));
            case Stmt.Block s -> {
                for (Stmt inner : s.statements()) expressions(inner, visitor);
            }
            case Stmt.StoreElement s -> {
                expression(s.index(), visitor);
                expression(s.value(), visitor);
            }
            case Stmt.Break s -> {
            }
            case Stmt.Continue s -> {
            }
        }
    }

    static void expression(Expr expression, Consumer<Expr> visitor) {
        if (expression == null) return;
        switch (expression) {
            case Expr.Constant e -> {
            }
            case Expr.Read e -> {
            }
            case Expr.Unary e -> expression(e.operand(), visitor);
            case Expr.Binary e -> {
                expression(e.left(), visitor);
                expression(e.right(), visitor);
            }
            case Expr.Compare e -> {
                expression(e.left(), visitor);
                expression(e.right(), visitor);
            }
            case Expr.Logical e -> {
                expression(e.left(), visitor);
                expression(e.right(), visitor);
            }
            case Expr.Conditional e -> {
                expression(e.condition(), visitor);
                expression(e.whenTrue(), visitor);
                expression(e.whenFalse(), visitor);
            }
            case Expr.Convert e -> expression(e.operand(), visitor);
            case Expr.IsNull e -> expression(e.pointer(), visitor);
            case Expr.Call e -> e.arguments().forEach(a -> expression(a, visitor));
            case Expr.IntrinsicCall e -> e.arguments().forEach(a -> expression(a, visitor));
            case Expr.MapCall e -> {
                expression(e.key(), visitor);
                expression(e.value(), visitor);
            }
            case Expr.LoadValue e -> expression(e.pointer(), visitor);
            case Expr.LoadField e -> expression(e.pointer(), visitor);
            case Expr.StructValue e -> e.fields().forEach(f -> expression(f, visitor));
            case Expr.ArrayElement e -> {
                expression(e.array(), visitor);
                expression(e.index(), visitor);
            }
            case Expr.NewArray e -> {
            }
        }
        visitor.accept(expression);
    }
}
