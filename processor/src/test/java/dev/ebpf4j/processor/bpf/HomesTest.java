package dev.ebpf4j.processor.bpf;

import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.asm.Register;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Locals share a home exactly where their live ranges are apart. */
class HomesTest {
    private final Ir ir = new Ir();
    private final Local ctx = ir.context(Hook.XDP);

    private Homes homes(Stmt... body) {
        return homes(List.of(), body);
    }

    private Homes homes(List<Register> callerSaved, Stmt... body) {
        Function f = ir.entry("f", Hook.XDP, ctx, List.of(body));
        StackFrame frame = new StackFrame("f", ir.pos());
        return new Homes(f, frame, NetworkCache.of(f), new KeyAreas(f, frame), callerSaved);
    }

    @Test
    void aLocalNoCallOutlivesLivesInACallerSavedRegisterWhenOffered() {
        Local a = ir.local("a", Prim.INT);
        Local b = ir.local("b", Prim.INT);
        Stmt[] body = {
                ir.let(a, i(5)),
                ir.let(b, Ir.bin(BinaryOp.ADD, Prim.INT, r(a), i(1))),
                ir.ret(r(b))};
        assertEquals(Register.R5, homes(List.of(Register.R5, Register.R4), body).of(a).register());
        assertEquals(Set.of(Register.R5, Register.R4), homes(List.of(Register.R5, Register.R4), body).callerHomes());
        assertEquals(Register.R6, homes(List.of(), body).of(a).register());
        assertEquals(Set.of(), homes(List.of(), body).callerHomes());
    }

    @Test
    void aLocalACallOutlivesOrReadsNeverLivesInACallerSavedRegister() {
        Local a = ir.local("a", Prim.LONG);
        Local t = ir.local("t", Prim.LONG);
        Local u = ir.local("u", Prim.LONG);
        Local v = ir.local("v", Prim.LONG);
        Homes homes = homes(List.of(Register.R5, Register.R4, Register.R3),
                ir.let(a, i(5)),
                ir.let(u, i(7)),
                ir.let(v, i(9)),
                // a outlives the call; u is read by the statement that calls (an operand may be
                // evaluated after the call); v dies before it
                ir.let(t, Ir.bin(BinaryOp.ADD, Prim.LONG, r(u), Ir.intr(dev.ebpf4j.processor.ir.Intrinsic.NANO_TIME))),
                ir.ret(Ir.bin(BinaryOp.ADD, Prim.LONG, r(a), r(t))));
        assertSavedOrStack(homes.of(a));
        assertSavedOrStack(homes.of(u));
        assertSavedOrStack(homes.of(t));
    }

    @Test
    void aKeyFieldOfTwoCallsLivesInTheKeysAreaWhereNothingZeroesItsWord() {
        // {long a; int b; int c} has no padding; {long a; int b} zeroes its second word before each store
        StructType full = new StructType("K", "K", List.of(new StructField("a", Prim.LONG, 0),
                new StructField("b", Prim.INT, 8), new StructField("c", Prim.INT, 12)), 16);
        StructType padded = new StructType("P", "P", List.of(new StructField("a", Prim.LONG, 0),
                new StructField("b", Prim.INT, 8)), 16);
        MapDecl fulls = Ir.mapDecl("fulls", MapKind.HASH, full, Prim.LONG, 16);
        MapDecl paddeds = Ir.mapDecl("paddeds", MapKind.HASH, padded, Prim.LONG, 16);
        Local a = ir.local("a", Prim.LONG), b = ir.local("b", Prim.INT), c = ir.local("c", Prim.INT);
        Local x = ir.local("x", Prim.LONG), y = ir.local("y", Prim.INT);
        Expr.StructValue k = new Expr.StructValue(full, List.of(r(a), r(b), r(c)));
        Expr.StructValue p = new Expr.StructValue(padded, List.of(r(x), r(y)));
        // five locals live across the calls: four take r6-r9, the one used least (x) the stack
        Function f = ir.entry("f", Hook.XDP, ctx, List.of(
                ir.let(a, Ir.l(1)), ir.let(b, i(2)), ir.let(c, i(3)), ir.let(x, Ir.l(4)), ir.let(y, i(5)),
                ir.eval(Ir.map(fulls, MapOp.PUT, k, Ir.l(0))),
                ir.eval(Ir.map(paddeds, MapOp.PUT, p, Ir.l(0))),
                ir.eval(Ir.map(fulls, MapOp.PUT, k, Ir.l(1))),
                ir.eval(Ir.map(paddeds, MapOp.PUT, p, Ir.l(1))),
                ir.ret(Ir.bin(BinaryOp.ADD, Prim.INT, r(y), Ir.bin(BinaryOp.ADD, Prim.INT, r(b), r(c))))));
        StackFrame frame = new StackFrame("f", ir.pos());
        KeyAreas keys = new KeyAreas(f, frame);
        int fullArea = keys.area(k), paddedArea = keys.area(p);
        assertEquals(java.util.Map.of(a.id(), fullArea, b.id(), fullArea + 8, c.id(), fullArea + 12, x.id(), paddedArea),
                keys.fieldHomes(f), "y shares its word with padding, which each store of its key zeroes");
        Homes homes = new Homes(f, frame, NetworkCache.of(f), keys, List.of());
        assertEquals(new Homes.Home(null, paddedArea, 8), homes.of(x));
    }

