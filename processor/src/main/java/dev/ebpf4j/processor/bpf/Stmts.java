package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The parts of a statement, for the passes that only ask what a statement tree holds (which locals
 * it names, whether it evaluates a view): the statements inside it, the expressions it evaluates
 * itself, the local it writes. The passes that lower or rewrite statements keep their own switches.
 */
final class Stmts {
    private Stmts() {}

    /** The statements directly inside {@code s}, in order. */
    static List<Stmt> children(Stmt s) {
        return switch (s) {
            case Stmt.If(var c, var a, var b, var p) -> List.of(a, b);
            case Stmt.Loop(var label, var c, var first, var body, var update, var p) -> List.of(body, update);
            case Stmt.Block b -> b.statements();
            default -> List.of();
        };
    }

    /** The expressions {@code s} evaluates itself, not those of the statements inside it. */
    static List<Expr> exprs(Stmt s) {
        List<Expr> list = new ArrayList<>(2);
        switch (s) {
            case Stmt.Declare(var l, var init, var p) -> add(list, init);
            case Stmt.Assign(var l, var v, var p) -> list.add(v);
            case Stmt.Eval(var e, var p) -> list.add(e);
            case Stmt.Return(var v, var p) -> add(list, v);
            case Stmt.If(var c, var a, var b, var p) -> list.add(c);
            case Stmt.Loop l -> add(list, l.condition());
            case Stmt.StoreElement(var a, var i, var v, var p) -> {
                list.add(i);
                list.add(v);
            }
            case Stmt.Trace t -> list.addAll(t.arguments());
            case Stmt.Block b -> { }
            case Stmt.Break b -> { }
            case Stmt.Continue c -> { }
        }
        return list;
    }

    /** The local {@code s} declares, assigns or stores an element of; null for other statements. */
    static Local written(Stmt s) {
        return switch (s) {
            case Stmt.Declare d -> d.local();
            case Stmt.Assign a -> a.local();
            case Stmt.StoreElement e -> e.array();
            default -> null;
        };
    }

    /** {@code s} and every statement inside it. */
    static Stream<Stmt> all(Stmt s) {
        return Stream.concat(Stream.of(s), children(s).stream().flatMap(Stmts::all));
    }

    /** True if {@code s} or a statement inside it evaluates an expression with a part {@code test} accepts. */
    static boolean anyExpr(Stmt s, Predicate<Expr> test) {
        return all(s).anyMatch(t -> exprs(t).stream().anyMatch(e -> Exprs.any(e, test)));
    }

    private static void add(List<Expr> list, Expr e) {
        if (e != null) list.add(e);
    }
}
