package dev.ebpf4j.processor.c;

import dev.ebpf4j.program.BpfProgram;
import dev.ebpf4j.program.Xdp;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfPerCpuArray;
import dev.ebpf4j.program.maps.BpfPerCpuHashMap;
import dev.ebpf4j.program.maps.MapDef;
import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.Ipv4;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;

/** The TCP flag counter as its author writes it: the JVM oracle of {@link ExamplePrograms#tcpFlagCounter}. */
@BpfProgram(license = "GPL")
final class JvmTcpFlagCounter {
    static final int SYN = 0, SYN_ACK = 1, ACK = 2, FIN = 3, RST = 4, OTHER = 5;

    @MapDef(maxEntries = 6)
    static final BpfPerCpuArray<Long> flagCounts = new BpfPerCpuArray<>();

    @MapDef(maxEntries = 1024)
    static final BpfPerCpuHashMap<Integer, Long> portCounts = new BpfPerCpuHashMap<>();

    private JvmTcpFlagCounter() {
    }

    @Xdp
    static XdpAction count(XdpContext ctx) {
        Ethernet eth = ctx.ethernet();
        if (eth == null) return XdpAction.PASS;
        Ipv4 ip4 = eth.ipv4();
        if (ip4 != null) {
            Tcp tcp = ip4.tcp();
            if (tcp != null) countSegment(tcp);
            return XdpAction.PASS;
        }
        Ipv6 ip6 = eth.ipv6();
        if (ip6 != null) {
            Tcp tcp6 = ip6.tcp();
            if (tcp6 != null) countSegment(tcp6);
        }
        return XdpAction.PASS;
    }

    static void countSegment(Tcp tcp) {
        flagCounts.increment(category(tcp.flags()));
        portCounts.increment(tcp.destinationPort());
    }

    static int category(int flags) {
        if ((flags & Tcp.RST) != 0) return RST;
        if ((flags & Tcp.FIN) != 0) return FIN;
        if ((flags & Tcp.SYN) != 0) return (flags & Tcp.ACK) != 0 ? SYN_ACK : SYN;
        if ((flags & Tcp.ACK) != 0) return ACK;
        return OTHER;
    }
}
