package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonElement;
import dev.ebpf4j.testing.RequiresBpf;
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
 * {@code tcpinspect firewall} with IPv6 rules on a veth of the test's own — a blocked /64, an
 * allowed /128 inside it, a /64 blocked to one port only — met by an {@code nmap -6 -sS} scan from
 * a source of each kind and one outside every rule, all at once (nmap's own address and decoys).
 * tcpdump on the sender's side counts what each source sent, on the receiver's side what passed
 * XDP: the blocked source gets nothing through, the allowed one and the outside one everything, the
 * port-limited one everything but its SYNs to that port; each rule's drops in /metrics and in the
 * JSON equal those counts. Then {@code --remove} and {@code --add} of IPv6 rules on the running
 * firewall change what a second scan gets through.
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class FirewallOnIpv6TrafficTest {
    private static final String PORTS = "1-6";
    private static final int BLOCKED_PORT = 3;
    private static final String BLOCK = "fd00:199:0:1::/64", BLOCK_PORT = "fd00:199:0:2::/64:" + BLOCKED_PORT, ALLOW = "fd00:199:0:1::b/128";
    private static final String OUTSIDE = "fd00:199:0:5::11", BLOCKED = "fd00:199:0:1::a", ALLOWED = "fd00:199:0:1::b", PORT_LIMITED = "fd00:199:0:2::11";
    /** nmap's own address first: it is outside every rule, so nmap's own neighbour discovery, if any, is never dropped. */
    private static final List<String> SOURCES = List.of(OUTSIDE, BLOCKED, ALLOWED, PORT_LIMITED);

    private ToolOnVeth fixture;

    @BeforeEach
    void namespaces() throws Exception {
        fixture = ToolOnVeth.create();
        Ipv6Peers.add(fixture.veth, SOURCES);
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void ipv6PrefixAndPrefixPortRulesDropExactlyWhatTheyHold() throws Exception {
        int port = ToolOnVeth.freePort();
        ToolRuns.Running run = fixture.start("firewall", "--block", BLOCK, BLOCK_PORT, "--allow", ALLOW, "--prometheus",
                "127.0.0.1:" + port);

        PacketsBySource sent = PacketsBySource.start(fixture.veth.outerNamespace(), fixture.veth.outer(), "out");
        PacketsBySource arrived = PacketsBySource.start(fixture.inner.name(), fixture.veth.inner(), "in");
        Senders.synScan6(fixture.veth.outerNamespace(), fixture.veth.outer(), SOURCES, Ipv6Peers.INNER, PORTS);
        sent.stop();
        arrived.stop();

        for (String source : SOURCES) {
            assertTrue(sent.syns(source) >= 6, source + ": tcpdump saw nmap send a SYN to each port: " + sent.syns(source));
        }
        // every packet from a source, not only its SYNs: a prefix rule holds for all of them
        long blocked = sent.count(p -> p.source().equals(BLOCKED));
        assertEquals(0, arrived.count(p -> p.source().equals(BLOCKED)), "nothing from the blocked /64 passed");
        assertEquals(sent.count(p -> p.source().equals(ALLOWED)), arrived.count(p -> p.source().equals(ALLOWED)),
                "the allowed /128 inside the blocked /64 lost nothing");
        assertEquals(sent.count(p -> p.source().equals(OUTSIDE)), arrived.count(p -> p.source().equals(OUTSIDE)),
                "the source outside every rule lost nothing");
        long toPort = sent.count(p -> p.source().equals(PORT_LIMITED) && p.destinationPort() == BLOCKED_PORT);
        assertTrue(toPort >= 1, "a SYN to the blocked port");
        assertEquals(sent.count(p -> p.source().equals(PORT_LIMITED)) - toPort, arrived.count(p -> p.source().equals(PORT_LIMITED)),
                "the port-limited /64 lost its packets to port " + BLOCKED_PORT + " only");
        assertEquals(0, arrived.count(p -> p.source().equals(PORT_LIMITED) && p.destinationPort() == BLOCKED_PORT));
        assertEquals(Map.of(BLOCK, blocked, BLOCK_PORT, toPort), dropped(port), "/metrics: each rule's drops");

        // the running firewall's IPv6 rules changed: the /64 unblocked, the outside source blocked to one port
        String added = OUTSIDE + "/128:1";
        ToolRuns.Result change = fixture.change("firewall", "--remove", BLOCK, "--add", added);
        assertEquals(0, change.exitCode(), change.err());
        PacketsBySource sentAgain = PacketsBySource.start(fixture.veth.outerNamespace(), fixture.veth.outer(), "out");
        PacketsBySource arrivedAgain = PacketsBySource.start(fixture.inner.name(), fixture.veth.inner(), "in");
        Senders.synScan6(fixture.veth.outerNamespace(), fixture.veth.outer(), SOURCES, Ipv6Peers.INNER, PORTS);
        sentAgain.stop();
        arrivedAgain.stop();
        assertEquals(sentAgain.count(p -> p.source().equals(BLOCKED)), arrivedAgain.count(p -> p.source().equals(BLOCKED)),
                "the removed rule's /64 passes again");
        long outsideToOne = sentAgain.count(p -> p.source().equals(OUTSIDE) && p.destinationPort() == 1);
        assertTrue(outsideToOne >= 1, "a SYN from the outside source to port 1");
        assertEquals(sentAgain.count(p -> p.source().equals(OUTSIDE)) - outsideToOne, arrivedAgain.count(p -> p.source().equals(OUTSIDE)),
                "the added rule drops the outside source's packets to port 1 only");
        long toPortAgain = sentAgain.count(p -> p.source().equals(PORT_LIMITED) && p.destinationPort() == BLOCKED_PORT);
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put(BLOCK_PORT, toPort + toPortAgain);
        expected.put(added, outsideToOne);
        assertEquals(expected, dropped(port), "/metrics after the change: the removed rule is gone, the added one counts");

        run.stop().request();
        ToolRuns.Result result = run.result().get(30, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), result.err());
        Map<String, Long> json = new LinkedHashMap<>();
        for (JsonElement rule : result.json().getLast().getAsJsonArray("firewall")) {
            json.put(rule.getAsJsonObject().get("rule").getAsString(), rule.getAsJsonObject().get("dropped").getAsLong());
        }
        assertEquals(expected, json, "the last JSON reading: each block rule's drops");
        fixture.assertDetachedAndUnpinned();
    }

    /** tcpinspect_firewall_dropped_total by rule, from /metrics. */
    private static Map<String, Long> dropped(int port) throws Exception {
        Map<String, Long> dropped = new LinkedHashMap<>();
        for (MetricsScrape.Sample s : MetricsScrape.scrape(port)) {
            if (s.name().equals("tcpinspect_firewall_dropped_total")) {
                dropped.merge(s.labels().get("rule"), Math.round(s.value()), Long::sum);
            }
        }
        return dropped;
    }
}
