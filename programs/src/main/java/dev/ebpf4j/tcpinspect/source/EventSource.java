package dev.ebpf4j.tcpinspect.source;

import java.util.function.Consumer;

/**
 * Connection events (attempted, accepted, ended) from one interface. No program of this build sends
 * them: ConnectionEvents (issue 15) will implement this; until then {@code tcpinspect events} says so.
 */
public interface EventSource {
    /** One event; {@code durationMillis} and the byte counts are set when a connection ends. */
    record ConnectionEvent(long timeNanos, String kind, String source, int sourcePort, String destination,
                           int destinationPort, long durationMillis, long bytesSent, long bytesReceived, String end) {}

    /** Delivers the events that have arrived to {@code sink}; returns how many. */
    int poll(Consumer<ConnectionEvent> sink);
}
