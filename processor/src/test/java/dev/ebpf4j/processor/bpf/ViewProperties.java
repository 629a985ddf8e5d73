package dev.ebpf4j.processor.bpf;

import static dev.ebpf4j.processor.fixture.Ir.conv;
import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.intr;
import static dev.ebpf4j.processor.fixture.Ir.isNull;
import static dev.ebpf4j.processor.fixture.Ir.not;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.processor.fixture.Frames;
import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.Expr;
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
import dev.ebpf4j.program.net.Udp;
import dev.ebpf4j.testing.RequiresBpf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Every view and every field in the kernel against the Java classes of {@code program.net} on the
 * same bytes: one XDP program stores which views exist and each field's value in an array; the
 * JVM computes the same through {@code XdpContext.of(frame).ethernet()...}.
 */
@RequiresBpf
class ViewProperties {
    private static final MapDecl OUT = Ir.mapDecl("out", MapKind.ARRAY, Prim.INT, Prim.LONG, 128);
    private static final Intrinsic[] ETH = {Intrinsic.ETHERNET_DESTINATION, Intrinsic.ETHERNET_SOURCE, Intrinsic.ETHERNET_ETHER_TYPE};
    private static final Intrinsic[] IP4 = {Intrinsic.IPV4_HEADER_LENGTH, Intrinsic.IPV4_TOS, Intrinsic.IPV4_TOTAL_LENGTH,
            Intrinsic.IPV4_IDENTIFICATION, Intrinsic.IPV4_DONT_FRAGMENT, Intrinsic.IPV4_MORE_FRAGMENTS, Intrinsic.IPV4_FRAGMENT_OFFSET,
            Intrinsic.IPV4_TTL, Intrinsic.IPV4_PROTOCOL, Intrinsic.IPV4_CHECKSUM, Intrinsic.IPV4_SOURCE, Intrinsic.IPV4_DESTINATION};
    private static final Intrinsic[] IP6 = {Intrinsic.IPV6_TRAFFIC_CLASS, Intrinsic.IPV6_FLOW_LABEL, Intrinsic.IPV6_PAYLOAD_LENGTH,
            Intrinsic.IPV6_NEXT_HEADER, Intrinsic.IPV6_HOP_LIMIT, Intrinsic.IPV6_SOURCE_HIGH, Intrinsic.IPV6_SOURCE_LOW,
            Intrinsic.IPV6_DESTINATION_HIGH, Intrinsic.IPV6_DESTINATION_LOW};
    private static final Intrinsic[] TCP = {Intrinsic.TCP_SOURCE_PORT, Intrinsic.TCP_DESTINATION_PORT, Intrinsic.TCP_SEQUENCE_NUMBER,
            Intrinsic.TCP_ACKNOWLEDGMENT_NUMBER, Intrinsic.TCP_HEADER_LENGTH, Intrinsic.TCP_FLAGS, Intrinsic.TCP_SYN, Intrinsic.TCP_ACK,
            Intrinsic.TCP_FIN, Intrinsic.TCP_RST, Intrinsic.TCP_PSH, Intrinsic.TCP_URG, Intrinsic.TCP_WINDOW, Intrinsic.TCP_CHECKSUM,
            Intrinsic.TCP_URGENT_POINTER};
    private static final Intrinsic[] UDP = {Intrinsic.UDP_SOURCE_PORT, Intrinsic.UDP_DESTINATION_PORT, Intrinsic.UDP_LENGTH,
            Intrinsic.UDP_CHECKSUM};
    private static final int ETH_AT = 1, IP4_AT = 10, IP6_AT = 30, TCP_AT = 50, UDP_AT = 70;
    private static final Kernel.Once LOADED = new Kernel.Once(() -> Kernel.load(program()));

