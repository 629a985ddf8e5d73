package dev.ebpf4j.examples;

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

/** Counts TCP segments by flag combination and by destination port, over IPv4 and IPv6. */
@BpfProgram(license = "GPL")
public final class TcpFlagCounter {
    static final int SYN = 0, SYN_ACK = 1, ACK = 2, FIN = 3, RST = 4, OTHER = 5;

    @MapDef(maxEntries = 6)
    static final BpfPerCpuArray<Long> byFlags = new BpfPerCpuArray<>();

    @MapDef(maxEntries = 65536)
    static final BpfPerCpuHashMap<Integer, Long> byPort = new BpfPerCpuHashMap<>();

    private TcpFlagCounter() {
    }

    @Xdp
    static XdpAction count(XdpContext ctx) {
        Ethernet eth = ctx.ethernet();
        if (eth == null) return XdpAction.PASS;
        Ipv4 v4 = eth.ipv4();
        if (v4 != null) {
            Tcp tcp = v4.tcp();
            if (tcp != null) record(tcp);
            return XdpAction.PASS;
        }
        Ipv6 v6 = eth.ipv6();
        if (v6 != null) {
            Tcp tcp = v6.tcp();
            if (tcp != null) record(tcp);
        }
        return XdpAction.PASS;
    }

    static void record(Tcp tcp) {
        byFlags.increment(category(tcp));
        byPort.increment(tcp.destinationPort());
    }

    static int category(Tcp tcp) {
        if (tcp.rst()) return RST;
        if (tcp.fin()) return FIN;
        if (tcp.syn()) return tcp.ack() ? SYN_ACK : SYN;
        if (tcp.ack()) return ACK;
        return OTHER;
    }
}
