package dev.ebpf4j.processor.passes;

import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.not;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inliner's scaffolding taken down, and left alone where taking it down would change what runs. */
class InlineCleanupTest {
    private static final MapDecl PORTS = Ir.mapDecl("ports", MapKind.HASH, Prim.INT, Prim.BYTE, 8);

    private final Ir ir = new Ir();
    private final Local ctx = ir.context(Hook.XDP);

    private Function function(Stmt... body) {
        return ir.entry("f", Hook.XDP, ctx, List.of(body));
    }

    private static List<Stmt> body(Function f) {
        return f.body().statements();
    }

    @Test
    void aBooleanReadOnceByTheNextIfIsTestedDirectly() {
        Local found = ir.local("found", Prim.BOOLEAN);
        Expr contains = Ir.map(PORTS, MapOp.CONTAINS_KEY, i(23), null);
        Function f = InlineCleanup.apply(function(
                ir.let(found, contains),
                ir.iff(not(r(found)), ir.block(ir.ret(i(2)))),
                ir.ret(i(1))));
        assertEquals(2, body(f).size());
        assertEquals(not(contains), ((Stmt.If) body(f).getFirst()).condition());
    }

    @Test
    void aBooleanReadTwiceStays() {
        Local found = ir.local("found", Prim.BOOLEAN);
        Function original = function(
                ir.let(found, Ir.map(PORTS, MapOp.CONTAINS_KEY, i(23), null)),
                ir.iff(not(r(found)), ir.block(ir.ret(i(2)))),
                ir.ret(Ir.cond(r(found), i(1), i(0))));
        assertEquals(body(original), body(InlineCleanup.apply(original)));
    }

    @Test
    void breaksOutOfAnInlinedBodyReturnItsResult() {
        Local result = ir.local("result", Prim.INT);
        Local x = ir.local("x", Prim.INT);
        Stmt.Block inlined = new Stmt.Block("inlined", List.of(
                ir.iff(Ir.cmp(dev.ebpf4j.processor.ir.CompareOp.GT, Prim.INT, r(x), i(0)),
                        ir.block(ir.set(result, i(1)), ir.brk("inlined"))),
                ir.set(result, i(2)),
                ir.brk("inlined")), ir.pos());
        Function f = InlineCleanup.apply(function(
                ir.let(x, i(5)),
                ir.let(result, null),
                inlined,
                ir.ret(r(result))));
        Stmt.Block rewritten = (Stmt.Block) body(f).get(2);
        Stmt.If test = (Stmt.If) rewritten.statements().getFirst();
        assertEquals(1, test.then().statements().size());
        assertEquals(i(1), ((Stmt.Return) test.then().statements().getFirst()).value());
        assertEquals(i(2), ((Stmt.Return) rewritten.statements().getLast()).value());
    }

    @Test
    void aCopyOfALocalNeverAssignedIsReadAsTheOriginal() {
        Local a = ir.local("a", Prim.INT);
        Local copy = ir.local("copy", Prim.INT);
        Function f = InlineCleanup.apply(function(
                ir.let(a, i(7)),
                ir.let(copy, r(a)),
                ir.ret(Ir.bin(dev.ebpf4j.processor.ir.BinaryOp.ADD, Prim.INT, r(copy), r(copy)))));
        assertEquals(2, body(f).size());
        assertEquals(Ir.bin(dev.ebpf4j.processor.ir.BinaryOp.ADD, Prim.INT, r(a), r(a)), ((Stmt.Return) body(f).getLast()).value());
    }

    @Test
    void aCopyOfALocalAssignedLaterStays() {
        Local a = ir.local("a", Prim.INT);
        Local copy = ir.local("copy", Prim.INT);
        Function original = function(
                ir.let(a, i(7)),
                ir.let(copy, r(a)),
                ir.set(a, i(8)),
                ir.ret(r(copy)));
        assertEquals(body(original), body(InlineCleanup.apply(original)));
    }

    private static final dev.ebpf4j.processor.ir.StructType KEY = dev.ebpf4j.processor.ir.StructType.layout("Key", "Key",
            List.of(new dev.ebpf4j.processor.ir.StructType.Component("a", Prim.INT)));
    private static final MapDecl COUNTS = Ir.mapDecl("counts", MapKind.HASH, KEY, Prim.LONG, 8);

    @Test
    void aKeyFieldsCopyOfALocalAssignedOnlyAfterItsLastReadIsReadAsTheOriginal() {
        Local a = ir.local("a", Prim.INT);
        Local copy = ir.local("copy", Prim.INT);
        Expr keyOfCopy = new Expr.StructValue(KEY, List.of(r(copy)));
        Function f = InlineCleanup.apply(function(
                ir.let(a, i(7)),
                ir.set(a, i(8)),                           // a is assigned, but not between the copy and its read
                ir.let(copy, r(a)),
                ir.eval(Ir.map(COUNTS, MapOp.CONTAINS_KEY, keyOfCopy, null)),
                ir.ret(i(1))));
        assertEquals(4, body(f).size());
        Expr.MapCall call = (Expr.MapCall) ((Stmt.Eval) body(f).get(2)).expression();
        assertEquals(new Expr.StructValue(KEY, List.of(r(a))), call.key(), "the key names the original");
    }

    @Test
    void aKeyFieldsCopyOfALocalAssignedBeforeItsReadStays() {
        Local a = ir.local("a", Prim.INT);
        Local copy = ir.local("copy", Prim.INT);
        Function original = function(
                ir.let(a, i(7)),
                ir.let(copy, r(a)),
                ir.set(a, i(8)),
                ir.eval(Ir.map(COUNTS, MapOp.CONTAINS_KEY, new Expr.StructValue(KEY, List.of(r(copy))), null)),
                ir.ret(i(1)));
        assertEquals(body(original), body(InlineCleanup.apply(original)));
    }
}
