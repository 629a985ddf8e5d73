package dev.ebpf4j.processor.ir;

import static dev.ebpf4j.processor.fixture.Ir.add;
import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.lt;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.processor.fixture.Ir;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one walk over statement trees: every part, in evaluation order. */
class IrScannerTest {
    private final Ir ir = new Ir();
    private final Local a = ir.local("a", Prim.INT);
    private final Local b = ir.local("b", Prim.INT);

    /** {@code if (a < b) { a = a + 1; } else { return b; }} */
    private Stmt sample() {
        return ir.iff(lt(r(a), r(b)), ir.block(ir.set(a, add(r(a), i(1)))), ir.block(ir.ret(r(b))));
    }

    @Test
    void expressionsComeOperandsFirstAndAStatementsOwnBeforeThoseInside() {
        List<String> seen = new ArrayList<>();
        IrScanner.forEachExpression(sample(), e -> seen.add(e.toString()));
        assertEquals(List.of("a", "b", "(a < b)", "a", "1", "(a + 1)", "b"), seen);
    }

    @Test
    void aSubclassSeesEveryStatementOuterFirst() {
        List<String> kinds = new ArrayList<>();
        new IrScanner() {
            @Override
            public void scan(Stmt s) {
                kinds.add(s.getClass().getSimpleName());
                super.scan(s);
            }
        }.scan(sample());
        assertEquals(List.of("If", "Block", "Assign", "Block", "Return"), kinds);
    }

    @Test
    void theQuestionsAnswerForTheWholeTree() {
        Stmt s = sample();
        assertTrue(IrScanner.anyExpression(s, e -> e instanceof Expr.Constant));
        assertFalse(IrScanner.anyExpression(s, e -> e instanceof Expr.MapCall));
        assertEquals(List.of(a), IrScanner.statements(s).map(IrScanner::written).filter(l -> l != null).toList());
        assertTrue(IrScanner.reads(add(r(a), i(1)), a));
        assertFalse(IrScanner.reads(add(r(a), i(1)), b));
    }
}
