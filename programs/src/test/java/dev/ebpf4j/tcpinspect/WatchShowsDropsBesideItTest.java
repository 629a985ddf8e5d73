package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.VethPair;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tcpinspect watch} shows the drops of a tcpinspect guard or firewall running on the same
 * veth of the test's own, read through the maps they pin: a guard started after watch, met by an
 * hping3 SYN flood, appears in watch's JSON with exactly the guard's own counts (which are what
 * tcpdump saw pass), and goes again when it stops, watch running on; before it, watch shows no
 * guard and does not fail. A firewall's drops per rule, met by SYNs from a blocked prefix, appear
 * the same way, in the JSON and in the plain lines. Watch's {@code /metrics} does not export them
 * (their own {@code --prometheus} does). The pins a killed guard left are not shown as a guard.
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class WatchShowsDropsBesideItTest {
    private static final int BURST = 4, EACH = 15;
    private static final List<String> FLOODERS = List.of("10.199.0.11", "10.199.0.12");

    private VethPair veth;
    private NetworkNamespace inner;

    @BeforeEach
    void namespaces() throws Exception {
        veth = VethPair.create();
        inner = new NetworkNamespace(veth.innerNamespace());
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (veth != null) {
            veth.close();
        }
    }

    @Test
    void showsAGuardStartedAfterItWithTheGuardsOwnCountsAndNoneBeforeOrAfter() throws Exception {
        int metricsPort = freePort();
        NetworkDevice device = NetworkDevice.named(veth.inner(), inner);
        try (PrivateBpffs bpffs = PrivateBpffs.mount()) {
            String pins = bpffs.dir().resolve("tcpinspect").toString();
            ToolRuns.Running watch = ToolRuns.startInProcess("watch", veth.inner(), "--netns", inner.name(), "--pin-dir", pins, "--json",
                    "--duration", "60", "--prometheus", "127.0.0.1:" + metricsPort);
            ToolRuns.awaitFirstLine(watch, 20_000);
            Thread.sleep(1_100); // a reading more, alone
            List<JsonObject> alone = counters(watch.jsonSoFar());
            assertTrue(alone.size() >= 2, alone.toString());
            assertTrue(alone.stream().allMatch(l -> l.getAsJsonArray("guard").isEmpty() && l.getAsJsonArray("firewall").isEmpty()),
                    "no guard or firewall runs yet, and watch shows none: " + alone);

            ToolRuns.Running guard = ToolRuns.startInProcess("guard", veth.inner(), "--netns", inner.name(), "--syn-rate", "1", "--burst",
                    String.valueOf(BURST), "--pin-dir", pins, "--json", "--duration", "60");
            ToolRuns.awaitFirstLine(guard, 20_000);
            ToolRuns.awaitXdp(device, 1, 0);
            FrameCapture arrived = FrameCapture.start(inner.name(), veth.inner(), "in", "tcp[tcpflags] == tcp-syn");
            long sent = 0;
            for (String source : FLOODERS) {
                sent += Senders.synFlood(veth.outerNamespace(), source, VethPair.INNER_ADDRESS, 9, EACH);
            }
            assertEquals((long) FLOODERS.size() * EACH, sent, "hping3 sent them all");
            long passed = (long) FLOODERS.size() * BURST;
            arrived.stopAt(() -> passed);
            arrived.assertAccountsFor(passed, "tcpdump saw each flooder's burst pass");
            Thread.sleep(1_300); // a reading of watch after the flood

            JsonObject seen = counters(watch.jsonSoFar()).getLast();
            assertEquals(1, seen.getAsJsonArray("guard").size(), seen.toString());
            JsonObject besideWatch = seen.getAsJsonArray("guard").get(0).getAsJsonObject();
            assertEquals(List.of(passed, sent - passed, 0L), List.of(besideWatch.get("syn_passed").getAsLong(),
                    besideWatch.get("syn_dropped").getAsLong(), besideWatch.get("syn_allowlisted").getAsLong()), besideWatch.toString());
            assertEquals(veth.inner(), besideWatch.get("interface").getAsString());
            Map<String, Long> overLimit = overLimit(besideWatch);
            assertEquals(Map.of(FLOODERS.get(0), (long) EACH - BURST, FLOODERS.get(1), (long) EACH - BURST), overLimit);
            assertEquals(List.of(), MetricsScrape.scrape(metricsPort).stream().filter(s -> s.name().startsWith("tcpinspect_syn_guard")).toList(),
                    "watch's /metrics leaves the guard's counters to the guard's own");

            guard.stop().request();
            ToolRuns.Result guarded = guard.result().get(30, TimeUnit.SECONDS);
            assertEquals(0, guarded.exitCode(), guarded.err());
            JsonObject own = guarded.json().getLast().getAsJsonArray("guard").get(0).getAsJsonObject();
            assertEquals(own, besideWatch, "watch shows exactly what the guard itself shows");
            ToolRuns.awaitXdp(device, 0, 2_000);
            int before = counters(watch.jsonSoFar()).size();
            Thread.sleep(1_300); // a reading of watch after the guard ended

            watch.stop().request();
            ToolRuns.Result watched = watch.result().get(30, TimeUnit.SECONDS);
            assertEquals(0, watched.exitCode(), watched.err());
            List<JsonObject> after = counters(watched.json()).subList(before, counters(watched.json()).size());
            assertTrue(!after.isEmpty() && after.stream().allMatch(l -> l.getAsJsonArray("guard").isEmpty()),
                    "the guard is gone from watch once it ended: " + after);
            ToolRuns.awaitTc(device, 0, 2_000);
            try (var left = java.nio.file.Files.list(bpffs.dir())) {
                assertEquals(List.of(), left.toList(), "nothing pinned is left");
            }
        }
    }

    @Test
    void showsTheDropsPerRuleOfAFirewallBesideIt() throws Exception {
        String blocked = "10.199.0.31", blockedPort = "10.199.0.40";
        List<String> rules = List.of(blocked + "/32", "10.199.0.40/29:9");
        NetworkDevice device = NetworkDevice.named(veth.inner(), inner);
        try (PrivateBpffs bpffs = PrivateBpffs.mount()) {
            String pins = bpffs.dir().resolve("tcpinspect").toString();
            ToolRuns.Running firewall = ToolRuns.startInProcess("firewall", veth.inner(), "--netns", inner.name(), "--block", rules.get(0),
                    rules.get(1), "--pin-dir", pins, "--json", "--duration", "60");
            ToolRuns.awaitFirstLine(firewall, 20_000);
            ToolRuns.awaitXdp(device, 1, 0);
            ToolRuns.Running watch = ToolRuns.startInProcess("watch", veth.inner(), "--netns", inner.name(), "--pin-dir", pins, "--json",
                    "--duration", "60");
            ToolRuns.awaitFirstLine(watch, 20_000);
            ToolRuns.Running plain = ToolRuns.startInProcess("watch", veth.inner(), "--netns", inner.name(), "--pin-dir", pins, "--duration", "60");

            FrameCapture left = FrameCapture.start(veth.outerNamespace(), veth.outer(), "out", "tcp[tcpflags] == tcp-syn");
            FrameCapture arrived = FrameCapture.start(inner.name(), veth.inner(), "in", "tcp[tcpflags] == tcp-syn");
            long toBlocked = Senders.synFlood(veth.outerNamespace(), blocked, VethPair.INNER_ADDRESS, 80, 7);
            long toBlockedPort = Senders.synFlood(veth.outerNamespace(), blockedPort, VethPair.INNER_ADDRESS, 9, 5);
            long toOpenPort = Senders.synFlood(veth.outerNamespace(), blockedPort, VethPair.INNER_ADDRESS, 10, 3);
            left.stopAt(() -> toBlocked + toBlockedPort + toOpenPort);
            left.assertAccountsFor(toBlocked + toBlockedPort + toOpenPort, "tcpdump saw hping3's SYNs leave");
            arrived.stopAt(() -> toOpenPort);
            arrived.assertAccountsFor(toOpenPort, "only the SYNs to the port no rule blocks arrived");
            Thread.sleep(1_300); // a reading of watch after the traffic

            watch.stop().request();
            plain.stop().request();
            ToolRuns.Result watched = watch.result().get(30, TimeUnit.SECONDS);
            ToolRuns.Result plainly = plain.result().get(30, TimeUnit.SECONDS);
            firewall.stop().request();
            ToolRuns.Result own = firewall.result().get(30, TimeUnit.SECONDS);
            assertEquals(0, watched.exitCode(), watched.err());
            assertEquals(0, own.exitCode(), own.err());
            JsonArray seen = counters(watched.json()).getLast().getAsJsonArray("firewall");
            Map<String, Long> dropped = new LinkedHashMap<>();
            seen.forEach(e -> dropped.put(e.getAsJsonObject().get("rule").getAsString(), e.getAsJsonObject().get("dropped").getAsLong()));
            assertEquals(Map.of(rules.get(0), toBlocked, rules.get(1), toBlockedPort), dropped, "drops per rule, as hping3 and tcpdump counted");
            assertEquals(own.json().getLast().getAsJsonArray("firewall"), seen, "watch shows exactly what the firewall itself shows");
            assertTrue(counters(watched.json()).getLast().getAsJsonArray("guard").isEmpty(), "no guard runs: watch shows none");
            assertEquals(0, plainly.exitCode(), plainly.err());
            String last = plainly.out().lines().toList().getLast();
            assertTrue(last.contains(" | " + veth.inner() + " firewall " + rules.get(0) + " dropped " + toBlocked + " | ")
                    && last.contains(" | " + veth.inner() + " firewall " + rules.get(1) + " dropped " + toBlockedPort)
                    && !last.contains(" guard: "), "the plain line shows the drops per rule: " + last);
            ToolRuns.awaitXdp(device, 0, 2_000);
            ToolRuns.awaitTc(device, 0, 2_000);
        }
    }

    /** What a guard killed before its cleanup leaves (its program and maps pinned, nothing attached) is not a guard running. */
    @Test
    void theLeftoverPinsOfAKilledGuardAreNotAGuard() throws Exception {
        try (PrivateBpffs bpffs = PrivateBpffs.mount();
             dev.ebpf4j.inspect.SynGuardSkeleton leftover = dev.ebpf4j.inspect.SynGuardSkeleton.load()) {
            java.nio.file.Path pins = bpffs.dir().resolve("tcpinspect");
            leftover.object().pinAll(new PinLayout(pins, inner.name()).program(veth.inner(), "SynGuard"));
            ToolRuns.Running watch = ToolRuns.startInProcess("watch", veth.inner(), "--netns", inner.name(), "--pin-dir", pins.toString(),
                    "--json", "--duration", "2.5");
            ToolRuns.Result watched = watch.result().get(30, TimeUnit.SECONDS);
            assertEquals(0, watched.exitCode(), watched.err());
            List<JsonObject> lines = counters(watched.json());
            assertTrue(!lines.isEmpty() && lines.stream().allMatch(l -> l.getAsJsonArray("guard").isEmpty()), lines.toString());
        }
    }

    private static List<JsonObject> counters(List<JsonObject> lines) {
        return lines.stream().filter(l -> l.get("type").getAsString().equals("counters")).toList();
    }

    private static Map<String, Long> overLimit(JsonObject guard) {
        Map<String, Long> overLimit = new LinkedHashMap<>();
        guard.getAsJsonArray("over_limit").forEach(o -> overLimit.put(o.getAsJsonObject().get("source").getAsString(),
                o.getAsJsonObject().get("dropped").getAsLong()));
        return overLimit;
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }
}
