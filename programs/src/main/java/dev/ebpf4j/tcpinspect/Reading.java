package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.tcpinspect.source.FirewallRule;
import dev.ebpf4j.tcpinspect.source.TrafficSample;
import java.time.Instant;
import java.util.List;

/**
 * Everything the tool read at one moment: the counters of each interface and direction, and the
 * firewall's drops per rule. Outputs compare two readings for rates.
 */
record Reading(Instant time, long nanos, List<TrafficSample> traffic, List<FirewallDrops> firewall) {
    /** The drops of one firewall rule on one interface. */
    record FirewallDrops(String device, FirewallRule rule, long dropped) {}

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
