package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonElement;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.VethPair;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tcpinspect firewall --block PREFIX --allow ADDRESS} on a veth of the test's own, with
 * SYNs from spoofed sources in and out of the prefix (hping3, bounded): the blocked prefix's
 * packets are dropped, exactly, and counted on its rule; the allowed address inside it and the
 * sources outside it pass, as tcpdump on the interface sees. Then {@code firewall DEV --add} and
 * {@code --remove}, run while the firewall runs, change what it drops from the next packet on; a
 * change with a part that cannot be made is refused whole.
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class FirewallRulesOnRealTrafficTest {
    private static final int EACH = 10;
    private static final String PREFIX = "10.199.0.64/26", BLOCKED = "10.199.0.65", ALLOWED = "10.199.0.70", OUTSIDE = "10.199.0.2";

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
    void dropsExactlyTheBlockedPrefixAndRulesChangeWhileItRuns() throws Exception {
        int port = ToolOnVeth.freePort();
        ToolRuns.Running run = fixture.start("firewall", "--block", PREFIX, "--allow", ALLOWED + "/32", "--prometheus", "127.0.0.1:" + port);

        FrameCapture arrived = FrameCapture.start(fixture.inner.name(), fixture.veth.inner(), "in", "tcp");
        long blocked = Senders.synFlood(fixture.veth.outerNamespace(), BLOCKED, VethPair.INNER_ADDRESS, 9, EACH);
        long allowed = Senders.synFlood(fixture.veth.outerNamespace(), ALLOWED, VethPair.INNER_ADDRESS, 9, EACH);
        long outside = Senders.synFlood(fixture.veth.outerNamespace(), OUTSIDE, VethPair.INNER_ADDRESS, 9, EACH);
        arrived.stopAt(() -> allowed + outside);
        arrived.assertAccountsFor(allowed + outside, "tcpdump saw the allowed address's and the outside source's SYNs only");
        assertEquals(blocked, dropped(port, PREFIX), "/metrics: the blocked prefix's SYNs, on its rule");

        // a port-limited rule added to the running firewall, then the prefix rule removed from it
        ToolRuns.Result add = fixture.change("firewall", "--add", OUTSIDE + "/32:9");
        assertEquals(0, add.exitCode(), add.err());
        assertEquals("firewall " + fixture.veth.inner() + ": added block " + OUTSIDE + "/32:9\n", add.out());
        ToolRuns.Result remove = fixture.change("firewall", "--remove", PREFIX);
        assertEquals(0, remove.exitCode(), remove.err());

        FrameCapture after = FrameCapture.start(fixture.inner.name(), fixture.veth.inner(), "in", "tcp");
        long toNine = Senders.synFlood(fixture.veth.outerNamespace(), OUTSIDE, VethPair.INNER_ADDRESS, 9, EACH);
        long toTen = Senders.synFlood(fixture.veth.outerNamespace(), OUTSIDE, VethPair.INNER_ADDRESS, 10, EACH);
        long unblocked = Senders.synFlood(fixture.veth.outerNamespace(), BLOCKED, VethPair.INNER_ADDRESS, 9, EACH);
        after.stopAt(() -> toTen + unblocked);
        after.assertAccountsFor(toTen + unblocked, "the added rule drops port 9 only; the removed prefix passes again");
        assertEquals(toNine, dropped(port, OUTSIDE + "/32:9"), "/metrics: the added rule's drops");

        ToolRuns.Result again = fixture.change("firewall", "--remove", PREFIX);
        assertEquals(ExitCode.BAD_CIDR, again.exitCode(), again.err());
        assertTrue(again.err().contains("--remove " + PREFIX + ": the blocklist has no such rule"), again.err());
        // a change whose last part cannot be made is refused before its first is: the port rule stays (see the JSON below)
        ToolRuns.Result refused = fixture.change("firewall", "--remove", OUTSIDE + "/32:9", "--add-allow", ALLOWED + "/32");
        assertEquals(ExitCode.BAD_CIDR, refused.exitCode(), refused.err());
        assertEquals(List.of("tcpinspect: firewall " + fixture.veth.inner() + ": --allow " + ALLOWED + "/32: the allowlist already has a rule on "
                + ALLOWED + "/32 (" + ALLOWED + "/32); the firewall keeps one rule per prefix and list: remove that one first"), refused.errLines());

        run.stop().request();
        ToolRuns.Result result = run.result().get(30, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), result.err());
        List<JsonElement> rules = result.json().getLast().getAsJsonArray("firewall").asList();
        assertEquals(1, rules.size(), rules.toString());
        assertEquals(OUTSIDE + "/32:9", rules.getFirst().getAsJsonObject().get("rule").getAsString());
        assertEquals(toNine, rules.getFirst().getAsJsonObject().get("dropped").getAsLong());
        fixture.assertDetachedAndUnpinned();
    }

    private static long dropped(int port, String rule) throws Exception {
        return Math.round(MetricsScrape.scrape(port).stream().filter(s -> s.name().equals("tcpinspect_firewall_dropped_total")
                && s.labels().get("rule").equals(rule)).mapToDouble(MetricsScrape.Sample::value).sum());
    }
}
