package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.tcpinspect.source.CounterSource;
import dev.ebpf4j.tcpinspect.source.EventSource;
import dev.ebpf4j.tcpinspect.source.FirewallControl;
import dev.ebpf4j.tcpinspect.source.FlowSource;
import dev.ebpf4j.tcpinspect.source.GuardControl;
import dev.ebpf4j.tcpinspect.source.TrafficSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a run reads from, filled in as the programs get attached: the outputs and the metrics read
 * through it, at each interval and at each scrape. Connection events are taken from their ring
 * buffers at each reading and counted here, for {@code tcpinspect_connections_total}.
 */
final class Sources {
    /** Flows idle this long are removed from the flow table at each reading (the LRU would keep them until it is full). */
    static final Duration FLOW_IDLE = Duration.ofMinutes(2);

    private final List<CounterSource> counters = new CopyOnWriteArrayList<>();
    private final List<FirewallControl> firewalls = new CopyOnWriteArrayList<>();
    private final List<GuardControl> guards = new CopyOnWriteArrayList<>();
    private final List<FlowSource> flows = new CopyOnWriteArrayList<>();
    private final List<EventSource> events = new CopyOnWriteArrayList<>();
    /** Events taken so far, by interface and kind. */
    private final Map<List<String>, AtomicLong> connections = new ConcurrentHashMap<>();
    /** The guard and firewall other runs keep beside this one (watch), shown in the readings but not in this run's metrics. */
    private volatile Beside beside;

    /**
     * Shows in each reading the guard and firewall that other runs keep on the same interfaces.
     * They stay out of {@link #guards()} and {@link #firewall()}, which this run's {@code /metrics}
     * reads: their own {@code --prometheus} exports them, and twice would double them in sums.
     */
    void showBeside(Beside beside) {
        this.beside = beside;
    }

    void add(Object source) {
        boolean known = false;
        if (source instanceof CounterSource c) {
            counters.add(c);
            known = true;
        }
        if (source instanceof FirewallControl f) {
            firewalls.add(f);
            known = true;
        }
        if (source instanceof GuardControl g) {
            guards.add(g);
            known = true;
        }
        if (source instanceof FlowSource f) {
            flows.add(f);
            known = true;
        }
        if (source instanceof EventSource e) {
            events.add(e);
            for (String kind : List.of("attempt", "accepted", "end")) {
                connections.putIfAbsent(List.of(e.device(), kind), new AtomicLong());
            }
            known = true;
        }
        if (!known) {
            throw new IllegalArgumentException("not a source: " + source);
        }
    }

    List<TrafficSample> traffic() {
        return traffic(true);
    }

    /** The counters; {@code ports}: with the counts by destination port (not needed for a scrape). */
    List<TrafficSample> traffic(boolean ports) {
        List<TrafficSample> all = new ArrayList<>();
        counters.forEach(source -> all.addAll(source.read(ports)));
        return all;
    }

    /** This run's own firewalls' drops per rule. */
    List<Reading.FirewallDrops> firewall() {
        return firewall(firewalls);
    }

    private static List<Reading.FirewallDrops> firewall(List<FirewallControl> firewalls) {
        List<Reading.FirewallDrops> all = new ArrayList<>();
        for (FirewallControl firewall : firewalls) {
            firewall.dropped().forEach((rule, dropped) -> all.add(new Reading.FirewallDrops(firewall.device(), rule, dropped)));
        }
        return all;
    }

    /** This run's own guards' counts. */
    List<Reading.GuardCounts> guards() {
        return guards(guards);
    }

    private static List<Reading.GuardCounts> guards(List<GuardControl> guards) {
        return guards.stream().map(g -> new Reading.GuardCounts(g.device(), g.passedSyns(), g.droppedSyns(), g.allowlistedSyns(),
                g.ipv6SourcePrefix(), g.overLimit())).toList();
    }

    /** The connections of every flow table, each table expired of its idle flows first. */
    List<FlowSource.Flow> flows() {
        List<FlowSource.Flow> all = new ArrayList<>();
        for (FlowSource source : flows) {
            source.expire(FLOW_IDLE);
            all.addAll(source.flows());
        }
        return all;
    }

    /** The number of flows per interface, without expiring (for a scrape). */
    Map<String, Integer> flowCounts() {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (FlowSource source : flows) {
            counts.merge(source.device(), source.count(), Integer::sum);
        }
        return counts;
    }

    /** Events taken so far, by interface and kind ({@code [device, kind]}). */
    Map<List<String>, Long> connections() {
        Map<List<String>, Long> counts = new java.util.TreeMap<>(java.util.Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        connections.forEach((key, count) -> counts.put(key, count.get()));
        return counts;
    }

    boolean hasFlows() {
        return !flows.isEmpty();
    }

    private List<EventSource.ConnectionEvent> takeEvents() {
        List<EventSource.ConnectionEvent> taken = new ArrayList<>();
        for (EventSource source : events) {
            source.poll(event -> {
                taken.add(event);
                connections.computeIfAbsent(List.of(event.device(), event.kind()), k -> new AtomicLong()).incrementAndGet();
            });
        }
        taken.sort(java.util.Comparator.comparing(EventSource.ConnectionEvent::time));
        return taken;
    }

    Reading read() {
        List<EventSource.ConnectionEvent> taken = takeEvents();
        Beside next = beside;
        List<Reading.FirewallDrops> firewall = firewall();
        List<Reading.GuardCounts> guards = guards();
        if (next != null) {
            firewall = new ArrayList<>(firewall);
            firewall.addAll(firewall(next.firewalls()));
            guards = new ArrayList<>(guards);
            guards.addAll(guards(next.guards()));
        }
        return new Reading(Instant.now(), System.nanoTime(), traffic(), firewall, guards, hasFlows() ? flows() : List.of(), taken);
    }
}
