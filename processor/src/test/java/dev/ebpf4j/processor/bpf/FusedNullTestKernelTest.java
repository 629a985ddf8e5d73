package dev.ebpf4j.processor.bpf;

import static dev.ebpf4j.processor.fixture.Ir.add;
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
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.ViewKind;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.Ipv4;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;
import dev.ebpf4j.testing.RequiresBpf;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The null tests fused into views and the VLAN walk shared between network views, in the shapes
 * where they apply and where they must not (the null branch, or what follows it, reads the view),
 * against the JVM on random frames (VLAN tags, truncations, IPv4 and IPv6).
 */
@RequiresBpf
class FusedNullTestKernelTest {
    static ProgramUnit program() {
        Ir ir = new Ir();
        Local ctx = ir.context(Hook.XDP);
        Local eth = ir.local("eth", ViewKind.ETHERNET);
        Local v6 = ir.local("v6", ViewKind.IPV6);
        Local v4 = ir.local("v4", ViewKind.IPV4);
        Local again = ir.local("again", ViewKind.IPV4);
        Local tcp = ir.local("tcp", ViewKind.TCP);
        Local n = ir.local("n", Prim.INT);
        List<Stmt> body = List.of(
                ir.let(eth, intr(Intrinsic.XDP_ETHERNET, r(ctx))),
                ir.iff(isNull(r(eth)), ir.block(ir.ret(i(-1)))),
                ir.let(n, i(0)),
                // both branches: the view jumps to the present one
                ir.let(v6, intr(Intrinsic.ETHERNET_IPV6, r(eth))),
                ir.iff(isNull(r(v6)), ir.block(ir.set(n, i(1))), ir.block(ir.set(n, add(i(2), intr(Intrinsic.IPV6_NEXT_HEADER, r(v6)))))),
                // starts from the tags ipv6() stepped over
                ir.let(v4, intr(Intrinsic.ETHERNET_IPV4, r(eth))),
                ir.iff(not(isNull(r(v4))), ir.block(
                        ir.let(tcp, intr(Intrinsic.IPV4_TCP, r(v4))),
                        // null branch falls through to code that reads tcp: not fused
                        ir.iff(isNull(r(tcp)), ir.block(ir.set(n, add(r(n), i(16))))),
                        ir.iff(not(isNull(r(tcp))), ir.block(ir.set(n, add(r(n), intr(Intrinsic.TCP_DESTINATION_PORT, r(tcp)))))))),
                // a second consumer, whose null branch reads it: not fused
                ir.let(again, intr(Intrinsic.ETHERNET_IPV4, r(eth))),
                ir.iff(isNull(r(again)), ir.block(ir.ret(add(r(n), Ir.cond(isNull(r(again)), i(1000), i(2000)))))),
                ir.ret(add(r(n), i(4000))));
        return new ProgramUnit("t", "Fused", Ir.FILE, "GPL", List.of(), List.of(),
                List.of(ir.entry("fused", Hook.XDP, ctx, body)));
    }

    static int expected(byte[] frame) {
        Ethernet eth = XdpContext.of(frame).ethernet();
        if (eth == null) return -1;
        Ipv6 v6 = eth.ipv6();
        int n = v6 == null ? 1 : 2 + v6.nextHeader();
        Ipv4 v4 = eth.ipv4();
        if (v4 != null) {
            Tcp tcp = v4.tcp();
            if (tcp == null) n += 16;
            if (tcp != null) n += tcp.destinationPort();
        }
        return eth.ipv4() == null ? n + 1000 : n + 4000;
    }

    @Test
    void agreesWithTheJvmOnRandomFrames() {
        try (LoadedObject o = Kernel.load(program())) {
            Random random = new Random(4);
            int present = 0;
            for (int k = 0; k < 600; k++) {
                byte[] frame = Frames.random(random);
                int want = expected(frame);
                if (want >= 4000) present++;
                assertEquals(want, o.program("fused").testRun(frame, 1).retval(), () -> "frame " + java.util.HexFormat.of().formatHex(frame));
            }
            assertEquals(true, present > 50, "enough IPv4 frames: " + present);
        }
    }
}