    static ProgramUnit program() {
        Ir ir = new Ir();
        Local ctx = ir.context(Hook.XDP);
        Local mask = ir.local("mask", Prim.INT);
        Local eth = ir.local("eth", ViewKind.ETHERNET);
        Local ip4 = ir.local("ip4", ViewKind.IPV4);
        Local ip6 = ir.local("ip6", ViewKind.IPV6);
        Local tcp = ir.local("tcp", ViewKind.TCP);
        Local udp = ir.local("udp", ViewKind.UDP);
        List<Stmt> body = new ArrayList<>();
        body.add(ir.let(mask, i(0)));
        body.add(ir.let(eth, intr(Intrinsic.XDP_ETHERNET, r(ctx))));
        List<Stmt> ethBody = new ArrayList<>();
        ethBody.add(ir.set(mask, Ir.bin(BinaryOp.OR, Prim.INT, r(mask), i(1))));
        fields(ir, ethBody, eth, ETH, ETH_AT);
        ethBody.add(ir.let(ip4, intr(Intrinsic.ETHERNET_IPV4, r(eth))));
        List<Stmt> ip4Body = new ArrayList<>();
        ip4Body.add(ir.set(mask, Ir.bin(BinaryOp.OR, Prim.INT, r(mask), i(2))));
        fields(ir, ip4Body, ip4, IP4, IP4_AT);
        transport(ir, ip4Body, mask, tcp, udp, intr(Intrinsic.IPV4_TCP, r(ip4)), intr(Intrinsic.IPV4_UDP, r(ip4)));
        ethBody.add(ir.iff(not(isNull(r(ip4))), ir.block(ip4Body)));
        ethBody.add(ir.let(ip6, intr(Intrinsic.ETHERNET_IPV6, r(eth))));
        List<Stmt> ip6Body = new ArrayList<>();
        ip6Body.add(ir.set(mask, Ir.bin(BinaryOp.OR, Prim.INT, r(mask), i(16))));
        fields(ir, ip6Body, ip6, IP6, IP6_AT);
        transport(ir, ip6Body, mask, tcp, udp, intr(Intrinsic.IPV6_TCP, r(ip6)), intr(Intrinsic.IPV6_UDP, r(ip6)));
        ethBody.add(ir.iff(isNull(r(ip6)), ir.block(), ir.block(ip6Body)));
        body.add(ir.iff(isNull(r(eth)), ir.block(), ir.block(ethBody)));
        body.add(ir.eval(Ir.map(OUT, MapOp.PUT, i(0), conv(Prim.LONG, r(mask)))));
        body.add(ir.ret(intr(Intrinsic.XDP_LENGTH, r(ctx))));
        return new ProgramUnit("t", "Views", Ir.FILE, "GPL", List.of(OUT), List.of(),
                List.of(ir.entry("views", Hook.XDP, ctx, body)));
    }

    private static void transport(Ir ir, List<Stmt> body, Local mask, Local tcp, Local udp, Expr tcpView, Expr udpView) {
        body.add(ir.set(tcp, tcpView));
        List<Stmt> tcpBody = new ArrayList<>();
        tcpBody.add(ir.set(mask, Ir.bin(BinaryOp.OR, Prim.INT, r(mask), i(4))));
        fields(ir, tcpBody, tcp, TCP, TCP_AT);
        body.add(ir.iff(not(isNull(r(tcp))), ir.block(tcpBody)));
        body.add(ir.set(udp, udpView));
        List<Stmt> udpBody = new ArrayList<>();
        udpBody.add(ir.set(mask, Ir.bin(BinaryOp.OR, Prim.INT, r(mask), i(8))));
        fields(ir, udpBody, udp, UDP, UDP_AT);
        body.add(ir.iff(not(isNull(r(udp))), ir.block(udpBody)));
    }

    private static void fields(Ir ir, List<Stmt> body, Local view, Intrinsic[] fields, int at) {
        for (int k = 0; k < fields.length; k++) {
            body.add(ir.eval(Ir.putLong(OUT, at + k, intr(fields[k], r(view)))));
        }
    }

