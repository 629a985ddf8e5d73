package dev.ebpf4j.tcpinspect.source;

import java.util.List;

/**
 * Where the TCP counters come from: one program on one interface (one sample per direction it
 * sees). Read whenever the tool wants numbers: each interval, and at each scrape of {@code /metrics}.
 */
public interface CounterSource {
    /** The counters now, one sample per direction this source sees. */
    List<TrafficSample> read();
}
