package dev.ebpf4j.processor.passes;

import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.FieldUpdate;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.ir.UnaryOp;
import dev.ebpf4j.processor.ir.ValuePointer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A looked-up value read through its pointer where no write of the field read comes between, and copied where one may. */
class LazyValueCopiesTest {
    private static final StructType STATS = StructType.layout("Stats", "Stats",
            List.of(new StructType.Component("a", Prim.LONG), new StructType.Component("b", Prim.LONG)));
    private static final StructField A = STATS.fields().get(0);
    private static final StructField B = STATS.fields().get(1);
    private static final MapDecl MAP = Ir.mapDecl("stats", MapKind.HASH, Prim.INT, STATS, 8);

    private final Ir ir = new Ir();
    private final Local ctx = ir.context(Hook.XDP);
    private final Local ptr = ir.local("ptr", new ValuePointer(MAP));
    private final Local present = ir.local("present", Prim.BOOLEAN);
    private final Local a = ir.local("a", Prim.LONG);
    private final Local b = ir.local("b", Prim.LONG);
    private final Local x = ir.local("x", Prim.LONG);
    private final Expr found = ConstantFolder.unary(UnaryOp.NOT, new Expr.IsNull(r(ptr)));
    private final Expr loadA = new Expr.LoadField(r(ptr), A);

    /** The front end's copy of {@code map.get(1)} into a and b, then {@code rest}. */
    private Function function(Stmt... rest) {
        List<Stmt> body = new ArrayList<>(List.of(
                ir.let(ptr, Ir.map(MAP, MapOp.LOOKUP, i(1), null)),
                ir.let(present, found),
                ir.let(a, Ir.l(0)),
                ir.let(b, Ir.l(0)),
                ir.iff(found, ir.block(ir.set(a, loadA), ir.set(b, new Expr.LoadField(r(ptr), B))))));
        body.addAll(List.of(rest));
        return ir.entry("f", Hook.XDP, ctx, body);
    }

    private Stmt update(StructField field) {
        return new Stmt.UpdateField(r(ptr), field, FieldUpdate.SET, Ir.l(5), ir.pos());
    }

    private static List<Stmt> body(Function f) {
        return f.body().statements();
    }

    @Test
    void aFieldReadAfterAnUpdateOfAnotherFieldIsReadThroughThePointer() {
        Function f = LazyValueCopies.apply(function(update(B), ir.ret(r(a))));
        assertEquals(3, body(f).size(), "the lookup, the update and the return: no copy, and no flag nothing reads");
        assertEquals(new Expr.Conditional(found, loadA, Ir.l(0)), ((Stmt.Return) body(f).getLast()).value());
    }

    @Test
    void aFieldReadAfterAnUpdateOfItselfKeepsTheCopy() {
        Function original = function(update(A), ir.ret(r(a)));
        assertEquals(body(original), body(LazyValueCopies.apply(original)));
    }

    @Test
    void aFieldReadAfterALockedChangeOfItKeepsTheCopy() {
        Stmt locked = new Stmt.Locked(r(ptr), B, List.of(new Stmt.Change(A, FieldUpdate.SET, Ir.l(5))), ir.pos());
        Function original = function(locked, ir.ret(r(a)));
        assertEquals(body(original), body(LazyValueCopies.apply(original)));
    }

    @Test
    void aFieldReadInALabelledBlockAfterABreakWhereAbsentIsReadDirectly() {
        Stmt.Block labelled = new Stmt.Block("found", List.of(
                ir.iff(new Expr.Unary(UnaryOp.NOT, r(present)), ir.block(ir.brk("found"))),
                update(B),
                ir.set(x, r(a))), ir.pos());
        Function f = LazyValueCopies.apply(function(ir.let(x, Ir.l(0)), labelled, ir.ret(r(x))));
        Stmt.Block rewritten = (Stmt.Block) body(f).stream().filter(s -> s instanceof Stmt.Block).findFirst().orElseThrow();
        assertEquals(loadA, ((Stmt.Assign) rewritten.statements().getLast()).value(), "the pointer is known non-null there");
    }

    @Test
    void aFieldReadTwiceWhereThePointerMayBeNullKeepsTheCopy() {
        Function original = function(ir.let(x, r(a)), ir.ret(Ir.add(r(a), r(x))));
        Function f = LazyValueCopies.apply(original);
        assertEquals(body(original), body(f));
        assertNotEquals(3, body(f).size());
    }
}
