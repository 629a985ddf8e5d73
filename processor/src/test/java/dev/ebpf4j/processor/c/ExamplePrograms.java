package dev.ebpf4j.processor.c;

import static dev.ebpf4j.processor.fixture.Ir.*;

import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.ValuePointer;
import dev.ebpf4j.processor.ir.ViewKind;
import java.util.List;

/** The two example programs as the front end would lower {@link JvmTcpFlagCounter} and {@link JvmPortFilter}. */
final class ExamplePrograms {
    private ExamplePrograms() {
    }

    static final MapDecl FLAG_COUNTS = mapDecl("flagCounts", MapKind.PERCPU_ARRAY, Prim.INT, Prim.LONG, 6);
    static final MapDecl PORT_COUNTS = mapDecl("portCounts", MapKind.PERCPU_HASH, Prim.INT, Prim.LONG, 1024);
    static final MapDecl BLOCKED_PORTS = mapDecl("blockedPorts", MapKind.HASH, Prim.INT, Prim.LONG, 1024);
    static final MapDecl DROPPED = mapDecl("dropped", MapKind.ARRAY, Prim.INT, Prim.LONG, 1);

    static final int PASS = 2, DROP = 1;

    static ProgramUnit tcpFlagCounter() {
        Ir ir = new Ir("TcpFlagCounter.java");
        Local ctx = ir.local("ctx", xdp());
        Local eth = ir.local("eth", ViewKind.ETHERNET);
        Local ip4 = ir.local("ip4", ViewKind.IPV4);
        Local tcp = ir.local("tcp", ViewKind.TCP);
        Local ip6 = ir.local("ip6", ViewKind.IPV6);
        Local tcp6 = ir.local("tcp6", ViewKind.TCP);
        Function count = ir.entry("count", Hook.XDP, ctx, b -> b
                .declare(eth, intr(Intrinsic.XDP_ETHERNET, r(ctx)))
                .ifThen(isNull(r(eth)), t -> t.ret(i(PASS)))
                .declare(ip4, intr(Intrinsic.ETHERNET_IPV4, r(eth)))
                .ifThen(notNull(r(ip4)), t -> t
                        .declare(tcp, intr(Intrinsic.IPV4_TCP, r(ip4)))
                        .ifThen(notNull(r(tcp)), u -> u.eval(call("countSegment", Prim.VOID, r(tcp))))
                        .ret(i(PASS)))
                .declare(ip6, intr(Intrinsic.ETHERNET_IPV6, r(eth)))
                .ifThen(notNull(r(ip6)), t -> t
                        .declare(tcp6, intr(Intrinsic.IPV6_TCP, r(ip6)))
                        .ifThen(notNull(r(tcp6)), u -> u.eval(call("countSegment", Prim.VOID, r(tcp6)))))
                .ret(i(PASS)));

        Local segment = ir.local("tcp", ViewKind.TCP);
        Function countSegment = ir.function("countSegment", Prim.VOID, List.of(segment), b -> b
                .eval(map(FLAG_COUNTS, MapOp.INCREMENT,
                        call("category", Prim.INT, intr(Intrinsic.TCP_FLAGS, r(segment))), l(1)))
                .eval(map(PORT_COUNTS, MapOp.INCREMENT, intr(Intrinsic.TCP_DESTINATION_PORT, r(segment)), l(1))));

        Local flags = ir.local("flags", Prim.INT);
        Function category = ir.function("category", Prim.INT, List.of(flags), b -> b
                .ifThen(ne(and(r(flags), i(0x04)), i(0)), t -> t.ret(i(4)))
                .ifThen(ne(and(r(flags), i(0x01)), i(0)), t -> t.ret(i(3)))
                .ifThen(ne(and(r(flags), i(0x02)), i(0)), t -> t.ret(cond(ne(and(r(flags), i(0x10)), i(0)), i(1), i(0))))
                .ifThen(ne(and(r(flags), i(0x10)), i(0)), t -> t.ret(i(2)))
                .ret(i(5)));
        return ir.unit("TcpFlagCounter", List.of(FLAG_COUNTS, PORT_COUNTS), List.of(), count, countSegment, category);
    }

    static ProgramUnit portFilter() {
        Ir ir = new Ir("PortFilter.java");
        Local ctx = ir.local("ctx", xdp());
        Local eth = ir.local("eth", ViewKind.ETHERNET);
        Local port = ir.local("port", Prim.INT);
        Local ip4 = ir.local("ip4", ViewKind.IPV4);
        Local tcp = ir.local("tcp", ViewKind.TCP);
        Local ip6 = ir.local("ip6", ViewKind.IPV6);
        Local tcp6 = ir.local("tcp6", ViewKind.TCP);
        Local drops = ir.local("drops", new ValuePointer(BLOCKED_PORTS));
        Expr portRead = r(port);
        Function filter = ir.entry("filter", Hook.XDP, ctx, b -> b
                .declare(eth, intr(Intrinsic.XDP_ETHERNET, r(ctx)))
                .ifThen(isNull(r(eth)), t -> t.ret(i(PASS)))
                .declare(port, i(-1))
                .declare(ip4, intr(Intrinsic.ETHERNET_IPV4, r(eth)))
                .ifElse(notNull(r(ip4)), t -> t
                        .declare(tcp, intr(Intrinsic.IPV4_TCP, r(ip4)))
                        .ifThen(notNull(r(tcp)), u -> u.assign(port, intr(Intrinsic.TCP_DESTINATION_PORT, r(tcp)))),
                        e -> e
                        .declare(ip6, intr(Intrinsic.ETHERNET_IPV6, r(eth)))
                        .ifThen(notNull(r(ip6)), u -> u
                                .declare(tcp6, intr(Intrinsic.IPV6_TCP, r(ip6)))
                                .ifThen(notNull(r(tcp6)), v -> v.assign(port, intr(Intrinsic.TCP_DESTINATION_PORT, r(tcp6))))))
                .ifThen(lt(portRead, i(0)), t -> t.ret(i(PASS)))
                .declare(drops, map(BLOCKED_PORTS, MapOp.LOOKUP, portRead, null))
                .ifThen(isNull(r(drops)), t -> t.ret(i(PASS)))
                .eval(map(BLOCKED_PORTS, MapOp.INCREMENT, portRead, l(1)))
                .eval(map(DROPPED, MapOp.INCREMENT, i(0), l(1)))
                .ret(i(DROP)));
        return ir.unit("PortFilter", List.of(BLOCKED_PORTS, DROPPED), List.of(), filter);
    }
}
