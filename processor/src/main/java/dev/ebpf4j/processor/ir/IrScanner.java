package dev.ebpf4j.processor.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A walk over a statement tree that visits every statement and every expression, as javac's
 * {@code TreeScanner} walks its trees: a pass that asks what a tree holds subclasses it and
 * overrides {@link #scan(Stmt)} or {@link #scan(Expr)}, calling {@code super} to go on into the
 * parts. The order is evaluation order: a statement's own expressions, then the statements inside
 * it; an expression's operands left to right.
 *
 * <pre>{@code
 * new IrScanner() {
 *     @Override
 *     public void scan(Expr e) {
 *         super.scan(e);                          // operands first
 *         if (e instanceof Expr.Read r) reads.add(r.local());
 *     }
 * }.scan(function.body());
 * }</pre>
 *
 * <p>The static methods answer the common questions without a subclass; this class is the one
 * place that knows which parts each kind of node has ({@link IrTranslator} rebuilds from them).
 */
public class IrScanner {
    /** Visits {@code s}: its own expressions, then the statements directly inside it. */
    public void scan(Stmt s) {
        for (Expr e : expressions(s)) scan(e);
        for (Stmt child : children(s)) scan(child);
    }

    /** Visits {@code e}: its operands, left to right. */
    public void scan(Expr e) {
        for (Expr operand : operands(e)) scan(operand);
    }

    /** The statements directly inside {@code s}, in order. */
    public static List<Stmt> children(Stmt s) {
        return switch (s) {
            case Stmt.If(var c, var then, var otherwise, var p) -> List.of(then, otherwise);
            case Stmt.Loop(var label, var c, var first, var body, var update, var p) -> List.of(body, update);
            case Stmt.Block b -> b.statements();
            case Stmt.Declare d -> List.of();
            case Stmt.Assign a -> List.of();
            case Stmt.Break b -> List.of();
            case Stmt.Continue c -> List.of();
            case Stmt.Return r -> List.of();
            case Stmt.Eval e -> List.of();
            case Stmt.StoreElement e -> List.of();
            case Stmt.Trace t -> List.of();
            case Stmt.StoreGlobal g -> List.of();
            case Stmt.UpdateField u -> List.of();
            case Stmt.Locked l -> List.of();
        };
    }

    /** The expressions {@code s} evaluates itself (not those of the statements inside it), in order. */
    public static List<Expr> expressions(Stmt s) {
        return switch (s) {
            case Stmt.Declare(var l, var init, var p) -> present(init);
            case Stmt.Assign(var l, var value, var p) -> List.of(value);
            case Stmt.Eval(var e, var p) -> List.of(e);
            case Stmt.Return(var value, var p) -> present(value);
            case Stmt.If(var c, var then, var otherwise, var p) -> List.of(c);
            case Stmt.Loop l -> present(l.condition());
            case Stmt.StoreElement(var array, var index, var value, var p) -> List.of(index, value);
            case Stmt.Trace t -> t.arguments();
            case Stmt.StoreGlobal(var g, var value, var p) -> List.of(value);
            case Stmt.UpdateField(var pointer, var field, var op, var operand, var p) -> List.of(pointer, operand);
            case Stmt.Locked l -> {
                List<Expr> list = new ArrayList<>();
                list.add(l.pointer());
                for (Stmt.Change c : l.changes()) list.add(c.operand());
                yield list;
            }
            case Stmt.Block b -> List.of();
            case Stmt.Break b -> List.of();
            case Stmt.Continue c -> List.of();
        };
    }

    /** The operands of {@code e}, left to right. */
    public static List<Expr> operands(Expr e) {
        return switch (e) {
            case Expr.Constant c -> List.of();
            case Expr.Read r -> List.of();
            case Expr.NewArray n -> List.of();
            case Expr.LoadGlobal g -> List.of();
            case Expr.GlobalAdd(var g, var delta) -> List.of(delta);
            case Expr.Unary(var op, var a) -> List.of(a);
            case Expr.Binary(var op, var t, var a, var b) -> List.of(a, b);
            case Expr.Compare(var op, var t, var a, var b) -> List.of(a, b);
            case Expr.Logical(var op, var a, var b) -> List.of(a, b);
            case Expr.Conditional(var c, var a, var b) -> List.of(c, a, b);
            case Expr.Convert(var t, var a) -> List.of(a);
            case Expr.IsNull(var a) -> List.of(a);
            case Expr.Call(var f, var t, var arguments) -> arguments;
            case Expr.IntrinsicCall(var i, var arguments) -> arguments;
            case Expr.MapCall(var m, var op, var key, var value) -> {
                List<Expr> list = new ArrayList<>(2);
                if (key != null) list.add(key);
                if (value != null) list.add(value);
                yield list;
            }
            case Expr.LoadValue(var p) -> List.of(p);
            case Expr.LoadField(var p, var f) -> List.of(p);
            case Expr.StructValue(var s, var fields) -> fields;
            case Expr.ArrayElement(var array, var index) -> List.of(array, index);
        };
    }

    /** The local {@code s} declares, assigns or stores an element of; null for other statements. */
    public static Local written(Stmt s) {
        return switch (s) {
            case Stmt.Declare d -> d.local();
            case Stmt.Assign a -> a.local();
            case Stmt.StoreElement e -> e.array();
            default -> null;
        };
    }

    /** {@code s} and every statement inside it, outer before inner. */
    public static Stream<Stmt> statements(Stmt s) {
        return Stream.concat(Stream.of(s), children(s).stream().flatMap(IrScanner::statements));
    }

    /** Gives {@code visitor} every expression of {@code s} and of the statements inside it, operands first. */
    public static void forEachExpression(Stmt s, Consumer<Expr> visitor) {
        new IrScanner() {
            @Override
            public void scan(Expr e) {
                super.scan(e);
                visitor.accept(e);
            }
        }.scan(s);
    }

    /** Gives {@code visitor} {@code e} and every part of it, operands first; nothing for a null {@code e}. */
    public static void forEachExpression(Expr e, Consumer<Expr> visitor) {
        if (e == null) return;
        for (Expr operand : operands(e)) forEachExpression(operand, visitor);
        visitor.accept(e);
    }

    /** True if {@code test} accepts {@code e} or a part of it. */
    public static boolean any(Expr e, Predicate<Expr> test) {
        return test.test(e) || operands(e).stream().anyMatch(o -> any(o, test));
    }

    /** True if {@code s} or a statement inside it evaluates an expression with a part {@code test} accepts. */
    public static boolean anyExpression(Stmt s, Predicate<Expr> test) {
        return statements(s).anyMatch(t -> expressions(t).stream().anyMatch(e -> any(e, test)));
    }

    /** How often {@code s} and the statements inside it read each local, by local id. */
    public static Map<Integer, Integer> readCounts(Stmt s) {
        Map<Integer, Integer> counts = new HashMap<>();
        forEachExpression(s, part -> {
            if (part instanceof Expr.Read(var l)) counts.merge(l.id(), 1, Integer::sum);
        });
        return counts;
    }

    /** True if {@code e} reads {@code local}. */
    public static boolean reads(Expr e, Local local) {
        return any(e, part -> part instanceof Expr.Read(var l) && l.id() == local.id());
    }

    private static List<Expr> present(Expr e) {
        return e == null ? List.of() : List.of(e);
    }
}
