package dev.ebpf4j.processor.bpf;

import static dev.ebpf4j.processor.fixture.Ir.cond;
import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.intr;
import static dev.ebpf4j.processor.fixture.Ir.isNull;
import static dev.ebpf4j.processor.fixture.Ir.l;
import static dev.ebpf4j.processor.fixture.Ir.r;

import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.ViewKind;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.Ipv4;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;
import java.util.ArrayList;
import java.util.List;

/**
 * The two example programs as the front end would lower them, with their JVM twins:
 *
 * <pre>{@code
 * @Xdp XdpAction count(XdpContext ctx) {            // TCP flag counter
 *     Ethernet eth = ctx.ethernet();
 *     if (eth == null) return PASS;
 *     Tcp tcp;
 *     Ipv4 ip4 = eth.ipv4();
 *     if (ip4 != null) tcp = ip4.tcp();
 *     else { Ipv6 ip6 = eth.ipv6(); if (ip6 == null) return PASS; tcp = ip6.tcp(); }
 *     if (tcp == null) return PASS;
 *     int kind = tcp.syn() ? (tcp.ack() ? SYN_ACK : SYN) : tcp.rst() ? RST : tcp.fin() ? FIN : tcp.ack() ? ACK : OTHER;
 *     flagCounts.increment(kind);                   // per-CPU array
 *     portCounts.increment(tcp.destinationPort());  // per-CPU hash
 *     return PASS;
 * }
 * @Xdp XdpAction filter(XdpContext ctx) {           // port filter: same way to tcp, then
 *     int port = tcp.destinationPort();
 *     if (blockedPorts.containsKey(port)) { dropped.increment(port); return DROP; }
 *     return PASS;
 * }
 * }</pre>
 */
final class Examples {
    static final int SYN = 0, SYN_ACK = 1, ACK = 2, FIN = 3, RST = 4, OTHER = 5;
    static final int PASS = 2, DROP = 1;
    static final MapDecl FLAG_COUNTS = Ir.mapDecl("flagCounts", MapKind.PERCPU_ARRAY, Prim.INT, Prim.LONG, 6);
    static final MapDecl PORT_COUNTS = Ir.mapDecl("portCounts", MapKind.PERCPU_HASH, Prim.INT, Prim.LONG, 1024);
    static final MapDecl BLOCKED = Ir.mapDecl("blockedPorts", MapKind.HASH, Prim.INT, Prim.BYTE, 1024);
    static final MapDecl DROPPED = Ir.mapDecl("dropped", MapKind.HASH, Prim.INT, Prim.LONG, 1024);

    private Examples() {}

    /** Declares {@code tcp} and returns PASS where there is no TCP header. */
    private static void toTcp(Ir ir, List<Stmt> body, Local ctx, Local tcp) {
        Local eth = ir.local("eth", ViewKind.ETHERNET);
        Local ip4 = ir.local("ip4", ViewKind.IPV4);
        Local ip6 = ir.local("ip6", ViewKind.IPV6);
        body.add(ir.let(eth, intr(Intrinsic.XDP_ETHERNET, r(ctx))));
        body.add(ir.iff(isNull(r(eth)), ir.block(ir.ret(i(PASS)))));
        body.add(ir.let(tcp, null));
        body.add(ir.let(ip4, intr(Intrinsic.ETHERNET_IPV4, r(eth))));
        body.add(ir.iff(Ir.not(isNull(r(ip4))),
                ir.block(ir.set(tcp, intr(Intrinsic.IPV4_TCP, r(ip4)))),
                ir.block(ir.let(ip6, intr(Intrinsic.ETHERNET_IPV6, r(eth))),
                        ir.iff(isNull(r(ip6)), ir.block(ir.ret(i(PASS)))),
                        ir.set(tcp, intr(Intrinsic.IPV6_TCP, r(ip6))))));
        body.add(ir.iff(isNull(r(tcp)), ir.block(ir.ret(i(PASS)))));
    }

    static ProgramUnit flagCounter() {
        Ir ir = new Ir();
        Local ctx = ir.context(Hook.XDP);
        Local tcp = ir.local("tcp", ViewKind.TCP);
        Local kind = ir.local("kind", Prim.INT);
        List<Stmt> body = new ArrayList<>();
        toTcp(ir, body, ctx, tcp);
        body.add(ir.let(kind, cond(intr(Intrinsic.TCP_SYN, r(tcp)),
                cond(intr(Intrinsic.TCP_ACK, r(tcp)), i(SYN_ACK), i(SYN)),
                cond(intr(Intrinsic.TCP_RST, r(tcp)), i(RST),
                        cond(intr(Intrinsic.TCP_FIN, r(tcp)), i(FIN),
                                cond(intr(Intrinsic.TCP_ACK, r(tcp)), i(ACK), i(OTHER)))))));
        body.add(ir.eval(Ir.map(FLAG_COUNTS, MapOp.INCREMENT, r(kind), l(1))));
        body.add(ir.eval(Ir.map(PORT_COUNTS, MapOp.INCREMENT, intr(Intrinsic.TCP_DESTINATION_PORT, r(tcp)), l(1))));
        body.add(ir.ret(i(PASS)));
        return new ProgramUnit("examples", "TcpFlagCounter", "TcpFlagCounter.java", "GPL", List.of(FLAG_COUNTS, PORT_COUNTS),
                List.of(), List.of(ir.entry("count", Hook.XDP, ctx, body)));
    }

    static ProgramUnit portFilter() {
        Ir ir = new Ir();
        Local ctx = ir.context(Hook.XDP);
        Local tcp = ir.local("tcp", ViewKind.TCP);
        Local port = ir.local("port", Prim.INT);
        List<Stmt> body = new ArrayList<>();
        toTcp(ir, body, ctx, tcp);
        body.add(ir.let(port, intr(Intrinsic.TCP_DESTINATION_PORT, r(tcp))));
        body.add(ir.iff(Ir.map(BLOCKED, MapOp.CONTAINS_KEY, r(port), null),
                ir.block(ir.eval(Ir.map(DROPPED, MapOp.INCREMENT, r(port), l(1))), ir.ret(i(DROP)))));
        body.add(ir.ret(i(PASS)));
        return new ProgramUnit("examples", "PortFilter", "PortFilter.java", "GPL", List.of(BLOCKED, DROPPED),
                List.of(), List.of(ir.entry("filter", Hook.XDP, ctx, body)));
    }

    /** The TCP header of a frame as the JVM execution finds it. */
    static Tcp tcpOf(byte[] frame) {
        Ethernet eth = XdpContext.of(frame).ethernet();
        if (eth == null) return null;
        Ipv4 ip4 = eth.ipv4();
        if (ip4 != null) return ip4.tcp();
        Ipv6 ip6 = eth.ipv6();
        return ip6 == null ? null : ip6.tcp();
    }

    static int kind(Tcp tcp) {
        return tcp.syn() ? (tcp.ack() ? SYN_ACK : SYN) : tcp.rst() ? RST : tcp.fin() ? FIN : tcp.ack() ? ACK : OTHER;
    }
}
