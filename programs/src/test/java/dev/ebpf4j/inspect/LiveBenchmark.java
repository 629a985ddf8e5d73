package dev.ebpf4j.inspect;

import dev.ebpf4j.links.Direction;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.links.XdpMode;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.VethPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cost of the suite on a live interface, run by {@code bin/bench-live}, in network namespaces
 * and a veth of its own (removed at the end): TCP throughput from {@code iperf3} across the veth
 * with each program attached to the receiving end against none, in the same run (rounds
 * alternating, each program's throughput divided by the run with nothing attached that precedes it
 * in its round, median of the rounds); and a SYN flood from {@code hping3 --flood} for a bounded
 * time from one source, dropped by {@link SynGuard} and, where {@code nft} is installed, by an
 * nftables per-source limit of the same rate inside the benchmark's namespace: SYNs sent, dropped
 * a second, and the machine's CPU time over the flood (from {@code /proc/stat}, the sender's
 * included, the same for every row). Prints Markdown tables.
 */
public final class LiveBenchmark {
    private static final Pattern RECEIVED = Pattern.compile("\"sum_received\"\\s*:\\s*\\{[^}]*\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)");
    private static final Pattern TRANSMITTED = Pattern.compile("(\\d+) packets transmitted");
    private static final String FLOOD_SOURCE = "10.199.0.3";
    private static final long RATE = 10, BURST = 20;

    private LiveBenchmark() {
    }

    /** An attached program, detached by close. */
    private interface Attached extends AutoCloseable {
    }

    /** Loads and attaches a program to the veth's inner end; null for none. */
    private interface Attach {
        Attached attach(VethPair veth, NetworkNamespace inner) throws Exception;
    }

    /** {@code --rounds N} (default 3), {@code --seconds S} per iperf3 run (default 3), {@code --flood-seconds F} (default 3). */
    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        int rounds = option(options, "--rounds", 3), seconds = option(options, "--seconds", 3), floodSeconds = option(options, "--flood-seconds", 3);
        Map<String, Attach> programs = new LinkedHashMap<>();
        programs.put("TrafficCounters (tc in+out)", (veth, inner) -> {
            TrafficCountersSkeleton s = TrafficCountersSkeleton.load();
            inner.call(() -> s.ingress().attachTc(veth.inner(), Direction.INGRESS));
            inner.call(() -> s.egress().attachTc(veth.inner(), Direction.EGRESS));
            return s::close;
        });
        programs.put("XDP_PASS only (native XDP on a veth, no work: the baseline of the XDP rows)", (veth, inner) -> {
            // r0 = XDP_PASS; exit: what attaching native XDP to a veth costs before a program does anything
            byte[] pass = {(byte) 0xb7, 0, 0, 0, 2, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};
            dev.ebpf4j.programs.Program p = dev.ebpf4j.programs.Program.load(dev.ebpf4j.types.ProgramType.XDP, pass, "GPL", "xdp_pass");
            inner.call(() -> p.attachXdp(veth.inner(), XdpMode.NATIVE));
            return p::close;
        });
        programs.put("PortFilter (XDP native)", (veth, inner) -> {
            PortFilterSkeleton s = PortFilterSkeleton.load();
            inner.call(() -> s.filter().attachXdp(veth.inner(), XdpMode.NATIVE));
            return s::close;
        });
        programs.put("SynGuard (XDP native)", (veth, inner) -> {
            SynGuardSkeleton s = SynGuardSkeleton.load();
            inner.call(() -> s.guard().attachXdp(veth.inner(), XdpMode.NATIVE));
            return s::close;
        });
        programs.put("CidrFirewall (XDP native, no rules)", (veth, inner) -> {
            CidrFirewallSkeleton s = CidrFirewallSkeleton.load();
            inner.call(() -> s.filter().attachXdp(veth.inner(), XdpMode.NATIVE));
            return s::close;
        });
        programs.put("FlowTracker (tc in+out)", (veth, inner) -> {
            FlowTrackerSkeleton s = FlowTrackerSkeleton.load();
            inner.call(() -> s.ingress().attachTc(veth.inner(), Direction.INGRESS));
            inner.call(() -> s.egress().attachTc(veth.inner(), Direction.EGRESS));
            return s::close;
        });
        programs.put("ConnectionEvents (tc in+out)", (veth, inner) -> {
            ConnectionEventsSkeleton s = ConnectionEventsSkeleton.load();
            inner.call(() -> s.ingress().attachTc(veth.inner(), Direction.INGRESS));
            inner.call(() -> s.egress().attachTc(veth.inner(), Direction.EGRESS));
            return s::close;
        });

