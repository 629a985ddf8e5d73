package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.tcpinspect.source.FlagCombination;
import dev.ebpf4j.tcpinspect.source.TrafficSample;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One summary line per interval, for standard output that is not a terminal (a pipe, a log file):
 * the time, then per interface and direction the totals (packets and bytes), the rates, the flag
 * combinations and the top ports; then the firewall's drops, the guard's SYNs, the flows, and the
 * connections attempted and ended in the interval.
 */
final class PlainLines implements Output {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final PrintWriter out;

    PlainLines(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void interval(Reading start, Reading previous, Reading now) {
        out.println(line(previous, now, ""));
        out.flush();
    }

    @Override
    public void end(Reading start, Reading last) {
        out.println(line(start, last, "total "));
        out.flush();
    }

    private static String line(Reading previous, Reading now, String prefix) {
        StringBuilder line = new StringBuilder(LocalTime.ofInstant(now.time(), ZoneId.systemDefault()).format(TIME)).append(' ').append(prefix);
        String separator = "";
        for (TrafficSample sample : now.traffic()) {
            TrafficSample before = previous.sample(sample.device(), sample.direction());
            long was = before == null ? 0 : before.packets();
            long bytesWere = before == null ? 0 : before.bytes();
            line.append(separator).append(sample.device()).append(' ').append(sample.direction()).append(": ")
                    .append(sample.packets()).append(" packets (")
                    .append(String.format(Locale.ROOT, "%.1f/s", now.rate(sample.packets(), was, previous))).append(") ")
                    .append(sample.bytes()).append(" bytes (")
                    .append(String.format(Locale.ROOT, "%.0f/s", now.rate(sample.bytes(), bytesWere, previous))).append(")");
            for (FlagCombination flags : FlagCombination.values()) {
                line.append(' ').append(flags.label()).append(' ').append(sample.packets(flags));
            }
            String ports = sample.packetsByPort().entrySet().stream()
                    .sorted(Comparator.<java.util.Map.Entry<Integer, Long>>comparingLong(java.util.Map.Entry::getValue).reversed())
                    .limit(3).map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" "));
            if (!ports.isEmpty()) {
                line.append("; top ports ").append(ports);
            }
            separator = " | ";
        }
        for (Reading.FirewallDrops drops : now.firewall()) {
            line.append(separator).append(drops.device()).append(" firewall ").append(drops.rule()).append(" dropped ").append(drops.dropped());
            separator = " | ";
        }
        for (Reading.GuardCounts guard : now.guards()) {
            line.append(separator).append(guard.device()).append(" guard: syn passed ").append(guard.passed()).append(" dropped ")
                    .append(guard.dropped()).append(" allowlisted ").append(guard.allowlisted());
            if (!guard.overLimit().isEmpty()) {
                line.append("; over the limit ").append(guard.overLimit().stream().limit(3)
                        .map(o -> o.source() + ":" + o.dropped()).collect(Collectors.joining(" ")));
            }
            separator = " | ";
        }
        if (!now.flows().isEmpty()) {
            line.append(separator).append(now.flows().size()).append(" flows");
            separator = " | ";
        }
        long opened = now.events().stream().filter(e -> e.kind().equals("attempt")).count();
        long ended = now.events().stream().filter(e -> e.kind().equals("end")).count();
        if (opened + ended > 0) {
            line.append(separator).append(opened).append(" connections attempted, ").append(ended).append(" ended");
        }
        return line.toString();
    }
}