    /** What the program stores, computed on the JVM. */
    static Map<Integer, Long> expected(byte[] frame) {
        Map<Integer, Long> out = new HashMap<>();
        int mask = 0;
        Ethernet eth = XdpContext.of(frame).ethernet();
        if (eth != null) {
            mask |= 1;
            put(out, ETH_AT, eth.destination(), eth.source(), eth.etherType());
            Ipv4 ip = eth.ipv4();
            if (ip != null) {
                mask |= 2;
                put(out, IP4_AT, ip.headerLength(), ip.tos(), ip.totalLength(), ip.identification(), b(ip.dontFragment()),
                        b(ip.moreFragments()), ip.fragmentOffset(), ip.ttl(), ip.protocol(), ip.checksum(), ip.source(), ip.destination());
                mask |= transport(out, ip.tcp(), ip.udp());
            }
            Ipv6 ip6 = eth.ipv6();
            if (ip6 != null) {
                mask |= 16;
                put(out, IP6_AT, ip6.trafficClass(), ip6.flowLabel(), ip6.payloadLength(), ip6.nextHeader(), ip6.hopLimit(),
                        ip6.sourceHigh(), ip6.sourceLow(), ip6.destinationHigh(), ip6.destinationLow());
                mask |= transport(out, ip6.tcp(), ip6.udp());
            }
        }
        out.put(0, (long) mask);
        return out;
    }

    private static int transport(Map<Integer, Long> out, Tcp tcp, Udp udp) {
        int mask = 0;
        if (tcp != null) {
            mask |= 4;
            put(out, TCP_AT, tcp.sourcePort(), tcp.destinationPort(), tcp.sequenceNumber(), tcp.acknowledgmentNumber(),
                    tcp.headerLength(), tcp.flags(), b(tcp.syn()), b(tcp.ack()), b(tcp.fin()), b(tcp.rst()), b(tcp.psh()),
                    b(tcp.urg()), tcp.window(), tcp.checksum(), tcp.urgentPointer());
        }
        if (udp != null) {
            mask |= 8;
            put(out, UDP_AT, udp.sourcePort(), udp.destinationPort(), udp.length(), udp.checksum());
        }
        return mask;
    }

    private static long b(boolean v) {
        return v ? 1 : 0;
    }

    private static void put(Map<Integer, Long> out, int at, long... values) {
        for (int k = 0; k < values.length; k++) out.put(at + k, values[k]);
    }

    @AfterContainer
    static void close() {
        LOADED.close();
    }

    @Provide
    Arbitrary<byte[]> frames() {
        return Arbitraries.randomValue(Frames::random);
    }

    @Property(tries = 400)
    void everyViewAndFieldAgreesWithTheJvm(@ForAll("frames") byte[] frame) {
        check(frame);
    }

    @Example
    void manyFramesFromOneSeed() {
        Random random = new Random(4);
        java.util.Set<Long> masks = new java.util.TreeSet<>();
        for (int n = 0; n < 300; n++) masks.add(check(Frames.random(random)));
        // The frames reach every kind of view and every way to miss one.
        assertEquals(java.util.Set.of(1L, 3L, 7L, 11L, 17L, 21L, 25L), masks);
    }

    private static long check(byte[] frame) {
        LoadedObject o = LOADED.get();
        for (int k = 0; k < 128; k++) Kernel.putLong(o.map("out"), k, 0x5a5a5a5aL);
        assertEquals(frame.length, o.program("views").testRun(frame, 1).retval());
        Map<Integer, Long> expected = expected(frame);
        String hex = java.util.HexFormat.of().formatHex(frame);
        for (var e : expected.entrySet()) {
            long kernel = Kernel.getLong(o.map("out"), e.getKey()).orElseThrow();
            assertEquals(e.getValue(), kernel, "slot " + e.getKey() + " of frame " + hex);
        }
        return expected.get(0);
    }
}
