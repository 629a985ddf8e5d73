package dev.ebpf4j.processor.passes;

import static dev.ebpf4j.processor.fixture.Ir.add;
import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.intr;
import static dev.ebpf4j.processor.fixture.Ir.isNull;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.ViewKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transport header reads moved up to where the header's pointer can die, and kept where moving them would change or cost something. */
class EarlyTransportReadsTest {
    private static final MapDecl COUNTS = Ir.mapDecl("counts", MapKind.ARRAY, Prim.INT, Prim.LONG, 8);

    private final Ir ir = new Ir();
    private final Local ctx = ir.context(Hook.TC_INGRESS);
    private final Local eth = ir.local("eth", ViewKind.ETHERNET);
    private final Local ip = ir.local("ip", ViewKind.IPV4);
    private final Local tcp = ir.local("tcp", ViewKind.TCP);
    private final Local a = ir.local("a", Prim.INT);
    private final Local b = ir.local("b", Prim.INT);
    private final Local port = ir.local("port", Prim.INT);

    /** eth, ip and tcp declared and null-checked, then {@code middle}, then {@code tail}. */
    private Function function(List<Stmt> middle, List<Stmt> tail) {
        List<Stmt> body = new ArrayList<>(List.of(
                ir.let(eth, intr(Intrinsic.TC_ETHERNET, r(ctx))),
                ir.iff(isNull(r(eth)), ir.block(ir.ret(i(0)))),
                ir.let(ip, intr(Intrinsic.ETHERNET_IPV4, r(eth))),
                ir.iff(isNull(r(ip)), ir.block(ir.ret(i(0)))),
                ir.let(tcp, intr(Intrinsic.IPV4_TCP, r(ip))),
                ir.iff(isNull(r(tcp)), ir.block(ir.ret(i(0))))));
        body.addAll(middle);
        body.addAll(tail);
        body.add(ir.ret(i(0)));
        return ir.entry("f", Hook.TC_INGRESS, ctx, body);
    }

    private static List<Stmt> body(Function f) {
        return f.body().statements();
    }

    @Test
    void aPortReadAfterArithmeticMovesUpToTheNullCheck() {
        Stmt read = ir.let(port, intr(Intrinsic.TCP_DESTINATION_PORT, r(tcp)));
        Function f = EarlyTransportReads.apply(function(List.of(
                ir.let(a, intr(Intrinsic.IPV4_SOURCE, r(ip))),
                ir.let(b, add(r(a), i(1)))), List.of(read)));
        assertEquals(read, body(f).get(6), "right after the null check of tcp");
        assertEquals(10, body(f).size());
    }

    @Test
    void itStopsWhereTheHeaderOrItsTargetIsTouched() {
        Stmt read = ir.set(a, intr(Intrinsic.TCP_FLAGS, r(tcp)));
        Stmt readsA = ir.let(b, add(r(a), i(1)));
        Function f = EarlyTransportReads.apply(function(List.of(
                ir.let(a, i(0)),
                readsA,
                ir.let(port, i(7))), List.of(read)));
        assertEquals(readsA, body(f).get(7));
        assertEquals(read, body(f).get(8), "not above the read of a");
    }

    @Test
    void itDoesNotPassAStatementThatMayReturn() {
        Stmt read = ir.let(port, intr(Intrinsic.TCP_SOURCE_PORT, r(tcp)));
        Stmt mayReturn = ir.iff(Ir.eq(intr(Intrinsic.IPV4_TTL, r(ip)), i(0)), ir.block(ir.ret(i(1))));
        Function f = EarlyTransportReads.apply(function(List.of(mayReturn), List.of(read)));
        assertEquals(mayReturn, body(f).get(6));
        assertEquals(read, body(f).get(7));
    }

    @Test
    void itPassesAHelperCallOnlyWhenItIsTheHeadersLastRead() {
        Stmt increment = ir.eval(Ir.map(COUNTS, MapOp.INCREMENT, i(0), Ir.l(1)));
        Stmt last = ir.let(port, intr(Intrinsic.TCP_DESTINATION_PORT, r(tcp)));
        Function f = EarlyTransportReads.apply(function(List.of(increment), List.of(last)));
        assertEquals(last, body(f).get(6), "the last read of tcp passes the call: tcp dies before it");

        Stmt notLast = ir.let(a, intr(Intrinsic.TCP_FLAGS, r(tcp)));
        Stmt later = ir.eval(Ir.map(COUNTS, MapOp.INCREMENT, intr(Intrinsic.TCP_SOURCE_PORT, r(tcp)), Ir.l(1)));
        Function g = EarlyTransportReads.apply(function(List.of(increment), List.of(notLast, later)));
        assertEquals(increment, body(g).get(6), "tcp lives on past the call anyway: the value would wait across it");
        assertEquals(notLast, body(g).get(7));
    }

    @Test
    void readsKeepTheirOrder() {
        Stmt first = ir.let(a, intr(Intrinsic.TCP_SOURCE_PORT, r(tcp)));
        Stmt second = ir.let(b, intr(Intrinsic.TCP_DESTINATION_PORT, r(tcp)));
        Function f = EarlyTransportReads.apply(function(List.of(ir.let(port, i(3))), List.of(first, second)));
        assertEquals(List.of(first, second), body(f).subList(6, 8));
    }
}
