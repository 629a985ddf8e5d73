package dev.ebpf4j.examples;

import dev.ebpf4j.program.BpfProgram;
import dev.ebpf4j.program.Xdp;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfHashMap;
import dev.ebpf4j.program.maps.BpfPerCpuArray;
import dev.ebpf4j.program.maps.MapDef;
import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.Ipv4;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;

/** Drops TCP segments to the destination ports listed in a map and counts them, over IPv4 and IPv6. */
@BpfProgram(license = "Dual MIT/GPL")
public final class PortFilter {
    @MapDef(maxEntries = 1024)
    static final BpfHashMap<Integer, Boolean> blockedPorts = new BpfHashMap<>();

    @MapDef(maxEntries = 1)
    static final BpfPerCpuArray<Long> dropped = new BpfPerCpuArray<>();

    @MapDef(maxEntries = 1024)
    static final BpfHashMap<Integer, Long> droppedByPort = new BpfHashMap<>();

    private PortFilter() {
    }

    @Xdp
    static XdpAction filter(XdpContext ctx) {
        Ethernet eth = ctx.ethernet();
        if (eth == null) return XdpAction.PASS;
        int port = -1;
        Ipv4 v4 = eth.ipv4();
        if (v4 != null) {
            Tcp tcp = v4.tcp();
            if (tcp != null) port = tcp.destinationPort();
        } else {
            Ipv6 v6 = eth.ipv6();
            if (v6 != null) {
                Tcp tcp = v6.tcp();
                if (tcp != null) port = tcp.destinationPort();
            }
        }
        if (port < 0 || !blockedPorts.containsKey(port)) return XdpAction.PASS;
        dropped.increment(0);
        droppedByPort.increment(port);
        return XdpAction.DROP;
    }
}
