package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.tcpinspect.source.EventSource;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The lines of {@code tcpinspect events}, one per connection event, in columns as bcc's tcplife
 * prints them (without the process, which a packet program cannot see): time, interface, event,
 * the segment's source and destination, and on an end the bytes each way, the duration and how it
 * ended.
 */
final class EventLines implements Output {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private final PrintWriter out;

    EventLines(PrintWriter out) {
        this.out = out;
        out.println(String.format(Locale.ROOT, "%-12s %-12s %-8s %-40s %-40s %10s %10s %10s %s", "TIME", "INTERFACE", "EVENT",
                "SOURCE", "DESTINATION", "TX_BYTES", "RX_BYTES", "MS", "END"));
        out.flush();
    }

    @Override
    public void interval(Reading start, Reading previous, Reading now) {
        print(now);
    }

    @Override
    public void end(Reading start, Reading last) {
        print(last);
    }

    private void print(Reading now) {
        for (EventSource.ConnectionEvent e : now.events()) {
            boolean end = e.kind().equals("end");
            out.println(String.format(Locale.ROOT, "%-12s %-12s %-8s %-40s %-40s %10s %10s %10s %s",
                    LocalTime.ofInstant(e.time(), ZoneId.systemDefault()).format(TIME), e.device(), e.kind(),
                    endpoint(e.source(), e.sourcePort()), endpoint(e.destination(), e.destinationPort()),
                    end ? Long.toString(e.bytesFromSource()) : "-", end ? Long.toString(e.bytesToSource()) : "-",
                    end ? Long.toString(e.durationMillis()) : "-", end ? e.end() : "-").stripTrailing());
        }
        out.flush();
    }

    /** {@code 10.0.0.1:80}, {@code [fd00::1]:80}. */
    static String endpoint(String address, int port) {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }
}
