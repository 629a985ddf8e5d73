package dev.ebpf4j.processor.ir;

import java.util.List;
import java.util.stream.Collectors;

/**
 * IR as compact text, as javac's {@code Pretty} prints its trees: one statement a line, two
 * spaces per nesting level, expressions fully parenthesised with Java's operators ({@code udiv},
 * {@code <u} for the unsigned ones, an {@code L} after a LONG operator). What the IR's
 * {@code toString()} shows, what diagnostics quote, and what tests compare.
 *
 * <pre>{@code
 * int x = (a + 1)
 * if (x >u 4) {
 *   return 2
 * }
 * }</pre>
 */
public final class IrPrinter {
    private IrPrinter() {
    }

    /** The statements of {@code function}'s body. */
    public static String body(Function function) {
        return statements(function.body().statements());
    }

    /** {@code statements}, each on its own line(s), at the outermost level. */
    public static String statements(List<Stmt> statements) {
        StringBuilder out = new StringBuilder();
        statements(statements, 0, out);
        return out.toString();
    }

    /** {@code statement} on its own line(s); a statement with a body spans several. */
    public static String statement(Stmt statement) {
        StringBuilder out = new StringBuilder();
        statement(statement, 0, out);
        return out.toString();
    }

    /** A function's signature and body. */
    public static String function(Function function) {
        String parameters = function.parameters().stream().map(p -> type(p.type()) + " " + p.name()).collect(Collectors.joining(", "));
        StringBuilder out = new StringBuilder();
        out.append(function.returnType().javaName()).append(' ').append(function.name()).append('(').append(parameters).append(") {\n");
        statements(function.body().statements(), 1, out);
        return out.append("}\n").toString();
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
                    + (d.init() == null ? "" : " = " + expression(d.init())));
            case Stmt.Assign a -> line(depth, out, a.local().name() + " = " + expression(a.value()));
            case Stmt.If i -> {
                line(depth, out, "if " + expression(i.condition()) + " {");
                statements(i.then().statements(), depth + 1, out);
                if (!i.otherwise().statements().isEmpty()) {
                    line(depth, out, "} else {");
                    statements(i.otherwise().statements(), depth + 1, out);
                }
                line(depth, out, "}");
            }
            case Stmt.Loop l -> {
                line(depth, out, l.label() + ": " + (l.testFirst() ? "while " : "do-while ")
                        + (l.condition() == null ? "forever" : expression(l.condition())) + " {");
                statements(l.body().statements(), depth + 1, out);
                if (!l.update().statements().isEmpty()) {
                    line(depth, out, "} update {");
                    statements(l.update().statements(), depth + 1, out);
                }
                line(depth, out, "}");
            }
            case Stmt.StoreElement e -> line(depth, out, e.array().name() + "[" + expression(e.index()) + "] = " + expression(e.value()));
            case Stmt.UpdateField u -> line(depth, out, (u.atomic() ? "atomic " : "") + expression(u.pointer()) + "->" + u.field().name()
                    + " " + u.op().operator() + "= " + expression(u.operand()));
            case Stmt.Locked l -> {
                line(depth, out, "locked " + expression(l.pointer()) + "->" + l.lock().name() + " {");
                for (Stmt.Change c : l.changes()) {
                    line(depth + 1, out, expression(l.pointer()) + "->" + c.field().name() + " " + c.op().operator() + "= "
                            + expression(c.operand()));
                }
                line(depth, out, "}");
            }
            case Stmt.Break b -> line(depth, out, "break " + b.label());
            case Stmt.Continue c -> line(depth, out, "continue " + c.label());
            case Stmt.Return r -> line(depth, out, "return" + (r.value() == null ? "" : " " + expression(r.value())));
            case Stmt.Eval e -> line(depth, out, "eval " + expression(e.expression()));
            case Stmt.StoreGlobal g -> line(depth, out, "global " + g.global().name() + " = " + expression(g.value()));
            case Stmt.Trace t -> line(depth, out, "trace \"" + t.format() + "\""
                    + t.arguments().stream().map(a -> ", " + expression(a)).collect(Collectors.joining()));
            case Stmt.Block b -> {
                line(depth, out, (b.label() == null ? "" : b.label() + ": ") + "{");
                statements(b.statements(), depth + 1, out);
                line(depth, out, "}");
            }
        }
    }

    /** A type as Java writes it; a value pointer as {@code *map}, a context as {@code ctx}. */
    public static String type(IrType type) {
        return switch (type) {
            case Prim p -> p.javaName();
            case ViewKind v -> v.javaName();
            case ValuePointer p -> "*" + p.map().name();
            case ContextType c -> "ctx";
            case StructType s -> s.name();
            case ArrayType a -> a.toString();
            case SpinLockType l -> l.toString();
        };
    }

    /** {@code expression} on one line. */
    public static String expression(Expr expression) {
        return switch (expression) {
            case Expr.Constant c -> switch (c.type()) {
                case BOOLEAN -> c.value() != 0 ? "true" : "false";
                case LONG -> c.value() + "L";
                case INT -> Long.toString(c.value());
                default -> "(" + c.type().javaName() + ")" + c.value();
            };
            case Expr.Read r -> r.local().name();
            case Expr.Unary u -> switch (u.op()) {
                case NEG -> "-" + expression(u.operand());
                case BIT_NOT -> "~" + expression(u.operand());
                case NOT -> "!" + expression(u.operand());
            };
            case Expr.Binary b -> "(" + expression(b.left()) + " " + operator(b.op())
                    + (b.type() == Prim.LONG ? "L " : " ") + expression(b.right()) + ")";
            case Expr.Compare c -> "(" + expression(c.left()) + " " + operator(c.op()) + " " + expression(c.right()) + ")";
            case Expr.Logical l -> "(" + expression(l.left()) + (l.op() == LogicalOp.AND ? " && " : " || ")
                    + expression(l.right()) + ")";
            case Expr.Conditional c -> "(" + expression(c.condition()) + " ? " + expression(c.whenTrue()) + " : "
                    + expression(c.whenFalse()) + ")";
            case Expr.Convert c -> "(" + c.to().javaName() + ") " + expression(c.operand());
            case Expr.IsNull n -> "isnull(" + expression(n.pointer()) + ")";
            case Expr.ArrayElement e -> expression(e.array()) + "[" + expression(e.index()) + "]";
            case Expr.NewArray a -> "new " + a.type();
            case Expr.LoadGlobal g -> "global " + g.global().name();
            case Expr.GlobalAdd g -> "atomic " + g.global().name() + " += " + expression(g.delta());
            case Expr.Call c -> c.function() + arguments(c.arguments());
            case Expr.IntrinsicCall i -> i.intrinsic() + arguments(i.arguments());
            case Expr.MapCall m -> m.map().name() + "." + m.op() + "(" + (m.key() == null ? "" : expression(m.key()))
                    + (m.value() == null ? "" : (m.key() == null ? "" : ", ") + expression(m.value())) + ")";
            case Expr.LoadValue l -> "*" + expression(l.pointer());
            case Expr.LoadField l -> expression(l.pointer()) + "->" + l.field().name();
            case Expr.StructValue s -> s.struct().name() + "{"
                    + s.fields().stream().map(IrPrinter::expression).collect(Collectors.joining(", ")) + "}";
        };
    }

    private static String operator(BinaryOp op) {
        return switch (op) {
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
        };
    }

    private static String operator(CompareOp op) {
        return switch (op) {
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
        };
    }

    private static String arguments(List<Expr> arguments) {
        return "(" + arguments.stream().map(IrPrinter::expression).collect(Collectors.joining(", ")) + ")";
    }
}
