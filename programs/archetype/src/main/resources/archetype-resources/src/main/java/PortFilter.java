package ${package};

import dev.ebpf4j.program.BpfProgram;
import dev.ebpf4j.program.Xdp;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfHashMap;
import dev.ebpf4j.program.maps.MapDef;
import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.Ipv4;
import dev.ebpf4j.program.net.Tcp;

/**
 * An XDP program: drops TCP segments over IPv4 whose destination port is in {@code blockedPorts},
 * counting them by port in {@code droppedByPort}, and passes everything else.
 *
 * <p>{@code mvn package} compiles it to {@code PortFilter.bpf.o} (and a C rendering,
 * {@code PortFilter.bpf.c}) next to the class, and writes {@code PortFilterSkeleton}, which loads
 * it into the kernel. On the JVM the class runs as it is, against in-memory maps.
 */
@BpfProgram(license = "Dual MIT/GPL")
public final class PortFilter {
    @MapDef(maxEntries = 1024)
    static final BpfHashMap<Integer, Byte> blockedPorts = new BpfHashMap<>();
    @MapDef(maxEntries = 1024)
    static final BpfHashMap<Integer, Long> droppedByPort = new BpfHashMap<>();

    private PortFilter() {
    }

    @Xdp
    public static XdpAction filter(XdpContext ctx) {
        Ethernet ethernet = ctx.ethernet();              // null if the frame is too short
        if (ethernet == null) return XdpAction.PASS;
        Ipv4 ipv4 = ethernet.ipv4();                     // VLAN tags stepped over, IHL checked
        if (ipv4 == null) return XdpAction.PASS;
        Tcp tcp = ipv4.tcp();                            // options skipped; null for later fragments
        if (tcp == null || !blockedPorts.containsKey(tcp.destinationPort())) return XdpAction.PASS;
        droppedByPort.increment(tcp.destinationPort()); // an atomic add: the map is shared by CPUs
        return XdpAction.DROP;
    }
}
