package dev.ebpf4j.processor.bpf;

import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.intr;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.ViewKind;
import dev.ebpf4j.program.TcContext;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.errors.VerifierException;
import dev.ebpf4j.testing.RequiresBpf;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tc and socket filter entry points: their sections, their context fields and (tc) the views over {@code __sk_buff}. */
@RequiresBpf
class HooksKernelTest {
    @Test
    void tcReadsTheSkBuffAndItsPacket() {
        Ir ir = new Ir();
        Local ctx = ir.context(Hook.TC_INGRESS);
        Local eth = ir.local("eth", ViewKind.ETHERNET);
        Local ip = ir.local("ip", ViewKind.IPV4);
        Local tcp = ir.local("tcp", ViewKind.TCP);
        // ip == null ? (vlanPresent ? -3 : len + mark) : tcp == null ? -2 : tcp.destinationPort()
        // (a test run's socket buffer has no VLAN tag in metadata: vlan_present reads 0)
        var body = List.of(
                ir.let(eth, intr(Intrinsic.TC_ETHERNET, r(ctx))),
                ir.iff(Ir.isNull(r(eth)), ir.block(ir.ret(i(-1)))),
                ir.let(ip, intr(Intrinsic.ETHERNET_IPV4, r(eth))),
                ir.iff(Ir.isNull(r(ip)), ir.block(ir.ret(Ir.cond(intr(Intrinsic.TC_VLAN_PRESENT, r(ctx)), i(-3),
                        Ir.bin(BinaryOp.ADD, Prim.INT, intr(Intrinsic.TC_LENGTH, r(ctx)), intr(Intrinsic.TC_MARK, r(ctx))))))),
                ir.let(tcp, intr(Intrinsic.IPV4_TCP, r(ip))),
                ir.iff(Ir.isNull(r(tcp)), ir.block(ir.ret(i(-2)))),
                ir.ret(intr(Intrinsic.TCP_DESTINATION_PORT, r(tcp))));
        ProgramUnit unit = new ProgramUnit("t", "Tc", Ir.FILE, "GPL", List.of(), List.of(),
                List.of(ir.entry("classify", Hook.TC_INGRESS, ctx, body)));
        try (LoadedObject o = Kernel.load(unit)) {
            byte[] frame = FrameBuilder.tcp(40000, 8080).flags(0x02).ipv4Options(2).build();
            assertEquals(TcContext.of(frame).ethernet().ipv4().tcp().destinationPort(), o.program("classify").testRun(frame, 1).retval());
            byte[] v6 = FrameBuilder.tcp(40000, 8080).flags(0x02).ipv6().build();
            assertEquals(v6.length, o.program("classify").testRun(v6, 1).retval());
        }
    }

    @Test
    void aSubprogramGivenTheContextReadsThePacket() {
        Ir ir = new Ir();
        Local ctx = ir.context(Hook.XDP);
        Local sub = ir.context(Hook.XDP);
        Local eth = ir.local("eth", ViewKind.ETHERNET);
        // static int etherType(XdpContext ctx) { Ethernet eth = ctx.ethernet(); return eth == null ? -1 : eth.etherType(); }
        var helper = ir.subprogram("etherType", List.of(sub), Prim.INT, List.of(
                ir.let(eth, intr(Intrinsic.XDP_ETHERNET, r(sub))),
                ir.ret(Ir.cond(Ir.isNull(r(eth)), i(-1), intr(Intrinsic.ETHERNET_ETHER_TYPE, r(eth))))));
        var entry = ir.entry("main", Hook.XDP, ctx, List.of(
                ir.ret(new dev.ebpf4j.processor.ir.Expr.Call("etherType", Prim.INT, List.of(r(ctx))))));
        ProgramUnit unit = new ProgramUnit("t", "Sub", Ir.FILE, "GPL", List.of(), List.of(), List.of(entry, helper));
        try (LoadedObject o = Kernel.load(unit)) {
            assertEquals(0x86DD, o.program("main").testRun(FrameBuilder.tcp(40000, 1).flags(2).ipv6().build(), 1).retval());
        }
    }

    @Test
    void aVerifierRefusalNamesTheJavaLine() {
        // Breaks the front end's promise (a view read without its null check), so the verifier refuses it.
        Ir ir = new Ir();
        Local ctx = ir.context(Hook.XDP);
        Local eth = ir.local("eth", ViewKind.ETHERNET);
        Stmt declare = ir.let(eth, intr(Intrinsic.XDP_ETHERNET, r(ctx)));
        Stmt read = ir.ret(intr(Intrinsic.ETHERNET_ETHER_TYPE, r(eth)));
        ProgramUnit unit = new ProgramUnit("t", "Unchecked", Ir.FILE, "GPL", List.of(), List.of(),
                List.of(ir.entry("unchecked", Hook.XDP, ctx, List.of(declare, read))));
        VerifierException e = assertThrows(VerifierException.class, () -> Kernel.load(unit).close());
        String first = e.getMessage().strip().lines().findFirst().orElse("");
        assertTrue(first.contains("(" + Ir.FILE + ":" + read.position().line() + ")"), e.getMessage());
    }

    @Test
    void socketFilterReturnsTheLength() {
        Ir ir = new Ir();
        Local ctx = ir.context(Hook.SOCKET_FILTER);
        ProgramUnit unit = new ProgramUnit("t", "Sock", Ir.FILE, "GPL", List.of(), List.of(),
                List.of(ir.entry("keep", Hook.SOCKET_FILTER, ctx, List.of(ir.ret(intr(Intrinsic.SOCKET_LENGTH, r(ctx)))))));
        try (LoadedObject o = Kernel.load(unit)) {
            // A test run hands a socket filter the frame with its Ethernet header pulled, as a packet socket sees it.
            assertEquals(dev.ebpf4j.program.SocketContext.of(new byte[60]).length(), o.program("keep").testRun(new byte[60], 1).retval(),
                    "the kernel and the JVM see the same length");
        }
    }
}
