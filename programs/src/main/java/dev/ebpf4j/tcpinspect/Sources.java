package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.tcpinspect.source.CounterSource;
import dev.ebpf4j.tcpinspect.source.FirewallControl;
import dev.ebpf4j.tcpinspect.source.TrafficSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a run reads from, filled in as the programs get attached: the outputs and the metrics read
 * through it, at each interval and at each scrape.
 */
final class Sources {
    private final List<CounterSource> counters = new CopyOnWriteArrayList<>();
    private final List<FirewallControl> firewalls = new CopyOnWriteArrayList<>();

    void add(CounterSource source) {
        counters.add(source);
    }

    void add(FirewallControl firewall) {
        firewalls.add(firewall);
    }

    boolean hasFirewall() {
        return !firewalls.isEmpty();
    }

    boolean hasCounters() {
        return !counters.isEmpty();
    }

    List<TrafficSample> traffic() {
        List<TrafficSample> all = new ArrayList<>();
        counters.forEach(source -> all.addAll(source.read()));
        return all;
    }

    List<Reading.FirewallDrops> firewall() {
        List<Reading.FirewallDrops> all = new ArrayList<>();
        for (FirewallControl firewall : firewalls) {
            firewall.dropped().forEach((rule, dropped) -> all.add(new Reading.FirewallDrops(firewall.device(), rule, dropped)));
        }
        return all;
    }

    Reading read() {
        return new Reading(Instant.now(), System.nanoTime(), traffic(), firewall());
    }
}
