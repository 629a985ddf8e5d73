package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.tcpinspect.source.EventSource;
import dev.ebpf4j.tcpinspect.source.FirewallRule;
import dev.ebpf4j.tcpinspect.source.FlowSource;
import dev.ebpf4j.tcpinspect.source.GuardControl;
import dev.ebpf4j.tcpinspect.source.TrafficSample;
import java.time.Instant;
import java.util.List;

/**
 * Everything the tool read at one moment: the counters of each interface and direction, the
 * firewall's drops per rule, the guard's SYN counts (this run's, and for watch those of a guard and
 * firewall running beside it), the flow table, and the connection events that
 * arrived since the previous reading. Outputs compare two readings for rates.
 */
record Reading(Instant time, long nanos, List<TrafficSample> traffic, List<FirewallDrops> firewall, List<GuardCounts> guards,
               List<FlowSource.Flow> flows, List<EventSource.ConnectionEvent> events) {
    /** The drops of one firewall rule on one interface. */
    record FirewallDrops(String device, FirewallRule rule, long dropped) {}

    /**
     * The SYNs a guard passed, dropped and passed as allowlisted on one interface, the prefix length
     * by which it limits IPv6 sources, and its sources over the limit.
     */
    record GuardCounts(String device, long passed, long dropped, long allowlisted, int ipv6SourcePrefix,
                       List<GuardControl.OverLimit> overLimit) {}

    /** The sample of {@code device} and {@code direction} in this reading, or null. */
    TrafficSample sample(String device, String direction) {
        for (TrafficSample sample : traffic) {
            if (sample.device().equals(device) && sample.direction().equals(direction)) {
                return sample;
            }
        }
        return null;
    }

    /** Per second, from {@code earlier} to this reading; 0 over no time. */
    double rate(long now, long before, Reading earlier) {
        double seconds = (nanos - earlier.nanos) / 1e9;
        return seconds <= 0 ? 0 : (now - before) / seconds;
    }
}
