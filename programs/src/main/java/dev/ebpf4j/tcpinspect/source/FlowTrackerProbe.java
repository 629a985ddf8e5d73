package dev.ebpf4j.tcpinspect.source;

import dev.ebpf4j.inspect.FlowTracker;
import dev.ebpf4j.inspect.FlowTrackerSkeleton;
import dev.ebpf4j.inspect.Flows;
import dev.ebpf4j.inspect.IdleFlows;
import dev.ebpf4j.links.Attachment;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.program.net.Tcp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The connections {@link FlowTracker} holds, at tc ingress and egress of one interface. */
public final class FlowTrackerProbe extends AttachedProbe implements FlowSource {
    private final FlowTrackerSkeleton skeleton;

    private FlowTrackerProbe(NetworkDevice device, FlowTrackerSkeleton skeleton, List<Attachment> attachments) {
        super("FlowTracker", device, skeleton.object(), skeleton, attachments);
        this.skeleton = skeleton;
    }

    /** Loads FlowTracker and attaches it at ingress and egress of {@code device}; nothing stays if that fails. */
    public static FlowTrackerProbe attach(NetworkDevice device) {
        FlowTrackerSkeleton skeleton = FlowTrackerSkeleton.load();
        return new FlowTrackerProbe(device, skeleton, Probe.attachAtTc(device, skeleton.ingress(), skeleton.egress(), skeleton::close));
    }

    @Override
    public int count() {
        return skeleton.flows().keys().size();   // next-key calls only: a scrape needs no values
    }

    @Override
    public List<Flow> flows() {
        long now = System.nanoTime(); // the kernel's bpf_ktime_get_ns is the same monotonic clock
        List<Flow> flows = new ArrayList<>();
        for (Map.Entry<FlowTracker.FlowKey, FlowTracker.Flow> e : skeleton.flows().entries().entrySet()) {
            flows.add(flow(device(), e.getKey(), e.getValue(), now));
        }
        return flows;
    }

    /**
     * The connection of one entry, told from the client's side. The key orders its endpoints by
     * address, not by role: the client is the side that sent a SYN when only one side did; when both
     * did (the whole handshake seen), the ORed flags cannot tell who was first, and the side with the
     * higher port is taken for the client, as ephemeral ports usually are.
     */
    static Flow flow(String device, FlowTracker.FlowKey key, FlowTracker.Flow flow, long nowNanos) {
        boolean aSyn = (flow.flagsAToB() & Tcp.SYN) != 0;
        boolean bSyn = (flow.flagsBToA() & Tcp.SYN) != 0;
        boolean aIsClient = aSyn != bSyn ? aSyn : key.aPort() > key.bPort();
        String a = Addresses.of(key.aHigh(), key.aLow());
        String b = Addresses.of(key.bHigh(), key.bLow());
        long age = Math.max(0, (nowNanos - flow.firstNanos()) / 1_000_000);
        long idle = Math.max(0, (nowNanos - flow.lastNanos()) / 1_000_000);
        return aIsClient
                ? new Flow(device, a, key.aPort(), b, key.bPort(), flow.bytesAToB(), flow.bytesBToA(), state(flow.state()), age, idle)
                : new Flow(device, b, key.bPort(), a, key.aPort(), flow.bytesBToA(), flow.bytesAToB(), state(flow.state()), age, idle);
    }

    static String state(int state) {
        return switch (state) {
            case Flows.SYN_SENT -> "syn_sent";
            case Flows.ESTABLISHED -> "established";
            case Flows.CLOSING -> "closing";
            case Flows.CLOSED_FIN -> "closed_fin";
            case Flows.CLOSED_RST -> "closed_rst";
            default -> "unknown";
        };
    }

    @Override
    public int expire(Duration idle) {
        return IdleFlows.expire(skeleton.flows(), idle);
    }
}
