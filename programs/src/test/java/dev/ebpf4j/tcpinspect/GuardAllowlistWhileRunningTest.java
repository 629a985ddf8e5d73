package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonObject;
import dev.ebpf4j.links.NetworkDevice;
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
 * {@code tcpinspect guard DEV --add-allow / --remove-allow} against a guard running on a veth of
 * the test's own, with hping3 SYN floods from one spoofed source (bounded): the source is limited
 * to its burst, passes entirely once allowlisted on the running guard, and is limited again once
 * removed; a change with one bad part is refused whole, in one line, and changes nothing, also
 * across the interfaces of a guard running on two. The tool's counters equal tcpdump's count of
 * the SYNs that passed, at each step.
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class GuardAllowlistWhileRunningTest {
    private static final int BURST = 3, EACH = 10;
    private static final String SOURCE = "10.199.0.11";

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
    void aDroppedSourcePassesOnceAllowlistedAndIsLimitedAgainOnceRemoved() throws Exception {
        int port = ToolOnVeth.freePort();
        ToolRuns.Running run = fixture.start("guard", "--syn-rate", "1", "--burst", String.valueOf(BURST), "--prometheus",
                "127.0.0.1:" + port);

        // limited: its burst passes, the rest is dropped
        long sent = flood();
        long passed = arrivedOf(sent, BURST);
        assertEquals(BURST, passed, "the source's burst passed, as tcpdump saw");
        assertEquals(List.of(passed, sent - passed, 0L), counters(port), "/metrics: within_limit, dropped, allowlisted");

        ToolRuns.Result add = fixture.change("guard", "--add-allow", SOURCE + "/32", "fd00:199:0:9::/64");
        assertEquals(0, add.exitCode(), add.err());
        assertEquals("guard " + fixture.veth.inner() + ": added allow " + SOURCE + "/32\nguard " + fixture.veth.inner()
                + ": added allow fd00:199:0:9::/64\n", add.out());

        // allowlisted on the running guard: every SYN passes
        long allowed = flood();
        assertEquals(allowed, arrivedOf(allowed, allowed), "every SYN of the allowlisted source passed, as tcpdump saw");
        assertEquals(List.of(passed, sent - passed, allowed), counters(port), "/metrics after --add-allow");

        // a change with a part that cannot be made is refused whole
        ToolRuns.Result refused = fixture.change("guard", "--add-allow", "10.199.0.12/32", "--remove-allow", "10.199.0.99/32");
        assertEquals(ExitCode.BAD_CIDR, refused.exitCode(), refused.err());
        assertEquals(List.of("tcpinspect: guard " + fixture.veth.inner() + " --remove-allow 10.199.0.99/32: the allowlist has no such prefix"),
                refused.errLines());
        ToolRuns.Result notAdded = fixture.change("guard", "--remove-allow", "10.199.0.12/32");
        assertEquals(ExitCode.BAD_CIDR, notAdded.exitCode(), "the refused change added nothing: " + notAdded.err());
        ToolRuns.Result twice = fixture.change("guard", "--add-allow", SOURCE + "/32");
        assertEquals(ExitCode.BAD_CIDR, twice.exitCode(), twice.err());
        assertTrue(twice.err().contains("--add-allow " + SOURCE + "/32: the allowlist already has it"), twice.err());

        ToolRuns.Result remove = fixture.change("guard", "--remove-allow", SOURCE + "/32", "fd00:199:0:9::/64");
        assertEquals(0, remove.exitCode(), remove.err());

        // limited again: at most a burst passes (the bucket refilled at 1 SYN/s since the first flood), the rest is dropped
        long again = flood();
        long passedAgain = arrivedOf(again, -1);
        assertTrue(passedAgain <= BURST && again - passedAgain >= EACH - BURST, "limited again: " + passedAgain + " of " + again + " passed");
        List<Long> last = List.of(passed + passedAgain, sent - passed + again - passedAgain, allowed);
        assertEquals(last, counters(port), "/metrics after --remove-allow");

        run.stop().request();
        ToolRuns.Result result = run.result().get(30, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), result.err());
        JsonObject guard = result.json().getLast().getAsJsonArray("guard").get(0).getAsJsonObject();
        assertEquals(last, List.of(guard.get("syn_passed").getAsLong(), guard.get("syn_dropped").getAsLong(),
                guard.get("syn_allowlisted").getAsLong()), guard.toString());
        fixture.assertDetachedAndUnpinned();
    }

    /**
     * A guard on two interfaces whose allowlists differ (one was changed alone): a change that one
     * of them cannot take is refused before either is touched.
     */
    @Test
    void aChangeOnSeveralInterfacesIsMadeOnAllOrNone() throws Exception {
        VethPair.ip("link", "add", "veth-b", "netns", fixture.veth.innerNamespace(), "type", "veth", "peer", "name", "veth-b-out", "netns",
                fixture.veth.outerNamespace());
        VethPair.ip("-n", fixture.veth.innerNamespace(), "link", "set", "veth-b", "up");
        VethPair.ip("-n", fixture.veth.outerNamespace(), "link", "set", "veth-b-out", "up");
        NetworkDevice first = NetworkDevice.named(fixture.veth.inner(), fixture.inner);
        NetworkDevice second = NetworkDevice.named("veth-b", fixture.inner);
        // on two interfaces: started here, not through the fixture's start (one interface)
        ToolRuns.Running run = ToolRuns.startInProcess("guard", fixture.veth.inner(), "veth-b", "--netns", fixture.inner.name(),
                "--syn-rate", "5", "--allow", "10.0.0.0/8", "--pin-dir", fixture.pins, "--json", "--duration", "60");
        ToolRuns.awaitFirstLine(run, 20_000);
        ToolRuns.awaitXdp(first, 1, 0);
        ToolRuns.awaitXdp(second, 1, 0);

        assertEquals(0, fixture.change("guard", "--add-allow", "fd00:199::/48").exitCode(), "on the first interface alone");
        ToolRuns.Result refused = ToolRuns.inProcess("guard", fixture.veth.inner(), "veth-b", "--netns", fixture.inner.name(),
                "--pin-dir", fixture.pins, "--remove-allow", "fd00:199::/48", "10.0.0.0/8");
        assertEquals(ExitCode.BAD_CIDR, refused.exitCode(), refused.err());
        assertEquals(List.of("tcpinspect: guard veth-b --remove-allow fd00:199::/48: the allowlist has no such prefix"), refused.errLines());
        assertEquals("", refused.out());
        // neither changed: the first still has both prefixes, the second its one
        ToolRuns.Result both = ToolRuns.inProcess("guard", fixture.veth.inner(), "veth-b", "--netns", fixture.inner.name(),
                "--pin-dir", fixture.pins, "--remove-allow", "10.0.0.0/8");
        assertEquals(0, both.exitCode(), both.err());
        assertEquals("guard " + fixture.veth.inner() + ": removed allow 10.0.0.0/8\nguard veth-b: removed allow 10.0.0.0/8\n", both.out());
        assertEquals(0, fixture.change("guard", "--remove-allow", "fd00:199::/48").exitCode(), "the first interface kept its own prefix");

        run.stop().request();
        assertEquals(0, run.result().get(30, TimeUnit.SECONDS).exitCode());
        ToolRuns.awaitXdp(first, 0, 2_000);
        ToolRuns.awaitXdp(second, 0, 2_000);
    }

    /** The capture of the last flood. */
    private FrameCapture capture;

    /** Floods {@link #SOURCE}'s SYNs while tcpdump counts those that pass; returns how many hping3 sent. */
    private long flood() throws Exception {
        capture = FrameCapture.start(fixture.inner.name(), fixture.veth.inner(), "in", "src " + SOURCE + " and tcp[tcpflags] == tcp-syn");
        long sent = Senders.synFlood(fixture.veth.outerNamespace(), SOURCE, VethPair.INNER_ADDRESS, 9, EACH);
        assertEquals(EACH, sent, "hping3 sent them all");
        return sent;
    }

    /** The SYNs tcpdump saw pass in the last flood, waiting for {@code expected} of them (or quiet, where -1). */
    private long arrivedOf(long sent, long expected) throws InterruptedException {
        capture.stopAt(() -> expected < 0 ? Long.MAX_VALUE : expected);
        assertEquals(0, capture.dropped(), "tcpdump lost none of " + sent);
        return capture.frames();
    }

    /** /metrics: SYNs passed within the limit, dropped, passed as allowlisted. */
    private List<Long> counters(int port) throws Exception {
        List<MetricsScrape.Sample> samples = MetricsScrape.scrape(port);
        return List.of(value(samples, "tcpinspect_syn_guard_passed_total", Map.of("interface", fixture.veth.inner(), "reason", "within_limit")),
                value(samples, "tcpinspect_syn_guard_dropped_total", Map.of("interface", fixture.veth.inner())),
                value(samples, "tcpinspect_syn_guard_passed_total", Map.of("interface", fixture.veth.inner(), "reason", "allowlisted")));
    }

    private static long value(List<MetricsScrape.Sample> samples, String name, Map<String, String> labels) {
        return Math.round(samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .mapToDouble(MetricsScrape.Sample::value).sum());
    }
}
