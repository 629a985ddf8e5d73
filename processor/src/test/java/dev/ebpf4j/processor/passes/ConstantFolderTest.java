package dev.ebpf4j.processor.passes;

import static dev.ebpf4j.processor.fixture.Ir.add;
import static dev.ebpf4j.processor.fixture.Ir.andAlso;
import static dev.ebpf4j.processor.fixture.Ir.bool;
import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.mul;
import static dev.ebpf4j.processor.fixture.Ir.not;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.LogicalOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.UnaryOp;
import org.junit.jupiter.api.Test;

/** The one constant folder: the front end's factory methods and the back end's tree folding agree. */
class ConstantFolderTest {
    private final Ir ir = new Ir();
    private final Local x = ir.local("x", Prim.INT);
    private final Local flag = ir.local("flag", Prim.BOOLEAN);

    @Test
    void theFactoriesFoldConstantOperandsWithJavasIntArithmetic() {
        assertEquals(i(Integer.MIN_VALUE), ConstantFolder.binary(BinaryOp.ADD, Prim.INT, i(Integer.MAX_VALUE), i(1)));
        assertEquals(i(-1), ConstantFolder.convert(Prim.INT, new Expr.Constant(Prim.LONG, 0xffff_ffffL)));
        assertEquals(r(flag), ConstantFolder.unary(UnaryOp.NOT, not(r(flag))));
    }

    @Test
    void aZeroThatChangesNothingGoes() {
        assertEquals(mul(r(x), i(4)), ConstantFolder.fold(add(mul(r(x), i(4)), i(0))));
        assertEquals(r(x), ConstantFolder.binary(BinaryOp.OR, Prim.INT, i(0), r(x)));
        assertEquals(r(x), ConstantFolder.binary(BinaryOp.SHL, Prim.INT, r(x), i(0)));
        // 0 - x is a negation and x * 0 a constant only without side effects: both stay
        assertEquals(new Expr.Binary(BinaryOp.SUB, Prim.INT, i(0), r(x)), ConstantFolder.binary(BinaryOp.SUB, Prim.INT, i(0), r(x)));
        assertEquals(new Expr.Binary(BinaryOp.MUL, Prim.INT, r(x), i(0)), ConstantFolder.binary(BinaryOp.MUL, Prim.INT, r(x), i(0)));
        // a long operand under an int operation is not the operation's value
        Local wide = ir.local("wide", Prim.LONG);
        assertEquals(new Expr.Binary(BinaryOp.ADD, Prim.INT, r(wide), i(0)), ConstantFolder.binary(BinaryOp.ADD, Prim.INT, r(wide), i(0)));
    }

    @Test
    void aTreeFoldsBottomUpAndAnUnchangedTreeIsReturnedAsItIs() {
        assertEquals(add(r(x), i(6)), ConstantFolder.fold(add(r(x), mul(i(2), i(3)))));
        Expr plain = add(r(x), i(1));
        assertSame(plain, ConstantFolder.fold(plain));
    }

    @Test
    void aDecidingConstantRightSideStaysSoTheGuardedCodeIsDroppedLater() {
        assertEquals(andAlso(r(flag), bool(false)), ConstantFolder.fold(andAlso(r(flag), bool(false))));
        assertEquals(r(flag), ConstantFolder.fold(andAlso(r(flag), bool(true))));
        assertEquals(r(flag), ConstantFolder.logical(LogicalOp.AND, bool(true), r(flag)));
    }

    @Test
    void anUnsignedDivisionByAConstantZeroIsLeftForTheFrontEndToRefuse() {
        Expr division = ConstantFolder.binary(BinaryOp.UDIV, Prim.INT, i(7), i(0));
        assertEquals(new Expr.Binary(BinaryOp.UDIV, Prim.INT, i(7), i(0)), division);
        assertEquals(division, ConstantFolder.fold(division));
    }
}
