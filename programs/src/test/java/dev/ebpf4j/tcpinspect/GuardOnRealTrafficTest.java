package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.VethPair;
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
 * {@code tcpinspect guard --syn-rate 1 --burst 5 --allow …} on a veth of the test's own, while
 * hping3 floods it with a bounded count of SYNs from several spoofed sources: each source gets
 * exactly its burst through (its SYNs all leave within a few milliseconds, far less than the second
 * one more token takes), the rest are dropped, an allowlisted source loses nothing, and tcpdump on
 * the interface sees exactly the SYNs the guard passed. {@code guard --update} then raises the burst
 * of the running guard, and a new source's SYNs all pass.
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class GuardOnRealTrafficTest {
    private static final int BURST = 5, EACH = 20;
    private static final List<String> FLOODERS = List.of("10.199.0.11", "10.199.0.12", "10.199.0.13");
    private static final String ALLOWED = "10.199.0.20";

    private ToolOnVeth fixture;

    @BeforeEach
    void namespaces() throws Exception {
        fixture = ToolOnVeth.create();
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void dropsExactlyTheSynsOverEachSourcesBurstAndNeverAnAllowlistedOnes() throws Exception {
        int port = ToolOnVeth.freePort();
        ToolRuns.Running run = fixture.start("guard", "--syn-rate", "1", "--burst", String.valueOf(BURST), "--allow", ALLOWED + "/32",
                "--prometheus", "127.0.0.1:" + port);

        long sent = 0;
        long allowedSent;
        FrameCapture arrived = FrameCapture.start(fixture.inner.name(), fixture.veth.inner(), "in", "tcp[tcpflags] == tcp-syn");
        for (String source : FLOODERS) {
            sent += Senders.synFlood(fixture.veth.outerNamespace(), source, VethPair.INNER_ADDRESS, 9, EACH);
        }
        allowedSent = Senders.synFlood(fixture.veth.outerNamespace(), ALLOWED, VethPair.INNER_ADDRESS, 9, EACH);
        assertEquals((long) FLOODERS.size() * EACH, sent, "hping3 sent them all");
        long passed = (long) FLOODERS.size() * BURST;
        arrived.stopAt(() -> passed + allowedSent);
        arrived.assertAccountsFor(passed + allowedSent, "tcpdump saw each flooder's burst and every allowlisted SYN");

        List<MetricsScrape.Sample> samples = MetricsScrape.scrape(port);
        assertEquals(sent - passed, value(samples, "tcpinspect_syn_guard_dropped_total", Map.of("interface", fixture.veth.inner())));
        assertEquals(passed, value(samples, "tcpinspect_syn_guard_passed_total", Map.of("interface", fixture.veth.inner(), "reason", "within_limit")));
        assertEquals(allowedSent, value(samples, "tcpinspect_syn_guard_passed_total",
                Map.of("interface", fixture.veth.inner(), "reason", "allowlisted")));

        // a larger burst for the running guard, through its pinned config map
        ToolRuns.Result update = fixture.change("guard", "--syn-rate", "1", "--burst", String.valueOf(EACH + 10), "--update");
        assertEquals(0, update.exitCode(), update.err());
        long late = Senders.synFlood(fixture.veth.outerNamespace(), "10.199.0.14", VethPair.INNER_ADDRESS, 9, EACH);

        run.stop().request();
        ToolRuns.Result result = run.result().get(30, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), result.err());
        JsonObject guard = result.json().getLast().getAsJsonArray("guard").get(0).getAsJsonObject();
        assertEquals(List.of(passed + late, sent - passed, allowedSent), List.of(guard.get("syn_passed").getAsLong(),
                guard.get("syn_dropped").getAsLong(), guard.get("syn_allowlisted").getAsLong()), guard.toString());
        List<JsonElement> over = guard.getAsJsonArray("over_limit").asList();
        assertEquals(FLOODERS, over.stream().map(o -> o.getAsJsonObject().get("source").getAsString()).sorted().toList(),
                "the flooders over the limit, not the allowlisted source nor the one after the update: " + over);
        assertTrue(over.stream().allMatch(o -> o.getAsJsonObject().get("dropped").getAsLong() == EACH - BURST), over.toString());
        fixture.assertDetachedAndUnpinned();
        assertEquals(List.of(), ToolRuns.tc(fixture.device));
    }

    private static long value(List<MetricsScrape.Sample> samples, String name, Map<String, String> labels) {
        return Math.round(samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .mapToDouble(MetricsScrape.Sample::value).sum());
    }
}
