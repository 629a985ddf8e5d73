package dev.ebpf4j.tcpinspect.source;

import dev.ebpf4j.inspect.ConnectionEvents;
import dev.ebpf4j.inspect.ConnectionEventsSkeleton;
import dev.ebpf4j.inspect.Flows;
import dev.ebpf4j.links.Attachment;
import dev.ebpf4j.links.NetworkDevice;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** The events {@link ConnectionEvents} writes into its ring buffer, at tc ingress and egress of one interface. */
public final class ConnectionEventsProbe extends AttachedProbe implements EventSource {
    private final ConnectionEventsSkeleton skeleton;

    private ConnectionEventsProbe(NetworkDevice device, ConnectionEventsSkeleton skeleton, List<Attachment> attachments) {
        super("ConnectionEvents", device, skeleton.object(), skeleton, attachments);
        this.skeleton = skeleton;
    }

    /** Loads ConnectionEvents and attaches it at ingress and egress of {@code device}; nothing stays if that fails. */
    public static ConnectionEventsProbe attach(NetworkDevice device) {
        ConnectionEventsSkeleton skeleton = ConnectionEventsSkeleton.load();
        return new ConnectionEventsProbe(device, skeleton, Probe.attachAtTc(device, skeleton.ingress(), skeleton.egress(), skeleton::close));
    }

    @Override
    public synchronized int poll(Consumer<ConnectionEvent> sink) {
        // the kernel stamps events with bpf_ktime_get_ns, the clock System.nanoTime reads: the wall time is now minus their age
        Instant wall = Instant.now();
        long now = System.nanoTime();
        return skeleton.events().consume(e -> sink.accept(new ConnectionEvent(wall.minusNanos(Math.max(0, now - e.timestampNanos())),
                device(), kind(e.kind()), Addresses.of(e.sourceHigh(), e.sourceLow()), e.sourcePort(),
                Addresses.of(e.destinationHigh(), e.destinationLow()), e.destinationPort(), e.durationNanos() / 1_000_000,
                e.bytesFromSource(), e.bytesToSource(),
                e.kind() != ConnectionEvents.END ? "" : e.state() == Flows.CLOSED_RST ? "rst" : "fin")));
    }

    private static String kind(int kind) {
        return switch (kind) {
            case ConnectionEvents.ATTEMPT -> "attempt";
            case ConnectionEvents.ACCEPTED -> "accepted";
            case ConnectionEvents.END -> "end";
            default -> "unknown";
        };
    }

    @Override
    public long lost() {
        return skeleton.lost().sum(0);
    }
}