        try (VethPair veth = VethPair.create()) {
            NetworkNamespace inner = new NetworkNamespace(veth.innerNamespace());
            throughput(veth, inner, programs, rounds, seconds);
            flood(veth, inner, floodSeconds);
        }
    }

    private static int option(List<String> options, String name, int fallback) {
        int at = options.indexOf(name);
        if (at < 0) return fallback;
        if (at + 1 >= options.size()) throw new IllegalArgumentException(name + ": a number must follow");
        return Integer.parseInt(options.get(at + 1));
    }

    private static void throughput(VethPair veth, NetworkNamespace inner, Map<String, Attach> programs, int rounds, int seconds)
            throws Exception {
        String iperf = ExternalTool.require("iperf3").executable().toString();
        Process server = new ProcessBuilder("ip", "netns", "exec", veth.innerNamespace(), iperf, "-s", "-B", VethPair.INNER_ADDRESS)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(500);
            Map<String, List<Double>> ratios = new LinkedHashMap<>();
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            rates.put("none", new ArrayList<>());
            for (String name : programs.keySet()) {
                ratios.put(name, new ArrayList<>());
                rates.put(name, new ArrayList<>());
            }
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, Attach> program : programs.entrySet()) {
                    double none = iperf(iperf, veth, seconds);
                    rates.get("none").add(none);
                    double with;
                    try (Attached attached = program.getValue().attach(veth, inner)) {
                        with = iperf(iperf, veth, seconds);
                    }
                    rates.get(program.getKey()).add(with);
                    ratios.get(program.getKey()).add(with / none);
                }
            }
            System.out.println("| attached to the receiving veth end | Gbit/s (median) | ratio to none (median of pairs, min–max) |");
            System.out.println("|---|---|---|");
            System.out.printf("| none | %.2f | |%n", median(rates.get("none")) / 1e9);
            for (String name : programs.keySet()) {
                List<Double> r = ratios.get(name);
                System.out.printf("| %s | %.2f | %.3f× (%.3f–%.3f) |%n", name, median(rates.get(name)) / 1e9, median(r),
                        r.stream().mapToDouble(d -> d).min().orElseThrow(), r.stream().mapToDouble(d -> d).max().orElseThrow());
            }
            System.out.printf("%n(iperf3 -t %d, one TCP stream, outer namespace to inner; %d rounds, each program's run paired with"
                    + " the run with nothing attached just before it)%n%n", seconds, rounds);
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static double iperf(String iperf, VethPair veth, int seconds) throws IOException, InterruptedException {
        // the server may not listen yet on a loaded machine, or still be closing the previous test
        for (int attempt = 1; ; attempt++) {
            try {
                return iperfOnce(iperf, veth, seconds);
            } catch (IllegalStateException notReady) {
                if (attempt == 40 || !(notReady.getMessage().contains("Connection refused") || notReady.getMessage().contains("busy"))) {
                    throw notReady;
                }
                Thread.sleep(250);
            }
        }
    }

    private static double iperfOnce(String iperf, VethPair veth, int seconds) throws IOException, InterruptedException {
        Process client = new ProcessBuilder("ip", "netns", "exec", veth.outerNamespace(), iperf, "-c", VethPair.INNER_ADDRESS,
                "-t", String.valueOf(seconds), "-J").redirectErrorStream(true).start();
        String output = new String(client.getInputStream().readAllBytes());
        if (!client.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new IllegalStateException("iperf3 did not finish");
        }
        Matcher m = RECEIVED.matcher(output);
        if (!m.find()) throw new IllegalStateException("iperf3 reported no received rate: " + output.strip());
        return Double.parseDouble(m.group(1));
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
