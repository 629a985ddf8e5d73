package dev.ebpf4j.tcpinspect.source;

import java.time.Instant;
import java.util.function.Consumer;

/** Connection events (attempted, accepted, ended) from one interface, as they arrive. */
public interface EventSource {
    /**
     * One event; source and destination are those of the segment that caused it (the client's SYN,
     * the server's SYN-ACK, the FIN or RST that ended it).
     *
     * @param kind {@code attempt}, {@code accepted} or {@code end}
     * @param durationMillis on an end, since the connection's first segment; else 0
     * @param bytesFromSource on an end, what the source sent over the connection; else 0
     * @param bytesToSource on an end, what the source received; else 0
     * @param end on an end, {@code fin} or {@code rst}; else empty
     */
    record ConnectionEvent(Instant time, String device, String kind, String source, int sourcePort, String destination,
                           int destinationPort, long durationMillis, long bytesFromSource, long bytesToSource, String end) {}

    String device();

    /** Delivers the events that have arrived to {@code sink}, without waiting; returns how many. */
    int poll(Consumer<ConnectionEvent> sink);

    /** Events the program had no room for in its ring buffer. */
    long lost();
}
