package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.tcpinspect.source.FlagCombination;
import dev.ebpf4j.tcpinspect.source.TrafficSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The live view of {@code tcpinspect watch} on a terminal, redrawn each second with JLine's
 * {@link Display} (which rewrites only the lines that changed) on the alternate screen, as
 * {@code top} does: the counters by direction and flag combination (packets and bytes), the top
 * destination ports, the top flows, the firewall's and the guard's drops, and the latest connection
 * events. Keys: {@code q} quits, {@code s} changes the order of the ports table.
 */
final class LiveView implements Output {
    private enum Sort { PACKETS, RATE, PORT }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final Terminal terminal;
    private final Attributes saved;
    private final Display display;
    private final String what;
    private Sort sort = Sort.PACKETS;
    private Reading start;
    private Reading previous;
    private Reading now;
    /** The latest connection events, newest last, kept across intervals. */
    private final java.util.ArrayDeque<dev.ebpf4j.tcpinspect.source.EventSource.ConnectionEvent> latest = new java.util.ArrayDeque<>();
    private static final int LATEST_EVENTS = 6;
    private static final int TOP_FLOWS = 8;

    private LiveView(Terminal terminal, String what) {
        this.terminal = terminal;
        this.what = what;
        this.saved = terminal.enterRawMode();
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
        this.display = new Display(terminal, true);
        display.resize(terminal.getSize());
    }

    /** Takes over the process's terminal; {@code what} says which programs supply the numbers. */
    static LiveView open(StopRequest stop, String what) {
        try {
            Terminal terminal = TerminalBuilder.builder().system(true).build();
            // In raw mode ^C still raises SIGINT; the view ends the run as the signal would.
            terminal.handle(Terminal.Signal.INT, signal -> stop.request());
            LiveView view = new LiveView(terminal, what);
            terminal.handle(Terminal.Signal.WINCH, signal -> view.resized());
            return view;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal for the live view: " + e.getMessage(), e);
        }
    }

    private synchronized void resized() {
        display.clear();
        display.resize(terminal.getSize());
        redraw();
    }

    @Override
    public synchronized void interval(Reading start, Reading previous, Reading now) {
        this.start = start;
        this.previous = previous;
        this.now = now;
        for (var event : now.events()) {
            latest.addLast(event);
            if (latest.size() > LATEST_EVENTS) {
                latest.removeFirst();
            }
        }
        redraw();
    }

    @Override
    public void end(Reading start, Reading last) {
        // the screen goes when the view closes; the run's totals are in the last frame
    }

    @Override
    public boolean pause(long millis, StopRequest stop) {
        NonBlockingReader keys = terminal.reader();
        long until = System.currentTimeMillis() + millis;
        while (!stop.requested()) {
            long left = until - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            int key;
            try {
                key = keys.read(Math.min(left, 100));
            } catch (IOException e) {
                return true;
            }
            if (key == 'q' || key == 'Q' || key == NonBlockingReader.EOF) {
                return true;
            }
            if (key == 's' || key == 'S') {
                synchronized (this) {
                    sort = Sort.values()[(sort.ordinal() + 1) % Sort.values().length];
                    redraw();
                }
            }
        }
        return true;
    }

