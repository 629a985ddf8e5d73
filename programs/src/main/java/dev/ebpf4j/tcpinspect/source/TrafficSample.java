package dev.ebpf4j.tcpinspect.source;

import java.util.Map;
import java.util.SequencedMap;

/**
 * The TCP counters of one interface and direction at one moment, totals since the program was
 * attached.
 *
 * @param device the interface name
 * @param direction {@code ingress} or {@code egress}
 * @param packetsByFlags packets by flag combination, in the order of {@link FlagCombination}
 * @param bytesByFlags bytes by flag combination (frame lengths from the Ethernet header on, VLAN tags included)
 * @param packetsByPort packets by destination port
 * @param bytesByPort bytes by destination port
 */
public record TrafficSample(String device, String direction, SequencedMap<FlagCombination, Long> packetsByFlags,
                            SequencedMap<FlagCombination, Long> bytesByFlags, Map<Integer, Long> packetsByPort,
                            Map<Integer, Long> bytesByPort) {
    public long packets() {
        return packetsByFlags.values().stream().mapToLong(Long::longValue).sum();
    }

    public long bytes() {
        return bytesByFlags.values().stream().mapToLong(Long::longValue).sum();
    }

    public long packets(FlagCombination flags) {
        return packetsByFlags.getOrDefault(flags, 0L);
    }
}
