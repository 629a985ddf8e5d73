package dev.ebpf4j.processor.passes;

import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.not;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.IrPrinter;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A short-circuit condition with statements on its right made jumps, and left alone where its temporary is used again. */
class ShortCircuitBranchesTest {
    private final Ir ir = new Ir();
    private final Local ctx = ir.context(Hook.XDP);
    private final Local x = ir.local("x", Prim.INT);
    private final Local y = ir.local("y", Prim.INT);
    private final Local cond = ir.local("cond", Prim.BOOLEAN);

    private Function function(Stmt... body) {
        return ir.entry("f", Hook.XDP, ctx, List.of(body));
    }

    /** {@code if (x == 0 || y-computed == 3) return 1; else return 2;} as the front end lowers it. */
    private Function orElse(Stmt use) {
        return function(
                ir.let(x, i(5)),
                ir.let(cond, Ir.eq(r(x), i(0))),
                ir.iff(not(r(cond)), ir.block(ir.let(y, Ir.add(r(x), i(1))), ir.set(cond, Ir.eq(r(y), i(3))))),
                use,
                ir.ret(i(0)));
    }

    @Test
    void orJumpsToTheThenBranchFromEitherSide() {
        Function f = ShortCircuitBranches.apply(orElse(ir.iff(r(cond), ir.block(ir.ret(i(1))), ir.block(ir.ret(i(2))))));
        String text = IrPrinter.body(f);
        assertFalse(text.contains("cond"), text);
        Stmt.Block outer = assertInstanceOf(Stmt.Block.class, f.body().statements().get(1));
        Stmt.Block inner = assertInstanceOf(Stmt.Block.class, outer.statements().getFirst());
        List<Stmt> tests = inner.statements();
        // if (x == 0) break then; y = x + 1; if (y == 3) break then; return 2 (the else); break if
        assertEquals(Ir.eq(r(x), i(0)), ((Stmt.If) tests.get(0)).condition());
        assertEquals(new Stmt.Break(inner.label(), null), withoutPosition(((Stmt.If) tests.get(0)).then().statements().getFirst()));
        assertEquals(Ir.eq(r(y), i(3)), ((Stmt.If) tests.get(2)).condition());
        assertEquals(i(2), ((Stmt.Return) tests.get(3)).value());
        assertEquals(i(1), ((Stmt.Return) outer.statements().get(1)).value(), "the then branch after the inner block");
    }

    @Test
    void aNegatedUseSwapsTheBranches() {
        Function f = ShortCircuitBranches.apply(orElse(ir.iff(not(r(cond)), ir.block(ir.ret(i(1))), ir.block(ir.ret(i(2))))));
        Stmt.Block outer = (Stmt.Block) f.body().statements().get(1);
        Stmt.Block inner = (Stmt.Block) outer.statements().getFirst();
        assertEquals(i(1), ((Stmt.Return) inner.statements().get(3)).value(), "x != 0 and y != 3 run the negated if's then");
        assertEquals(i(2), ((Stmt.Return) outer.statements().get(1)).value());
    }

    @Test
    void andJumpsToTheElseBranchFromEitherSide() {
        Function f = ShortCircuitBranches.apply(function(
                ir.let(x, i(5)),
                ir.let(cond, Ir.eq(r(x), i(0))),
                ir.iff(r(cond), ir.block(ir.let(y, Ir.add(r(x), i(1))), ir.set(cond, Ir.eq(r(y), i(3))))),
                ir.iff(r(cond), ir.block(ir.ret(i(1)))),
                ir.ret(i(0))));
        Stmt.Block outer = (Stmt.Block) f.body().statements().get(1);
        Stmt.Block inner = (Stmt.Block) outer.statements().getFirst();
        assertEquals(not(Ir.eq(r(x), i(0))), ((Stmt.If) inner.statements().get(0)).condition());
        assertEquals(not(Ir.eq(r(y), i(3))), ((Stmt.If) inner.statements().get(2)).condition());
        assertEquals(i(1), ((Stmt.Return) inner.statements().get(3)).value(), "both true: the then branch");
        assertEquals(1, outer.statements().size(), "the else branch is empty");
    }

    @Test
    void aTemporaryReadAgainStays() {
        Function original = function(
                ir.let(x, i(5)),
                ir.let(cond, Ir.eq(r(x), i(0))),
                ir.iff(not(r(cond)), ir.block(ir.let(y, Ir.add(r(x), i(1))), ir.set(cond, Ir.eq(r(y), i(3))))),
                ir.iff(r(cond), ir.block(ir.ret(i(1)))),
                ir.ret(Ir.cond(r(cond), i(1), i(0))));
        assertEquals(original.body(), ShortCircuitBranches.apply(original).body());
    }

    private static Stmt withoutPosition(Stmt s) {
        return s instanceof Stmt.Break(var label, var p) ? new Stmt.Break(label, null) : s;
    }
}
