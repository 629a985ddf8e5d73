package dev.ebpf4j.processor.passes;

import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.not;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.IrPrinter;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An inlined boolean method's returns made jumps to the branches of the if that tests its result. */
class BranchOnResultsTest {
    private final Ir ir = new Ir();
    private final Local ctx = ir.context(Hook.XDP);
    private final Local x = ir.local("x", Prim.INT);
    private final Local result = ir.local("isSmall_result", Prim.BOOLEAN);

    private Function function(Stmt... body) {
        return ir.entry("f", Hook.XDP, ctx, List.of(body));
    }

    /** {@code isSmall(x)}: {@code if (x < 0) return false; return x < 10;}, inlined. */
    private Stmt.Block inlined() {
        return new Stmt.Block("isSmall_0", List.of(
                ir.iff(Ir.lt(r(x), i(0)), ir.block(ir.set(result, Ir.bool(false)), ir.brk("isSmall_0"))),
                ir.set(result, Ir.lt(r(x), i(10))),
                ir.brk("isSmall_0")), ir.pos());
    }

    @Test
    void eachReturnJumpsToTheBranchItsValueChooses() {
        Function f = BranchOnResults.apply(function(
                ir.let(x, i(5)),
                ir.let(result, null),
                inlined(),
                ir.iff(r(result), ir.block(ir.ret(i(1))), ir.block(ir.ret(i(2))))));
        String text = IrPrinter.body(f);
        assertFalse(text.contains("isSmall_result"), text);
        // result_if: { result_else: { result_then: { isSmall_0: { ... } } return 1; break result_if } return 2 }
        Stmt.Block whole = (Stmt.Block) f.body().statements().get(1);
        Stmt.Block elseBlock = (Stmt.Block) whole.statements().getFirst();
        assertEquals(i(2), ((Stmt.Return) whole.statements().get(1)).value());
        Stmt.Block thenBlock = (Stmt.Block) elseBlock.statements().getFirst();
        assertEquals(i(1), ((Stmt.Return) elseBlock.statements().get(1)).value());
        Stmt.Block method = (Stmt.Block) thenBlock.statements().getFirst();
        Stmt.If early = (Stmt.If) method.statements().getFirst();
        List<Stmt> earlyReturn = early.then().statements();
        assertEquals(Ir.bool(false), ((Stmt.If) earlyReturn.get(0)).condition(), "return false: its test folds away");
        assertEquals(elseBlock.label(), ((Stmt.Break) earlyReturn.get(1)).label());
        Stmt.If last = (Stmt.If) method.statements().get(1);
        assertEquals(Ir.lt(r(x), i(10)), last.condition());
        assertEquals(thenBlock.label(), ((Stmt.Break) last.then().statements().getFirst()).label());
        assertEquals(elseBlock.label(), ((Stmt.Break) method.statements().get(2)).label());
    }

    @Test
    void aBranchThatOnlyBreaksIsJumpedToDirectly() {
        Stmt.Block loopBody = ir.block(
                ir.let(result, null),
                inlined(),
                ir.iff(not(r(result)), ir.block(ir.brk("scan"))),
                ir.set(x, Ir.add(r(x), i(1))));
        Function f = BranchOnResults.apply(function(
                ir.let(x, i(5)),
                ir.loop("scan", Ir.lt(r(x), i(100)), true, loopBody, ir.block()),
                ir.ret(r(x))));
        Stmt.Loop loop = (Stmt.Loop) f.body().statements().get(1);
        Stmt.Block whole = (Stmt.Block) loop.body().statements().getFirst();
        Stmt.Block method = (Stmt.Block) whole.statements().getFirst();
        assertEquals("isSmall_0", method.label(), "no block for either branch: false breaks the loop, true falls through");
        Stmt.If last = (Stmt.If) method.statements().get(1);
        assertEquals(whole.label(), ((Stmt.Break) last.then().statements().getFirst()).label());
        assertEquals("scan", ((Stmt.Break) method.statements().get(2)).label());
    }

    @Test
    void aResultReadTwiceStays() {
        Function original = function(
                ir.let(x, i(5)),
                ir.let(result, null),
                inlined(),
                ir.iff(r(result), ir.block(ir.ret(i(1)))),
                ir.ret(Ir.cond(r(result), i(3), i(4))));
        assertEquals(original.body(), BranchOnResults.apply(original).body());
    }
}
