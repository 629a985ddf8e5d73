package dev.ebpf4j.inspect;

import dev.ebpf4j.links.Direction;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.links.TcAttachment;
import dev.ebpf4j.links.XdpMode;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.VethPair;
import dev.ebpf4j.types.ProgramType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cost of the suite on a live interface, run by {@code bin/bench-live}, in network namespaces
 * and a veth of its own (removed at the end): TCP throughput of one {@code iperf3} stream across the
 * veth, on one CPU, with each program attached to the receiving end against its baseline (nothing,
 * or for the XDP programs an XDP program that only passes) in alternating slots of the same stream
 * (see {@link #throughput}); and a SYN flood from {@code hping3 --flood} for a bounded
 * time from one source, dropped by {@link SynGuard} and, where {@code nft} is installed, by an
 * nftables per-source limit of the same rate inside the benchmark's namespace: SYNs sent, dropped
 * a second, and the machine's CPU time over the flood (from {@code /proc/stat}, the sender's
 * included, the same for every row). Prints Markdown tables.
 */
public final class LiveBenchmark {
    private static final Pattern TRANSMITTED = Pattern.compile("(\\d+) packets transmitted");
    private static final String FLOOD_SOURCE = "10.199.0.3";
    private static final long RATE = 10, BURST = 20;
    /** {@code r0 = TC_ACT_UNSPEC (-1); exit}, and {@code r0 = XDP_PASS; exit}: the hooks' cost before a program does anything. */
    private static final byte[] TC_PASS = {(byte) 0xb7, 0, 0, 0, -1, -1, -1, -1, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] XDP_PASS = {(byte) 0xb7, 0, 0, 0, 2, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};

    private LiveBenchmark() {
    }

    /** Attaches a loaded program to the veth's inner end; closing the result detaches. */
    private interface Attach {
        AutoCloseable attach(VethPair veth, NetworkNamespace inner) throws Exception;
    }

    /** A program loaded but not attached: attached and detached as often as the measurement wants, then closed with its owner. */
    private record Loaded(AutoCloseable owner, Attach attacher) implements AutoCloseable {
        AutoCloseable attach(VethPair veth, NetworkNamespace inner) throws Exception {
            return attacher.attach(veth, inner);
        }

        @Override
        public void close() throws Exception {
            owner.close();
        }
    }

    /** Loads a program. */
    private interface Load {
        Loaded load() throws Exception;
    }

    /** A row: a program against a baseline attached in its place ({@code baselineName}; none where null). */
    private record Row(String name, String baselineName, Load program, Load baseline) {
        Row(String name, Load program) {
            this(name, null, program, null);
        }
    }

    /**
     * {@code --rounds N} pairs of slots per program (default 12), {@code --seconds S} per slot
     * (default 1), {@code --flood-seconds F} (default 3; 0 for no flood), {@code --only TEXT} (only
     * the rows whose name holds it), {@code --stream-cpu C} (the CPU of the stream; default 1).
     */
    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        int rounds, seconds, floodSeconds;
        String streamCpu, only;
        try {
            rounds = option(options, "--rounds", 12);
            seconds = option(options, "--seconds", 1);
            floodSeconds = option(options, "--flood-seconds", 3);
            streamCpu = String.valueOf(option(options, "--stream-cpu", 1));
            only = optionText(options, "--only");
        } catch (IllegalArgumentException e) {
            System.err.println("bench-live: " + e.getMessage());
            System.exit(2);
            return;
        }
        Load tcPass = () -> {
            Program in = Program.load(ProgramType.SCHED_CLS, TC_PASS, "GPL", "tc_pass_in");
            Program out = Program.load(ProgramType.SCHED_CLS, TC_PASS, "GPL", "tc_pass_out");
            return tc(() -> {
                in.close();
                out.close();
            }, in, out);
        };
        Load xdpPass = () -> {
            Program p = Program.load(ProgramType.XDP, XDP_PASS, "GPL", "xdp_pass");
            return xdp(p, p);
        };
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("TC pass only (tc in+out, no work)", tcPass));
        rows.add(new Row("TrafficCounters (tc in+out)", () -> {
            TrafficCountersSkeleton s = TrafficCountersSkeleton.load();
            return tc(s, s.ingress(), s.egress());
        }));
        rows.add(new Row("FlowTracker (tc in+out)", () -> {
            FlowTrackerSkeleton s = FlowTrackerSkeleton.load();
            return tc(s, s.ingress(), s.egress());
        }));
        rows.add(new Row("ConnectionEvents (tc in+out)", () -> {
            ConnectionEventsSkeleton s = ConnectionEventsSkeleton.load();
            return tc(s, s.ingress(), s.egress());
        }));
        rows.add(new Row("XDP_PASS only (native XDP on a veth, no work)", xdpPass));
        // a veth with a native XDP program turns its peer's GSO off: the XDP rows are read against XDP_PASS
        rows.add(new Row("PortFilter (XDP native)", "XDP_PASS", () -> {
            PortFilterSkeleton s = PortFilterSkeleton.load();
            return xdp(s, s.filter());
        }, xdpPass));
        rows.add(new Row("SynGuard (XDP native)", "XDP_PASS", () -> {
            SynGuardSkeleton s = SynGuardSkeleton.load();
            return xdp(s, s.guard());
        }, xdpPass));
        rows.add(new Row("CidrFirewall (XDP native, no rules)", "XDP_PASS", () -> {
            CidrFirewallSkeleton s = CidrFirewallSkeleton.load();
            return xdp(s, s.filter());
        }, xdpPass));
        if (only != null) rows.removeIf(row -> !row.name().contains(only));

        try (VethPair veth = VethPair.create()) {
            NetworkNamespace inner = new NetworkNamespace(veth.innerNamespace());
            throughput(veth, inner, rows, rounds, seconds, streamCpu);
            if (floodSeconds > 0) flood(veth, inner, floodSeconds);
        }
    }

    /** A tc program pair, attached at ingress and egress; {@code owner} unloads them. */
    private static Loaded tc(AutoCloseable owner, Program ingress, Program egress) {
        return new Loaded(owner, (veth, inner) -> {
            TcAttachment in = inner.call(() -> ingress.attachTc(veth.inner(), Direction.INGRESS));
            TcAttachment out = inner.call(() -> egress.attachTc(veth.inner(), Direction.EGRESS));
            return () -> {
                out.close();
                in.close();
            };
        });
    }

    /** An XDP program in native mode; {@code owner} unloads it. */
    private static Loaded xdp(AutoCloseable owner, Program program) {
        return new Loaded(owner, (veth, inner) -> inner.call(() -> program.attachXdp(veth.inner(), XdpMode.NATIVE)));
    }

    private static int option(List<String> options, String name, int fallback) {
        String text = optionText(options, name);
        if (text == null) return fallback;
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException(name + ": a number must follow, not '" + text + "'");
        }
    }

    private static String optionText(List<String> options, String name) {
        int at = options.indexOf(name);
        if (at < 0) return null;
        if (at + 1 >= options.size()) throw new IllegalArgumentException(name + ": a value must follow");
        return options.get(at + 1);
    }

    /**
     * Each program's throughput against its baseline (nothing attached, or a program that only
     * passes), within one long {@code iperf3} stream: both are loaded once, then attached in turn,
     * slot by slot, and each slot's rate is what crossed the veth in it (the inner end's received
     * bytes). A pair is one slot with the program and the slot next to it with the baseline, in an
     * order alternating from pair to pair; the verdict is the median of the pairs' ratios. The stream
     * runs on one CPU (sender, receiver and the softirqs between them), so its rate is the inverse of
     * the CPU time a byte takes there, a program's included; on two CPUs the scheduler's placement of
     * the two ends moved the rate by more than any program costs, even between adjacent seconds.
     */
    private static void throughput(VethPair veth, NetworkNamespace inner, List<Row> rows, int rounds, int seconds, String cpu)
            throws Exception {
        String iperf = ExternalTool.require("iperf3").executable().toString();
        Process server = new ProcessBuilder("ip", "netns", "exec", veth.innerNamespace(), iperf, "-s", "-B", VethPair.INNER_ADDRESS)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(500);
            System.out.println("| attached to the receiving veth end | Gbit/s (median) | baseline | Gbit/s (median) | ratio to the baseline (median of pairs, min–max) |");
            System.out.println("|---|---|---|---|---|");
            for (Row row : rows) {
                List<Double> with = new ArrayList<>(), without = new ArrayList<>(), ratios = new ArrayList<>();
                try (Loaded program = row.program().load(); Loaded baseline = row.baseline() == null ? null : row.baseline().load()) {
                    Process client = startStream(iperf, veth, rounds * 2 * (seconds + 1) + 6, cpu);
                    try {
                        Thread.sleep(2000);  // past the stream's slow start
                        for (int round = 0; round < rounds; round++) {
                            double on = 0, off = 0;
                            for (boolean attached : round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                                Loaded which = attached ? program : baseline;
                                try (AutoCloseable link = which == null ? null : which.attach(veth, inner)) {
                                    double rate = slot(server, veth, seconds);
                                    if (attached) on = rate;
                                    else off = rate;
                                }
                            }
                            with.add(on);
                            without.add(off);
                            ratios.add(on / off);
                        }
                        // a stream that ended early would have left slots with nothing crossing
                        if (!client.isAlive()) {
                            throw new IllegalStateException("the iperf3 stream ended before its slots did: exit " + client.exitValue());
                        }
                    } finally {
                        client.destroy();
                        client.waitFor(10, TimeUnit.SECONDS);
                    }
                }
                System.out.printf("| %s | %.2f | %s | %.2f | %.3f× (%.3f–%.3f) |%n", row.name(), median(with) / 1e9,
                        row.baselineName() == null ? "none" : row.baselineName(), median(without) / 1e9, median(ratios),
                        ratios.stream().mapToDouble(d -> d).min().orElseThrow(), ratios.stream().mapToDouble(d -> d).max().orElseThrow());
            }
            System.out.printf("%n(one iperf3 TCP stream on one CPU, outer namespace to inner, per row; %d pairs of %d s slots, the program"
                    + " attached in one slot of each pair and the baseline in the other; a slot's rate is the bytes the inner veth end"
                    + " received in it)%n%n", rounds, seconds);
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Between attaching or detaching and a slot's first reading: the stream settles to the change. */
    private static final long SETTLE_MILLIS = 250;

    /** One slot: the bits a second the inner veth end received over {@code seconds}, after settling. */
    private static double slot(Process server, VethPair veth, int seconds) throws IOException, InterruptedException {
        Thread.sleep(SETTLE_MILLIS);
        long bytes = receivedBytes(server, veth);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long after = receivedBytes(server, veth);
        return (after - bytes) * 8e9 / (System.nanoTime() - start);
    }

    /** The inner veth end's received bytes, from {@code /proc/PID/net/dev} of a process inside its namespace (the iperf3 server). */
    private static long receivedBytes(Process inside, VethPair veth) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(inside.pid()), "net", "dev"))) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(veth.inner())) {
                return Long.parseLong(line.substring(colon + 1).strip().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + veth.inner() + " in the iperf3 server's /proc/net/dev");
    }

    /** A stream of {@code seconds} from the outer namespace to the inner, both ends on {@code cpu}, running until destroyed or done. */
    private static Process startStream(String iperf, VethPair veth, int seconds, String cpu) throws IOException, InterruptedException {
        // the server may not listen yet on a loaded machine, or still be closing the previous stream
        for (int attempt = 1; ; attempt++) {
            Process client = new ProcessBuilder("ip", "netns", "exec", veth.outerNamespace(), iperf, "-c", VethPair.INNER_ADDRESS,
                    "-t", String.valueOf(seconds), "-A", cpu + "," + cpu).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(500);
            if (client.isAlive() || client.exitValue() == 0) return client;
            if (attempt == 40) throw new IllegalStateException("iperf3 could not connect: exit " + client.exitValue());
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The flood against nothing, the guard, and nftables where installed. */
    private static void flood(VethPair veth, NetworkNamespace inner, int seconds) throws Exception {
        System.out.println("| SYN flood, " + seconds + " s from one source | SYNs sent | dropped | dropped a second | CPU s (all CPUs) | CPU µs per SYN sent |");
        System.out.println("|---|---|---|---|---|---|");
        Flood none = flood(veth, seconds);
        row("nothing attached (the closed port answers RST)", none, 0);
        try (SynGuardSkeleton guard = SynGuardSkeleton.load()) {
            guard.config().put(SynGuard.RATE, RATE);
            guard.config().put(SynGuard.BURST, BURST);
            inner.call(() -> guard.guard().attachXdp(veth.inner(), XdpMode.NATIVE));
            Flood f = flood(veth, seconds);
            row("SynGuard, XDP native, " + RATE + "/s burst " + BURST, f, guard.synCounts().sum(SynGuard.DROPPED));
        }
        if (ExternalTool.find("nft").isEmpty()) {
            System.out.println("| nftables | not installed: no comparator | | | | |");
        } else {
            String nft = ExternalTool.require("nft").executable().toString();
            // only inside the benchmark's own namespace; the namespace and its table go with it
            run("ip", "netns", "exec", veth.innerNamespace(), nft, "add table inet bench");
            run("ip", "netns", "exec", veth.innerNamespace(), nft, "add chain inet bench in { type filter hook input priority 0; }");
            run("ip", "netns", "exec", veth.innerNamespace(), nft, "add rule inet bench in tcp flags & (syn|ack) == syn meter persource"
                    + " { ip saddr limit rate over " + RATE + "/second burst " + BURST + " packets } counter drop");
            Flood f = flood(veth, seconds);
            String listed = run("ip", "netns", "exec", veth.innerNamespace(), nft, "list", "table", "inet", "bench");
            Matcher dropped = Pattern.compile("counter packets (\\d+)").matcher(listed);
            row("nftables meter, input hook, " + RATE + "/s burst " + BURST, f, dropped.find() ? Long.parseLong(dropped.group(1)) : -1);
            run("ip", "netns", "exec", veth.innerNamespace(), nft, "delete", "table", "inet", "bench");
        }
        System.out.printf("%n(hping3 -S --flood -p 80 -a %s, stopped by SIGINT after %d s; CPU time from /proc/stat over the flood,"
                + " the sender's included)%n", FLOOD_SOURCE, seconds);
    }

    private record Flood(long sent, double seconds, double cpuSeconds) {
    }

    private static void row(String what, Flood f, long dropped) {
        System.out.printf("| %s | %d | %d | %.0f | %.2f | %.2f |%n", what, f.sent(), dropped, dropped / f.seconds(), f.cpuSeconds(),
                f.sent() == 0 ? 0 : f.cpuSeconds() * 1e6 / f.sent());
    }

    private static Flood flood(VethPair veth, int seconds) throws Exception {
        String hping = ExternalTool.require("hping3").executable().toString();
        long cpuBefore = busyTicks();
        long start = System.nanoTime();
        Process sender = new ProcessBuilder("ip", "netns", "exec", veth.outerNamespace(), hping, "-q", "-S", "--flood", "-p", "80",
                "-a", FLOOD_SOURCE, VethPair.INNER_ADDRESS).redirectErrorStream(true).start();
        Thread.sleep(seconds * 1000L);
        // SIGINT to hping3 itself (ip netns exec execs it): it prints its statistics and exits
        Runtime.getRuntime().exec(new String[] {"kill", "-INT", String.valueOf(sender.pid())}).waitFor();
        String output = new String(sender.getInputStream().readAllBytes());
        if (!sender.waitFor(10, TimeUnit.SECONDS)) sender.destroyForcibly();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpuAfter = busyTicks();
        Matcher m = TRANSMITTED.matcher(output);
        if (!m.find()) throw new IllegalStateException("hping3 printed no statistics: " + output.strip());
        return new Flood(Long.parseLong(m.group(1)), elapsed, (cpuAfter - cpuBefore) / 100.0);
    }

    /** The machine's non-idle CPU time so far, in USER_HZ ticks (100 a second), from the first line of /proc/stat. */
    private static long busyTicks() throws IOException {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) {
            if (i != 4 && i != 5) busy += Long.parseLong(fields[i]); // not idle, not iowait
        }
        return busy;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
        }
        return output;
    }
}
