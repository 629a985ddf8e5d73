package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.program.JvmEnvironment;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The flag counter run on the JVM: the program as ordinary Java against in-memory maps. */
class TcpFlagCounterTest {
    @AfterEach
    void reset() {
        TcpFlagCounter.flagCounts.clear();
        TcpFlagCounter.portCounts.clear();
        TcpFlagCounter.countPorts = true;
        JvmEnvironment.current().cpu(0);
    }

    @Test
    void withCountPortsOffOnlyFlagsAreCounted() {
        TcpFlagCounter.countPorts = false;
        assertEquals(XdpAction.PASS, count(FrameBuilder.tcp(40000, 80).flags(Tcp.SYN).build()));
        assertEquals(1, TcpFlagCounter.flagCounts.sum(TcpFlagCounter.SYN));
        assertEquals(0, TcpFlagCounter.portCounts.sum(80));
    }

    private static XdpAction count(byte[] frame) {
        return TcpFlagCounter.count(XdpContext.of(frame));
    }

    @Test
    void flagCombinationsAreCountedByPrecedence() {
        assertEquals(TcpFlagCounter.SYN, TcpFlagCounter.combination(Tcp.SYN));
        assertEquals(TcpFlagCounter.SYN_ACK, TcpFlagCounter.combination(Tcp.SYN | Tcp.ACK));
        assertEquals(TcpFlagCounter.ACK, TcpFlagCounter.combination(Tcp.ACK | Tcp.PSH));
        assertEquals(TcpFlagCounter.FIN, TcpFlagCounter.combination(Tcp.FIN | Tcp.ACK));
        assertEquals(TcpFlagCounter.RST, TcpFlagCounter.combination(Tcp.RST | Tcp.FIN | Tcp.ACK));
        assertEquals(TcpFlagCounter.OTHER, TcpFlagCounter.combination(0));
        assertEquals(TcpFlagCounter.OTHER, TcpFlagCounter.combination(Tcp.URG | Tcp.PSH));
    }

    @Test
    void countsIpv4AndIpv6SegmentsAndPassesEverything() {
        assertEquals(XdpAction.PASS, count(FrameBuilder.tcp(40000, 80).flags(Tcp.SYN).build()));
        assertEquals(XdpAction.PASS, count(FrameBuilder.tcp(40000, 80).flags(Tcp.SYN).ipv6().build()));
        JvmEnvironment.current().cpu(1);
        assertEquals(XdpAction.PASS, count(FrameBuilder.tcp(80, 40000).flags(Tcp.SYN | Tcp.ACK)
                .ipv6().extensionHeaders(Ipv6.HOP_BY_HOP).vlanTags(1).build()));
        assertEquals(XdpAction.PASS, count(FrameBuilder.tcp(40000, 443).ipv4Options(3).build()));
        assertEquals(XdpAction.PASS, count(FrameBuilder.udp(53, 53).build()));
        assertEquals(XdpAction.PASS, count(new byte[10]));

        assertEquals(2, TcpFlagCounter.flagCounts.sum(TcpFlagCounter.SYN));
        assertEquals(1, TcpFlagCounter.flagCounts.sum(TcpFlagCounter.SYN_ACK));
        assertEquals(1, TcpFlagCounter.flagCounts.sum(TcpFlagCounter.ACK));
        assertEquals(0, TcpFlagCounter.flagCounts.sum(TcpFlagCounter.OTHER));
        assertEquals(2, TcpFlagCounter.portCounts.sum(80));
        assertEquals(1, TcpFlagCounter.portCounts.sum(40000));
        assertEquals(1, TcpFlagCounter.portCounts.sum(443));
        assertEquals(0, TcpFlagCounter.portCounts.sum(53));
        assertEquals(1L, TcpFlagCounter.portCounts.perCpu(40000).get(1), "counted on the CPU it ran on");
    }
}