    private static void assertSavedOrStack(Homes.Home home) {
        assertEquals(true, !home.inRegister() || home.register().number() >= 6, home.toString());
    }

    @Test
    void localsOfTwoBranchesShareARegister() {
        Local a = ir.local("a", Prim.INT);
        Local b = ir.local("b", Prim.INT);
        Local c = ir.local("c", Prim.INT);
        Homes homes = homes(
                ir.let(c, i(1)),
                ir.iff(Ir.cmp(CompareOp.GT, Prim.INT, r(c), i(0)),
                        ir.block(ir.let(a, i(2)), ir.ret(Ir.bin(BinaryOp.ADD, Prim.INT, r(a), r(a)))),
                        ir.block(ir.let(b, i(3)), ir.ret(Ir.bin(BinaryOp.ADD, Prim.INT, r(b), r(b))))));
        assertEquals(homes.of(a), homes.of(b));
    }

    @Test
    void aLocalLiveAcrossABranchThatReturnsKeepsItsHome() {
        Local a = ir.local("a", Prim.INT);
        Local c = ir.local("c", Prim.INT);
        Homes homes = homes(
                ir.let(c, i(1)),
                ir.iff(Ir.cmp(CompareOp.GT, Prim.INT, r(c), i(0)),
                        ir.block(ir.let(a, i(2)), ir.ret(Ir.bin(BinaryOp.ADD, Prim.INT, r(a), r(c))))),
                ir.ret(r(c)));
        assertNotEquals(homes.of(a), homes.of(c));
    }

    @Test
    void aLocalLiveAroundALoopKeepsItsHomeFromOneDeclaredInside() {
        Local sum = ir.local("sum", Prim.INT);
        Local n = ir.local("n", Prim.INT);
        Local step = ir.local("step", Prim.INT);
        Homes homes = homes(
                ir.let(sum, i(0)),
                ir.let(n, i(0)),
                ir.loop(null, Ir.cmp(CompareOp.LT, Prim.INT, r(n), i(4)), true,
                        ir.block(ir.let(step, Ir.bin(BinaryOp.ADD, Prim.INT, r(n), i(1))),
                                ir.set(sum, Ir.bin(BinaryOp.ADD, Prim.INT, r(sum), r(step)))),
                        ir.block(ir.set(n, Ir.bin(BinaryOp.ADD, Prim.INT, r(n), i(1))))),
                ir.ret(r(sum)));
        assertNotEquals(homes.of(sum), homes.of(step));
        assertNotEquals(homes.of(n), homes.of(step));
        assertNotEquals(homes.of(sum), homes.of(n));
    }

    @Test
    void aValueIsNotComputedIntoTheHomeOfALocalItReadsLastTime() {
        Local a = ir.local("a", Prim.INT);
        Local b = ir.local("b", Prim.INT);
        // b = 1 + a: a dies here, but evaluating 1 into b's register first would overwrite a.
        Homes homes = homes(
                ir.let(a, i(5)),
                ir.let(b, Ir.bin(BinaryOp.ADD, Prim.INT, i(1), r(a))),
                ir.ret(r(b)));
        assertNotEquals(homes.of(a), homes.of(b));
    }

    @Test
    void theHiddenVlanPointerGetsAnIdAndAHomeOfItsOwn() {
        Local eth = ir.local("eth", dev.ebpf4j.processor.ir.ViewKind.ETHERNET);
        Local v4 = ir.local("v4", dev.ebpf4j.processor.ir.ViewKind.IPV4);
        Local v6 = ir.local("v6", dev.ebpf4j.processor.ir.ViewKind.IPV6);
        Local t = ir.local("t", Prim.INT);   // assigned, never declared: the IR allows it
        Function f = ir.entry("f", Hook.XDP, ctx, List.of(
                ir.let(eth, Ir.intr(dev.ebpf4j.processor.ir.Intrinsic.XDP_ETHERNET, r(ctx))),
                ir.let(v4, Ir.intr(dev.ebpf4j.processor.ir.Intrinsic.ETHERNET_IPV4, r(eth))),
                ir.set(t, i(1)),
                ir.let(v6, Ir.intr(dev.ebpf4j.processor.ir.Intrinsic.ETHERNET_IPV6, r(eth))),
                ir.ret(r(t))));
        NetworkCache cache = NetworkCache.of(f);
        Local hidden = cache.hidden().getFirst();
        assertEquals(true, hidden.id() > t.id());
        StackFrame frame = new StackFrame("f", ir.pos());
        Homes homes = new Homes(f, frame, cache, new KeyAreas(f, frame), List.of());
        assertNotEquals(homes.of(hidden), homes.of(t));
    }
}
