package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonElement;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.sys.BpfAvailable;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.VethPair;
import java.net.ServerSocket;
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
 * {@code tcpinspect firewall --block PREFIX --allow ADDRESS} on a veth of the test's own, with
 * SYNs from spoofed sources in and out of the prefix (hping3, bounded): the blocked prefix's
 * packets are dropped, exactly, and counted on its rule; the allowed address inside it and the
 * sources outside it pass, as tcpdump on the interface sees. Then {@code firewall DEV --add} and
 * {@code --remove}, run while the firewall runs, change what it drops from the next packet on; a
 * change with a part that cannot be made is refused whole.
 */
@Tag("kernel")
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class FirewallRulesOnRealTrafficTest {
    private static final int EACH = 10;
    private static final String PREFIX = "10.199.0.64/26", BLOCKED = "10.199.0.65", ALLOWED = "10.199.0.70", OUTSIDE = "10.199.0.2";

    private VethPair veth;
    private NetworkNamespace inner;

    @BeforeEach
    void namespaces() throws Exception {
        BpfAvailable.assumeBpf();
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
    void dropsExactlyTheBlockedPrefixAndRulesChangeWhileItRuns() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        NetworkDevice device = NetworkDevice.named(veth.inner(), inner);
        try (PrivateBpffs bpffs = PrivateBpffs.mount()) {
            String pins = bpffs.dir().resolve("tcpinspect").toString();
            ToolRuns.Running run = ToolRuns.startInProcess("firewall", veth.inner(), "--netns", inner.name(), "--block", PREFIX,
                    "--allow", ALLOWED + "/32", "--pin-dir", pins, "--json", "--duration", "60", "--prometheus", "127.0.0.1:" + port);
            ToolRuns.awaitFirstLine(run, 20_000);

            FrameCapture arrived = FrameCapture.start(inner.name(), veth.inner(), "in", "tcp");
            long blocked = Senders.synFlood(veth.outerNamespace(), BLOCKED, VethPair.INNER_ADDRESS, 9, EACH);
            long allowed = Senders.synFlood(veth.outerNamespace(), ALLOWED, VethPair.INNER_ADDRESS, 9, EACH);
            long outside = Senders.synFlood(veth.outerNamespace(), OUTSIDE, VethPair.INNER_ADDRESS, 9, EACH);
            arrived.stopAt(() -> allowed + outside);
            arrived.assertAccountsFor(allowed + outside, "tcpdump saw the allowed address's and the outside source's SYNs only");
            assertEquals(blocked, dropped(port, PREFIX), "/metrics: the blocked prefix's SYNs, on its rule");

            // a port-limited rule added to the running firewall, then the prefix rule removed from it
            ToolRuns.Result add = ToolRuns.inProcess("firewall", veth.inner(), "--netns", inner.name(), "--pin-dir", pins,
                    "--add", OUTSIDE + "/32:9");
            assertEquals(0, add.exitCode(), add.err());
            assertEquals("firewall " + veth.inner() + ": added block " + OUTSIDE + "/32:9\n", add.out());
            ToolRuns.Result remove = ToolRuns.inProcess("firewall", veth.inner(), "--netns", inner.name(), "--pin-dir", pins,
                    "--remove", PREFIX);
            assertEquals(0, remove.exitCode(), remove.err());

            FrameCapture after = FrameCapture.start(inner.name(), veth.inner(), "in", "tcp");
            long toNine = Senders.synFlood(veth.outerNamespace(), OUTSIDE, VethPair.INNER_ADDRESS, 9, EACH);
            long toTen = Senders.synFlood(veth.outerNamespace(), OUTSIDE, VethPair.INNER_ADDRESS, 10, EACH);
            long unblocked = Senders.synFlood(veth.outerNamespace(), BLOCKED, VethPair.INNER_ADDRESS, 9, EACH);
            after.stopAt(() -> toTen + unblocked);
            after.assertAccountsFor(toTen + unblocked, "the added rule drops port 9 only; the removed prefix passes again");
            assertEquals(toNine, dropped(port, OUTSIDE + "/32:9"), "/metrics: the added rule's drops");

            ToolRuns.Result again = ToolRuns.inProcess("firewall", veth.inner(), "--netns", inner.name(), "--pin-dir", pins,
                    "--remove", PREFIX);
            assertEquals(ExitCode.BAD_CIDR, again.exitCode(), again.err());
            assertTrue(again.err().contains("--remove " + PREFIX + ": the blocklist has no such rule"), again.err());
            // a change whose last part cannot be made is refused before its first is: the port rule stays (see the JSON below)
            ToolRuns.Result refused = ToolRuns.inProcess("firewall", veth.inner(), "--netns", inner.name(), "--pin-dir", pins,
                    "--remove", OUTSIDE + "/32:9", "--add-allow", ALLOWED + "/32");
            assertEquals(ExitCode.BAD_CIDR, refused.exitCode(), refused.err());
            assertEquals(List.of("tcpinspect: firewall " + veth.inner() + ": --allow " + ALLOWED + "/32: the allowlist already has a rule on "
                    + ALLOWED + "/32 (" + ALLOWED + "/32); the firewall keeps one rule per prefix and list: remove that one first"), refused.errLines());

            run.stop().request();
            ToolRuns.Result result = run.result().get(30, TimeUnit.SECONDS);
            assertEquals(0, result.exitCode(), result.err());
            List<JsonElement> rules = result.json().getLast().getAsJsonArray("firewall").asList();
            assertEquals(1, rules.size(), rules.toString());
            assertEquals(OUTSIDE + "/32:9", rules.getFirst().getAsJsonObject().get("rule").getAsString());
            assertEquals(toNine, rules.getFirst().getAsJsonObject().get("dropped").getAsLong());
            ToolRuns.awaitXdp(device, 0, 2_000);
            try (var left = java.nio.file.Files.list(bpffs.dir())) {
                assertEquals(List.of(), left.toList(), "the maps pinned for the run are gone with it");
            }
        }
    }

    private static long dropped(int port, String rule) throws Exception {
        return Math.round(MetricsScrape.scrape(port).stream().filter(s -> s.name().equals("tcpinspect_firewall_dropped_total")
                && s.labels().get("rule").equals(rule)).mapToDouble(MetricsScrape.Sample::value).sum());
    }
}
