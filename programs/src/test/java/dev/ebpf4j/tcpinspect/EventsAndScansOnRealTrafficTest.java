package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonObject;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.TcpTraffic;
import dev.ebpf4j.testing.VethPair;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tcpinspect events} and {@code watch} against real clients on a veth of the test's own,
 * over IPv4 and IPv6: every connection's attempt, acceptance and end in the JSON events, and in
 * tcplife-like lines; and an {@code nmap -sS} scan of a few ports of the peer counted as tcpdump saw
 * it, SYNs in, SYN-ACKs (the open port) and RSTs (the closed ones) out.
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class EventsAndScansOnRealTrafficTest {
    private static final int CONNECTIONS = 3;
    private static final String INNER_6 = "fd00:199::1", OUTER_6 = "fd00:199::2";
    private static final int OPEN = 8080;
    /** The ports scanned: 1-10 are closed, 8080 is open. (tcpdump's tcp[] does not reach into IPv6: ip6[53] is the flags byte of a TCP header right after the IPv6 one, ip6[6] == 6.) */
    private static final String SCANNED = "1-10," + OPEN;

    private VethPair veth;
    private NetworkNamespace inner;
    private NetworkNamespace outer;

    @BeforeEach
    void namespaces() throws Exception {
        veth = VethPair.create();
        inner = new NetworkNamespace(veth.innerNamespace());
        outer = new NetworkNamespace(veth.outerNamespace());
        VethPair.ip("-n", veth.innerNamespace(), "addr", "add", INNER_6 + "/64", "dev", veth.inner(), "nodad");
        VethPair.ip("-n", veth.outerNamespace(), "addr", "add", OUTER_6 + "/64", "dev", veth.outer(), "nodad");
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (veth != null) {
            veth.close();
        }
    }

    private String server(String family) {
        return family.equals("ipv6") ? INNER_6 : VethPair.INNER_ADDRESS;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipv4", "ipv6"})
    void eventsJsonHasEveryConnectionsOpenAndEnd(String family) throws Exception {
        NetworkDevice device = NetworkDevice.named(veth.inner(), inner);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ToolRuns.Running run = ToolRuns.startInProcess("events", veth.inner(), "--netns", inner.name(), "--json", "--duration", "60",
                "--prometheus", "127.0.0.1:" + port);
        ToolRuns.awaitTc(device, 2, 20_000);
        Thread.sleep(200); // both directions attached: the second attachment is the last step before the run loop
        assertEquals(CONNECTIONS * 5L, TcpTraffic.exchange(server(family), CONNECTIONS, inner::call, outer::call));
        long deadline = System.currentTimeMillis() + 15_000;
        while (ends(run.jsonSoFar()) < CONNECTIONS && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        // events serves /metrics too: its connection counts, as the events it printed
        List<MetricsScrape.Sample> samples = MetricsScrape.scrape(port);
        for (String kind : List.of("attempt", "accepted", "end")) {
            assertEquals(CONNECTIONS, Math.round(samples.stream().filter(s -> s.name().equals("tcpinspect_connections_total")
                    && kind.equals(s.labels().get("event")) && veth.inner().equals(s.labels().get("interface")))
                    .mapToDouble(MetricsScrape.Sample::value).sum()), "/metrics: one " + kind + " per connection");
        }
        run.stop().request();
        ToolRuns.Result result = run.result().get(30, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), result.err());
        List<JsonObject> events = result.json();
        assertTrue(events.stream().allMatch(e -> e.get("type").getAsString().equals("event")), "events only: " + events);
        // the client's SYN opens it (its port identifies the connection), the server's SYN-ACK accepts it, a FIN ends it
        Set<Integer> clients = events.stream().filter(e -> e.get("event").getAsString().equals("attempt"))
                .map(e -> e.get("source_port").getAsInt()).collect(Collectors.toSet());
        assertEquals(CONNECTIONS, clients.size(), events.toString());
        assertTrue(events.stream().filter(e -> e.get("event").getAsString().equals("attempt"))
                .allMatch(e -> e.get("destination").getAsString().equals(server(family)) && e.get("destination_port").getAsInt() == TcpTraffic.PORT),
                events.toString());
        assertEquals(clients, events.stream().filter(e -> e.get("event").getAsString().equals("accepted"))
                .map(e -> e.get("destination_port").getAsInt()).collect(Collectors.toSet()), "each accepted: " + events);
        List<JsonObject> ends = events.stream().filter(e -> e.get("event").getAsString().equals("end")).toList();
        assertEquals(clients, ends.stream().map(e -> e.get("source").getAsString().equals(server(family))
                ? e.get("destination_port").getAsInt() : e.get("source_port").getAsInt()).collect(Collectors.toSet()), "each ended: " + ends);
        assertTrue(ends.stream().allMatch(e -> e.get("end").getAsString().equals("fin") && e.get("bytes_from_source").getAsLong() > 0
                && e.get("bytes_to_source").getAsLong() > 0 && e.get("duration_ms").getAsLong() >= 0), ends.toString());
        ToolRuns.awaitTc(device, 0, 2_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipv4", "ipv6"})
    @Tag("slow")
    void eventsLinesAreOnePerEventLikeTcplife(String family) throws Exception {
        NetworkDevice device = NetworkDevice.named(veth.inner(), inner);
        ToolRuns.Running run = ToolRuns.startInProcess("events", veth.inner(), "--netns", inner.name(), "--duration", "60");
        ToolRuns.awaitTc(device, 2, 20_000);
        Thread.sleep(200);
        TcpTraffic.exchange(server(family), CONNECTIONS, inner::call, outer::call);
        long deadline = System.currentTimeMillis() + 15_000;
        while (run.out().toString().lines().filter(l -> l.contains(" end ")).count() < CONNECTIONS && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        run.stop().request();
        ToolRuns.Result result = run.result().get(30, TimeUnit.SECONDS);
        List<String> lines = result.out().lines().toList();
        assertTrue(lines.getFirst().matches("TIME\\s+INTERFACE\\s+EVENT\\s+SOURCE\\s+DESTINATION\\s+TX_BYTES\\s+RX_BYTES\\s+MS\\s+END"), lines.getFirst());
        String endpoint = family.equals("ipv6") ? "[" + INNER_6 + "]:" + TcpTraffic.PORT : VethPair.INNER_ADDRESS + ":" + TcpTraffic.PORT;
        assertEquals(CONNECTIONS, lines.stream().filter(l -> l.contains(" attempt ") && l.contains(endpoint)).count(), result.out());
        assertEquals(CONNECTIONS, lines.stream().filter(l -> l.contains(" accepted ") && l.contains(endpoint)).count(), result.out());
        assertEquals(CONNECTIONS, lines.stream().filter(l -> l.contains(" end ") && l.contains(endpoint) && l.endsWith(" fin")).count(),
                result.out());
        assertEquals(1 + 3 * CONNECTIONS, lines.size(), result.out());
    }

    /** Slow: nmap's start and its host's resolution cost seconds under emulation, whatever the few ports. */
    @ParameterizedTest
    @ValueSource(strings = {"ipv4", "ipv6"})
    @Tag("slow")
    void anNmapSynScanIsCountedAsTcpdumpSawIt(String family) throws Exception {
        NetworkDevice device = NetworkDevice.named(veth.inner(), inner);
        InetAddress address = InetAddress.getByName(server(family));
        try (ServerSocket open = inner.call(() -> new ServerSocket(OPEN, 5, address))) {
            assertTrue(open.isBound());
            ToolRuns.Running run = ToolRuns.startInProcess("watch", veth.inner(), "--netns", inner.name(), "--json", "--duration", "60");
            ToolRuns.awaitFirstLine(run, 20_000);
            FrameCapture syns = FrameCapture.start(inner.name(), veth.inner(), "in", "tcp[tcpflags] == tcp-syn or (ip6 and ip6[6] == 6 and ip6[53] == 0x02)");
            FrameCapture synAcks = FrameCapture.start(inner.name(), veth.inner(), "out",
                    "tcp[tcpflags] == (tcp-syn|tcp-ack) or (ip6 and ip6[6] == 6 and ip6[53] == 0x12)");
            FrameCapture resets = FrameCapture.start(inner.name(), veth.inner(), "out",
                    "(ip and tcp[tcpflags] & tcp-rst != 0) or (ip6 and ip6[6] == 6 and ip6[53] & 0x04 != 0)");
            String report = Senders.synScan(veth.outerNamespace(), server(family), SCANNED, family.equals("ipv6"));
            assertTrue(report.contains(OPEN + "/tcp open"), report);
            syns.stopAt(() -> Long.MAX_VALUE);
            synAcks.stopAt(() -> Long.MAX_VALUE);
            resets.stopAt(() -> Long.MAX_VALUE);
            Thread.sleep(1_500); // a reading after the scan
            run.stop().request();
            ToolRuns.Result result = run.result().get(30, TimeUnit.SECONDS);
            assertEquals(0, result.exitCode(), result.err());
            JsonObject last = result.json().stream().filter(l -> l.get("type").getAsString().equals("counters")).toList().getLast();
            JsonObject in = last.getAsJsonArray("interfaces").get(0).getAsJsonObject().getAsJsonObject("packets");
            JsonObject out = last.getAsJsonArray("interfaces").get(1).getAsJsonObject().getAsJsonObject("packets");
            assertTrue(syns.frames() >= 11 && resets.frames() >= 10 && synAcks.frames() >= 1,
                    "a SYN to each of 11 ports, a RST from each of 10 closed ones, a SYN-ACK from the open one: " + syns.frames() + " "
                            + resets.frames() + " " + synAcks.frames());
            syns.assertAccountsFor(in.get("syn").getAsLong(), "SYNs in, as tcpdump saw them");
            synAcks.assertAccountsFor(out.get("syn_ack").getAsLong(), "SYN-ACKs out, as tcpdump saw them");
            resets.assertAccountsFor(out.get("rst").getAsLong(), "RSTs out, as tcpdump saw them");
        }
        ToolRuns.awaitTc(device, 0, 2_000);
    }

    private static long ends(List<JsonObject> lines) {
        return lines.stream().filter(l -> l.get("event").getAsString().equals("end")).count();
    }
}
