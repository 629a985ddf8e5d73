package dev.ebpf4j.examples;

import dev.ebpf4j.program.Bpf;
import dev.ebpf4j.program.BpfProgram;
import dev.ebpf4j.program.Tc;
import dev.ebpf4j.program.TcAction;
import dev.ebpf4j.program.TcContext;
import dev.ebpf4j.program.maps.BpfLruHashMap;
import dev.ebpf4j.program.maps.BpfRingBuffer;
import dev.ebpf4j.program.maps.MapDef;
import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.Ipv4;
import dev.ebpf4j.program.net.Tcp;
import dev.ebpf4j.program.net.Udp;

/** Tracks flows by 5-tuple on tc ingress and reports new ones: records as keys, values and events. */
@BpfProgram(license = "GPL")
public final class FlowTracker {
    record Flow(int source, int destination, short sourcePort, short destinationPort, byte protocol) {}
    record Stats(long packets, long bytes, long firstSeen) {}
    record NewFlow(int source, int destination, int ports, long time) {}

    static final int MAX_BYTES = 1 << 20;

    @MapDef(maxEntries = 4096)
    static final BpfLruHashMap<Flow, Stats> flows = new BpfLruHashMap<>();

    @MapDef(maxEntries = 1 << 16)
    static final BpfRingBuffer<NewFlow> newFlows = new BpfRingBuffer<>();

    private FlowTracker() {
    }

    @Tc
    static TcAction track(TcContext ctx) {
        Ethernet eth = ctx.ethernet();
        if (eth == null || eth.etherType() != Ethernet.IPV4) return TcAction.OK;
        Ipv4 ip = eth.ipv4();
        if (ip == null) return TcAction.OK;
        int sport = 0, dport = 0;
        switch (ip.protocol()) {
            case Ipv4.TCP -> {
                Tcp tcp = ip.tcp();
                if (tcp == null) return TcAction.OK;
                sport = tcp.sourcePort();
                dport = tcp.destinationPort();
            }
            case Ipv4.UDP -> {
                Udp udp = ip.udp();
                if (udp == null) return TcAction.OK;
                sport = udp.sourcePort();
                dport = udp.destinationPort();
            }
            default -> {
                return TcAction.OK;
            }
        }
        Flow flow = new Flow(ip.source(), ip.destination(), (short) sport, (short) dport, (byte) ip.protocol());
        long now = Bpf.nanoTime();
        Stats stats = flows.get(flow);
        if (stats == null) {
            flows.put(flow, new Stats(1, ctx.length(), now));
            newFlows.output(new NewFlow(flow.source(), flow.destination(), sport << 16 | dport, now));
        } else {
            long bytes = Math.min(stats.bytes() + ctx.length(), (long) MAX_BYTES);
            flows.put(flow, new Stats(stats.packets() + 1, bytes, stats.firstSeen()));
        }
        return Integer.compareUnsigned(ip.destination(), 0xE0000000) >= 0 ? TcAction.SHOT : TcAction.OK;
    }
}