    private void redraw() {
        if (now == null) {
            return;
        }
        List<AttributedString> lines = new ArrayList<>();
        AttributedStyle bold = AttributedStyle.BOLD;
        lines.add(new AttributedStringBuilder().style(bold).append("tcpinspect").style(AttributedStyle.DEFAULT)
                .append("  ").append(LocalTime.ofInstant(now.time(), ZoneId.systemDefault()).format(TIME))
                .append(String.format(Locale.ROOT, "  up %ds", (now.nanos() - start.nanos()) / 1_000_000_000L))
                .append("  ").append(what).append("   q quit, s sort ports (").append(sort.name().toLowerCase(Locale.ROOT)).append(")")
                .toAttributedString());
        lines.add(AttributedString.EMPTY);
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s %-8s %10s %9s %12s %11s %8s", "INTERFACE", "DIR", "PACKETS",
                "PKT/S", "BYTES", "BYTES/S", "SYN/S"));
        for (FlagCombination flags : FlagCombination.values()) {
            header.append(String.format(Locale.ROOT, " %8s", flags.label().toUpperCase(Locale.ROOT)));
        }
        lines.add(new AttributedString(header, bold));
        for (TrafficSample sample : now.traffic()) {
            TrafficSample before = previous.sample(sample.device(), sample.direction());
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-16s %-8s %10d %9.1f %12d %11.0f %8.1f", sample.device(),
                    sample.direction(), sample.packets(), now.rate(sample.packets(), before == null ? 0 : before.packets(), previous),
                    sample.bytes(), now.rate(sample.bytes(), before == null ? 0 : before.bytes(), previous),
                    now.rate(sample.packets(FlagCombination.SYN), before == null ? 0 : before.packets(FlagCombination.SYN), previous)));
            for (FlagCombination flags : FlagCombination.values()) {
                row.append(String.format(Locale.ROOT, " %8d", sample.packets(flags)));
            }
            lines.add(new AttributedString(row));
        }
        if (!now.traffic().isEmpty()) {
            lines.add(AttributedString.EMPTY);
            lines.add(new AttributedString(String.format(Locale.ROOT, "%-16s %8s %10s %9s", "INTERFACE", "PORT", "PACKETS", "PKT/S"), bold));
            lines.addAll(ports(5));
        }
        if (!now.flows().isEmpty()) {
            lines.add(AttributedString.EMPTY);
            lines.add(new AttributedString(String.format(Locale.ROOT, "%-44s %-44s %10s %10s %-12s %7s  (%d flows)", "CLIENT", "SERVER",
                    "TO SERVER", "TO CLIENT", "STATE", "AGE", now.flows().size()), bold));
            for (var flow : now.flows().stream().sorted(Comparator.comparingLong(dev.ebpf4j.tcpinspect.source.FlowSource.Flow::bytes).reversed())
                    .limit(TOP_FLOWS).toList()) {
                lines.add(new AttributedString(String.format(Locale.ROOT, "%-44s %-44s %10d %10d %-12s %6ds",
                        EventLines.endpoint(flow.client(), flow.clientPort()), EventLines.endpoint(flow.server(), flow.serverPort()),
                        flow.bytesToServer(), flow.bytesToClient(), flow.state(), flow.ageMillis() / 1000)));
            }
        }
        if (!now.guards().isEmpty()) {
            lines.add(AttributedString.EMPTY);
            lines.add(new AttributedString(String.format(Locale.ROOT, "%-16s %12s %12s %12s  %s", "INTERFACE", "SYN PASSED", "SYN DROPPED",
                    "ALLOWLISTED", "OVER THE LIMIT"), bold));
            for (Reading.GuardCounts guard : now.guards()) {
                lines.add(new AttributedString(String.format(Locale.ROOT, "%-16s %12d %12d %12d  %s", guard.device(), guard.passed(),
                        guard.dropped(), guard.allowlisted(), guard.overLimit().stream().limit(4).map(o -> o.source() + " (" + o.dropped() + ")")
                                .collect(java.util.stream.Collectors.joining(", ")))));
            }
        }
        if (!now.firewall().isEmpty()) {
            lines.add(AttributedString.EMPTY);
            lines.add(new AttributedString(String.format(Locale.ROOT, "%-16s %-28s %10s", "INTERFACE", "FIREWALL RULE", "DROPPED"), bold));
            for (Reading.FirewallDrops drops : now.firewall()) {
                lines.add(new AttributedString(String.format(Locale.ROOT, "%-16s %-28s %10d", drops.device(), drops.rule(), drops.dropped())));
            }
        }
        if (!latest.isEmpty()) {
            lines.add(AttributedString.EMPTY);
            lines.add(new AttributedString("LATEST CONNECTION EVENTS", bold));
            for (var e : latest) {
                boolean end = e.kind().equals("end");
                lines.add(new AttributedString(String.format(Locale.ROOT, "%s %-10s %-8s %s > %s%s",
                        LocalTime.ofInstant(e.time(), ZoneId.systemDefault()).format(TIME), e.device(), e.kind(),
                        EventLines.endpoint(e.source(), e.sourcePort()), EventLines.endpoint(e.destination(), e.destinationPort()),
                        end ? String.format(Locale.ROOT, "  %d ms, %d bytes out, %d back, %s", e.durationMillis(), e.bytesFromSource(),
                                e.bytesToSource(), e.end()) : "")));
            }
        }
        int rows = terminal.getRows();
        display.update(lines.size() > rows ? lines.subList(0, rows) : lines, -1);
        terminal.flush();
    }

    private record PortRow(String device, int port, long packets, double rate) {}

    private List<AttributedString> ports(int limit) {
        List<PortRow> rows = new ArrayList<>();
        for (TrafficSample sample : now.traffic()) {
            TrafficSample before = previous.sample(sample.device(), sample.direction());
            for (Map.Entry<Integer, Long> e : sample.packetsByPort().entrySet()) {
                long was = before == null ? 0 : before.packetsByPort().getOrDefault(e.getKey(), 0L);
                rows.add(new PortRow(sample.device(), e.getKey(), e.getValue(), now.rate(e.getValue(), was, previous)));
            }
        }
        Comparator<PortRow> order = switch (sort) {
            case PACKETS -> Comparator.comparingLong(PortRow::packets).reversed();
            case RATE -> Comparator.comparingDouble(PortRow::rate).reversed();
            case PORT -> Comparator.comparingInt(PortRow::port);
        };
        return rows.stream().sorted(order).limit(limit).map(r -> new AttributedString(String.format(Locale.ROOT, "%-16s %8d %10d %9.1f",
                r.device(), r.port(), r.packets(), r.rate()))).toList();
    }

    @Override
    public void close() {
        try {
            terminal.puts(Capability.exit_ca_mode);
            terminal.puts(Capability.cursor_visible);
            terminal.setAttributes(saved);
            terminal.flush();
            terminal.close();
        } catch (IOException e) {
            // the terminal went away: nothing left to restore
        }
    }
}
