package dev.ebpf4j.processor.ir;

import static dev.ebpf4j.processor.fixture.Ir.add;
import static dev.ebpf4j.processor.fixture.Ir.cmp;
import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.l;
import static dev.ebpf4j.processor.fixture.Ir.not;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.processor.fixture.Ir;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IR as text: what toString() shows and what diagnostics quote. */
class IrPrinterTest {
    private final Ir ir = new Ir();
    private final Local x = ir.local("x", Prim.INT);
    private final Local n = ir.local("n", Prim.LONG);

    @Test
    void expressionsAreFullyParenthesisedWithJavasOperatorsAndUnsignedOnesMarked() {
        assertEquals("((x + 1) <u 4)", IrPrinter.expression(cmp(CompareOp.ULT, Prim.INT, add(r(x), i(1)), i(4))));
        assertEquals("!(n == 7L)", IrPrinter.expression(not(cmp(CompareOp.EQ, Prim.LONG, r(n), l(7)))));
        assertEquals("(long) x", IrPrinter.expression(new Expr.Convert(Prim.LONG, r(x))));
    }

    @Test
    void statementsTakeOneLineEachAndNestedBodiesIndentTwoSpaces() {
        Stmt loop = ir.loop("outer", cmp(CompareOp.LT, Prim.INT, r(x), i(10)), true,
                ir.block(ir.iff(r(ir.local("done", Prim.BOOLEAN)), ir.block(ir.brk("outer")))),
                ir.block(ir.set(x, add(r(x), i(1)))));
        assertEquals("""
                int x = 0
                outer: while (x < 10) {
                  if done {
                    break outer
                  }
                } update {
                  x = (x + 1)
                }
                """, IrPrinter.statements(List.of(ir.let(x, i(0)), loop)));
    }

    @Test
    void toStringIsThePrintedForm() {
        Expr e = add(r(x), i(2));
        assertEquals(IrPrinter.expression(e), e.toString());
        Stmt s = ir.ret(e);
        assertEquals("return (x + 2)\n", s.toString());
        Function f = ir.subprogram("twice", List.of(x), Prim.INT, List.of(s));
        assertEquals("int twice(int x) {\n  return (x + 2)\n}\n", f.toString());
    }
}
