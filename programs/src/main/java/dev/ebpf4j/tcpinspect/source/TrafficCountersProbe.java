package dev.ebpf4j.tcpinspect.source;

import dev.ebpf4j.inspect.Segments;
import dev.ebpf4j.inspect.TrafficCounters;
import dev.ebpf4j.inspect.TrafficCountersSkeleton;
import dev.ebpf4j.links.Attachment;
import dev.ebpf4j.links.Direction;
import dev.ebpf4j.links.NetworkDevice;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The counters of {@link TrafficCounters} at tc ingress and egress of one interface: TCP packets
 * and bytes by direction, flag combination and destination port. At tc it sees both directions
 * and leaves the XDP hook to the guard or the firewall.
 */
public final class TrafficCountersProbe extends AttachedProbe implements CounterSource {
    private static final String[] DIRECTIONS = {"ingress", "egress"};
    private final TrafficCountersSkeleton skeleton;

    private TrafficCountersProbe(NetworkDevice device, TrafficCountersSkeleton skeleton, List<Attachment> attachments) {
        super("TrafficCounters", device, skeleton.object(), skeleton, attachments);
        this.skeleton = skeleton;
    }

    /** Loads TrafficCounters and attaches it at ingress and egress of {@code device}; nothing stays if that fails. */
    public static TrafficCountersProbe attach(NetworkDevice device) {
        TrafficCountersSkeleton skeleton = TrafficCountersSkeleton.load();
        return new TrafficCountersProbe(device, skeleton, Probe.attachAtTc(device, skeleton.ingress(), skeleton.egress(), skeleton::close));
    }

    @Override
    public List<TrafficSample> read(boolean ports) {
        Map<Integer, Long> portPackets = ports ? skeleton.portPackets().sums() : Map.of();
        Map<Integer, Long> portBytes = ports ? skeleton.portBytes().sums() : Map.of();
        int[] directions = {TrafficCounters.IN, TrafficCounters.OUT};
        TrafficSample[] samples = new TrafficSample[2];
        for (int d : directions) {
            SequencedMap<FlagCombination, Long> packets = new LinkedHashMap<>();
            SequencedMap<FlagCombination, Long> bytes = new LinkedHashMap<>();
            for (FlagCombination flags : FlagCombination.values()) {
                int index = d * Segments.COMBINATIONS + index(flags);
                packets.put(flags, skeleton.flagPackets().sum(index));
                bytes.put(flags, skeleton.flagBytes().sum(index));
            }
            samples[d] = new TrafficSample(device(), DIRECTIONS[d], Collections.unmodifiableSequencedMap(packets),
                    Collections.unmodifiableSequencedMap(bytes), ports(portPackets, d), ports(portBytes, d));
        }
        return List.of(samples);
    }

    /** The entries of {@code byDirectionAndPort} ({@code direction << 16 | port}) of one direction, by port. */
    private static Map<Integer, Long> ports(Map<Integer, Long> byDirectionAndPort, int direction) {
        Map<Integer, Long> ports = new HashMap<>();
        byDirectionAndPort.forEach((key, value) -> {
            if (key >>> 16 == direction && value != 0) {
                ports.put(key & 0xFFFF, value);
            }
        });
        return Map.copyOf(ports);
    }

    private static int index(FlagCombination flags) {
        return switch (flags) {
            case SYN -> Segments.SYN;
            case SYN_ACK -> Segments.SYN_ACK;
            case ACK -> Segments.ACK;
            case FIN -> Segments.FIN;
            case RST -> Segments.RST;
            case OTHER -> Segments.OTHER;
        };
    }
}
