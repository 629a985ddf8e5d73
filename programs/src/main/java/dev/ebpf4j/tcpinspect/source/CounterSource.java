package dev.ebpf4j.tcpinspect.source;

import java.util.List;

/**
 * Where the TCP counters come from: one program on one interface (one sample per direction it
 * sees). Read whenever the tool wants numbers: each interval, and at each scrape of {@code /metrics}.
 */
public interface CounterSource {
    /** The counters now, one sample per direction this source sees, with the counts by port. */
    default List<TrafficSample> read() {
        return read(true);
    }

    /**
     * The counters now; without {@code ports}, the samples' port counts are empty, which spares
     * reading a table of up to thousands of ports (a scrape of {@code /metrics} has no port label).
     */
    List<TrafficSample> read(boolean ports);
}
