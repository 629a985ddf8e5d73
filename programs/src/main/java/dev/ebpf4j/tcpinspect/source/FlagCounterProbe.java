package dev.ebpf4j.tcpinspect.source;

import dev.ebpf4j.inspect.TcpFlagCounter;
import dev.ebpf4j.inspect.TcpFlagCounterSkeleton;
import dev.ebpf4j.links.Attachment;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.XdpAttachment;
import dev.ebpf4j.links.XdpOptions;
import dev.ebpf4j.loader.LoadedObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Today's counters: {@link TcpFlagCounter} at XDP, which sees the ingress direction only and counts
 * packets (no bytes) by flag combination and destination port. TrafficCounters (tc, both directions,
 * bytes) replaces it behind {@link CounterSource}.
 */
public final class FlagCounterProbe implements CounterSource, Probe {
    private final String device;
    private final TcpFlagCounterSkeleton skeleton;
    private final XdpAttachment attachment;

    private FlagCounterProbe(String device, TcpFlagCounterSkeleton skeleton, XdpAttachment attachment) {
        this.device = device;
        this.skeleton = skeleton;
        this.attachment = attachment;
    }

    /** Loads TcpFlagCounter and attaches it to {@code device}; nothing stays loaded if attaching fails. */
    public static FlagCounterProbe attach(NetworkDevice device, XdpOptions options) {
        TcpFlagCounterSkeleton skeleton = TcpFlagCounterSkeleton.load();
        try {
            return new FlagCounterProbe(device.name(), skeleton, XdpAttachment.attach(skeleton.count(), device, options));
        } catch (RuntimeException e) {
            skeleton.close();
            throw e;
        }
    }

    @Override
    public List<TrafficSample> read() {
        SequencedMap<FlagCombination, Long> packets = new LinkedHashMap<>();
        for (FlagCombination flags : FlagCombination.values()) {
            packets.put(flags, skeleton.flagCounts().sum(index(flags)));
        }
        Map<Integer, Long> ports = Map.copyOf(skeleton.portCounts().sums());
        return List.of(new TrafficSample(device, "ingress", Collections.unmodifiableSequencedMap(packets),
                Collections.unmodifiableSequencedMap(new LinkedHashMap<>()), ports));
    }

    private static int index(FlagCombination flags) {
        return switch (flags) {
            case SYN -> TcpFlagCounter.SYN;
            case SYN_ACK -> TcpFlagCounter.SYN_ACK;
            case ACK -> TcpFlagCounter.ACK;
            case FIN -> TcpFlagCounter.FIN;
            case RST -> TcpFlagCounter.RST;
            case OTHER -> TcpFlagCounter.OTHER;
        };
    }

    @Override
    public Attachment attachment() {
        return attachment;
    }

    @Override
    public LoadedObject object() {
        return skeleton.object();
    }

    @Override
    public void close() {
        try {
            attachment.close();
        } finally {
            skeleton.close();
        }
    }
}
