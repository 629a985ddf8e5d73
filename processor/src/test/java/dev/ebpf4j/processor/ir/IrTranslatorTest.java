package dev.ebpf4j.processor.ir;

import static dev.ebpf4j.processor.fixture.Ir.add;
import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.lt;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.processor.fixture.Ir;
import org.junit.jupiter.api.Test;

/** Rewrites of statement trees: the rest rebuilt as it was. */
class IrTranslatorTest {
    private final Ir ir = new Ir();
    private final Local a = ir.local("a", Prim.INT);
    private final Local b = ir.local("b", Prim.INT);

    private final Stmt.Block sample = ir.block(
            ir.loop("l", lt(r(a), r(b)), true, ir.block(ir.set(a, add(r(a), i(1)))), ir.block()),
            ir.ret(r(b)));

    @Test
    void withNothingOverriddenTheTreeIsRebuiltEqual() {
        assertEquals(sample, new IrTranslator().block(sample));
    }

    @Test
    void aReplacementReachesEveryExpressionAndLeavesItsOwnPartsAlone() {
        Stmt.Block renamed = new IrTranslator() {
            @Override
            public Expr expression(Expr e) {
                return e instanceof Expr.Read(var l) && l.id() == a.id() ? new Expr.Read(b) : super.expression(e);
            }
        }.block(sample);
        assertEquals("""
                {
                  l: while (b < b) {
                    a = (b + 1)
                  }
                  return b
                }
                """, renamed.toString());
    }

    @Test
    void replacingSwapsWholeSubtrees() {
        Expr sum = add(r(a), i(1));
        assertEquals(add(sum, i(1)), IrTranslator.replacing(add(sum, i(1)), e -> null));
        assertEquals("(7 + 1)", IrTranslator.replacing(add(sum, i(1)), e -> e.equals(sum) ? i(7) : null).toString());
    }
}
