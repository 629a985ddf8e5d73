package dev.ebpf4j.processor.bpf;

import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.ViewKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which later network views start from the pointer an earlier one left past the VLAN tags. */
class NetworkCacheTest {
    private final Ir ir = new Ir();
    private final Local ctx = ir.context(Hook.XDP);
    private final Local eth = ir.local("eth", ViewKind.ETHERNET);
    private final Local v4 = ir.local("v4", ViewKind.IPV4);
    private final Local v6 = ir.local("v6", ViewKind.IPV6);

    private NetworkCache cache(Stmt... body) {
        Function f = ir.entry("f", Hook.XDP, ctx, List.of(body));
        return NetworkCache.of(f);
    }

    @Test
    void anAssignmentInsideALaterStatementStartsWhereTheDeclarationLeft() {
        // Ipv4 v4 = eth.ipv4(); Ipv6 v6 = null; if (v4 == null) v6 = eth.ipv6();
        Stmt producer = ir.let(v4, Ir.intr(Intrinsic.ETHERNET_IPV4, r(eth)));
        Stmt consumer = ir.set(v6, Ir.intr(Intrinsic.ETHERNET_IPV6, r(eth)));
        NetworkCache cache = cache(
                ir.let(eth, Ir.intr(Intrinsic.XDP_ETHERNET, r(ctx))),
                producer,
                ir.let(v6, null),
                ir.iff(Ir.isNull(r(v4)), ir.block(consumer)),
                ir.ret(Ir.i(0)));
        assertNotNull(cache.produces(producer));
        assertEquals(cache.produces(producer), cache.consumes(consumer));
    }

    @Test
    void aViewBeforeTheDeclarationOrOfAnAssignedEthernetStartsAfresh() {
        Stmt earlier = ir.set(v6, Ir.intr(Intrinsic.ETHERNET_IPV6, r(eth)));
        Stmt producer = ir.let(v4, Ir.intr(Intrinsic.ETHERNET_IPV4, r(eth)));
        NetworkCache cache = cache(
                ir.let(eth, Ir.intr(Intrinsic.XDP_ETHERNET, r(ctx))),
                ir.let(v6, null),
                ir.iff(Ir.isNull(r(eth)), ir.block(earlier)),
                producer,
                ir.ret(Ir.i(0)));
        assertNull(cache.consumes(earlier));
        assertNull(cache.produces(producer));

        Stmt again = ir.set(v6, Ir.intr(Intrinsic.ETHERNET_IPV6, r(eth)));
        Stmt declared = ir.let(v4, Ir.intr(Intrinsic.ETHERNET_IPV4, r(eth)));
        NetworkCache assigned = cache(
                ir.let(eth, Ir.intr(Intrinsic.XDP_ETHERNET, r(ctx))),
                declared,
                ir.iff(Ir.isNull(r(v4)), ir.block(ir.set(eth, Ir.intr(Intrinsic.XDP_ETHERNET, r(ctx))), again)),
                ir.ret(Ir.i(0)));
        assertNull(assigned.consumes(again));
    }
}
