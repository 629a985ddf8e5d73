package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrType;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.ir.ValuePointer;
import dev.ebpf4j.processor.ir.ViewKind;

import java.util.List;
import java.util.stream.Collectors;

/** A compact text of IR for assertions: one statement a line, two spaces per nesting level. */
final class IrText {
    private IrText() {
    }

    static String of(Function function) {
        StringBuilder out = new StringBuilder();
        statements(function.body().statements(), 0, out);
        return out.toString();
    }

    static String of(List<Stmt> statements) {
        StringBuilder out = new StringBuilder();
        statements(statements, 0, out);
        return out.toString();
    }

    private static void statements(List<Stmt> statements, int depth, StringBuilder out) {
        for (Stmt statement : statements) statement(statement, depth, out);
    }

    private static void line(int depth, StringBuilder out, String text) {
        out.append("  ".repeat(depth)).append(text).append('\n');
    }

    private static void statement(Stmt stmt, int depth, StringBuilder out) {
        switch (stmt) {
            case Stmt.Declare d -> line(depth, out, type(d.local().type()) + " " + d.local().name()
                    + (d.init() == null ? "" : " = " + expr(d.init())));
            case Stmt.Assign a -> line(depth, out, a.local().name() + " = " + expr(a.value()));
            case Stmt.If i -> {
                line(depth, out, "if " + expr(i.condition()) + " {");
                statements(i.then().statements(), depth + 1, out);
                if (!i.otherwise().statements().isEmpty()) {
                    line(depth, out, "} else {");
                    statements(i.otherwise().statements(), depth + 1, out);
                }
                line(depth, out, "}");
            }
            case Stmt.Loop l -> {
                line(depth, out, l.label() + ": " + (l.testFirst() ? "while " : "do-while ")
                        + (l.condition() == null ? "forever" : expr(l.condition())) + " {");
                statements(l.body().statements(), depth + 1, out);
                if (!l.update().statements().isEmpty()) {
                    line(depth, out, "} update {");
                    statements(l.update().statements(), depth + 1, out);
                }
                line(depth, out, "}");
            }
            case Stmt.StoreElement e -> line(depth, out, e.array().name() + "[" + expr(e.index()) + "] = " + expr(e.value()));
            case Stmt.Break b -> line(depth, out, "break " + b.label());
            case Stmt.Continue c -> line(depth, out, "continue " + c.label());
            case Stmt.Return r -> line(depth, out, "return" + (r.value() == null ? "" : " " + expr(r.value())));
            case Stmt.Eval e -> line(depth, out, "eval " + expr(e.expression()));
            case Stmt.Trace t -> line(depth, out, "trace \"" + t.format() + "\"" + t.arguments().stream().map(a -> ", " + expr(a)).collect(java.util.stream.Collectors.joining()));
            case Stmt.Block b -> {
                line(depth, out, (b.label() == null ? "" : b.label() + ": ") + "{");
                statements(b.statements(), depth + 1, out);
                line(depth, out, "}");
            }
        }
    }

    static String type(IrType type) {
        return switch (type) {
            case Prim p -> p.javaName();
            case ViewKind v -> v.javaName();
            case ValuePointer p -> "*" + p.map().name();
            case ContextType c -> "ctx";
            case StructType s -> s.name();
            case dev.ebpf4j.processor.ir.ArrayType a -> a.toString();
        };
    }

    static String expr(Expr expr) {
        return switch (expr) {
            case Expr.Constant c -> switch (c.type()) {
                case BOOLEAN -> c.value() != 0 ? "true" : "false";
                case LONG -> c.value() + "L";
                case INT -> Long.toString(c.value());
                default -> "(" + c.type().javaName() + ")" + c.value();
            };
            case Expr.Read r -> r.local().name();
            case Expr.Unary u -> switch (u.op()) {
                case NEG -> "-" + expr(u.operand());
                case BIT_NOT -> "~" + expr(u.operand());
                case NOT -> "!" + expr(u.operand());
            };
            case Expr.Binary b -> "(" + expr(b.left()) + " " + switch (b.op()) {
                case ADD -> "+";
                case SUB -> "-";
                case MUL -> "*";
                case AND -> "&";
                case OR -> "|";
                case XOR -> "^";
                case SHL -> "<<";
                case SHR -> ">>";
                case USHR -> ">>>";
                case UDIV -> "udiv";
                case UREM -> "urem";
            } + (b.type() == Prim.LONG ? "L " : " ") + expr(b.right()) + ")";
            case Expr.Compare c -> "(" + expr(c.left()) + " " + switch (c.op()) {
                case EQ -> "==";
                case NE -> "!=";
                case LT -> "<";
                case LE -> "<=";
                case GT -> ">";
                case GE -> ">=";
                case ULT -> "<u";
                case ULE -> "<=u";
                case UGT -> ">u";
                case UGE -> ">=u";
            } + " " + expr(c.right()) + ")";
            case Expr.Logical l -> "(" + expr(l.left()) + (l.op() == dev.ebpf4j.processor.ir.LogicalOp.AND ? " && " : " || ")
                    + expr(l.right()) + ")";
            case Expr.Conditional c -> "(" + expr(c.condition()) + " ? " + expr(c.whenTrue()) + " : " + expr(c.whenFalse()) + ")";
            case Expr.Convert c -> "(" + c.to().javaName() + ") " + expr(c.operand());
            case Expr.IsNull n -> "isnull(" + expr(n.pointer()) + ")";
            case Expr.ArrayElement e -> expr(e.array()) + "[" + expr(e.index()) + "]";
            case Expr.NewArray a -> "new " + a.type();
            case Expr.Call c -> c.function() + args(c.arguments());
            case Expr.IntrinsicCall i -> i.intrinsic() + args(i.arguments());
            case Expr.MapCall m -> m.map().name() + "." + m.op()
                    + "(" + (m.key() == null ? "" : expr(m.key())) + (m.value() == null ? "" : (m.key() == null ? "" : ", ") + expr(m.value())) + ")";
            case Expr.LoadValue l -> "*" + expr(l.pointer());
            case Expr.LoadField l -> expr(l.pointer()) + "->" + l.field().name();
            case Expr.StructValue s -> s.struct().name() + "{" + s.fields().stream().map(IrText::expr).collect(Collectors.joining(", ")) + "}";
        };
    }

    private static String args(List<Expr> arguments) {
        return "(" + arguments.stream().map(IrText::expr).collect(Collectors.joining(", ")) + ")";
    }
}
