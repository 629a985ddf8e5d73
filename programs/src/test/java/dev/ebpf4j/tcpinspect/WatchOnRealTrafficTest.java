package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.TcpTraffic;
import dev.ebpf4j.testing.VethPair;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tcpinspect watch --json --prometheus PORT}, run in this JVM through picocli, on a veth in
 * a namespace of the test's own, while real connections arrive from the peer namespace and tcpdump
 * watches both directions of the same interface: the last JSON line's totals and the scraped and
 * parsed {@code /metrics} equal what the client made (one SYN in and one SYN-ACK out per
 * connection) and the frames and bytes tcpdump saw each way, exactly. After the run nothing is left
 * attached.
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class WatchOnRealTrafficTest {
    private static final int CONNECTIONS = 4;
    private static final String INNER_6 = "fd00:199::1", OUTER_6 = "fd00:199::2";

    private VethPair veth;
    private NetworkNamespace inner;
    private NetworkNamespace outer;

    @BeforeEach
    void namespaces() throws Exception {
        veth = VethPair.create();
        inner = new NetworkNamespace(veth.innerNamespace());
        outer = new NetworkNamespace(veth.outerNamespace());
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (veth != null) {
            veth.close();
        }
    }

    @Test
    void jsonTotalsAndScrapedMetricsEqualTheSendersAndTcpdumpBothWays() throws Exception {
        exchangeAndCheck(VethPair.INNER_ADDRESS, "tcp");
    }

    @Test
    void ipv6TooPacketsAndBytesBothWays() throws Exception {
        VethPair.ip("-n", veth.innerNamespace(), "addr", "add", INNER_6 + "/64", "dev", veth.inner(), "nodad");
        VethPair.ip("-n", veth.outerNamespace(), "addr", "add", OUTER_6 + "/64", "dev", veth.outer(), "nodad");
        exchangeAndCheck(INNER_6, "ip6 and tcp");
    }

    private void exchangeAndCheck(String server, String filter) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        NetworkDevice device = NetworkDevice.named(veth.inner(), inner);
        ToolRuns.Running run = ToolRuns.startInProcess("watch", veth.inner(), "--netns", inner.name(), "--json",
                "--duration", "60", "--prometheus", "127.0.0.1:" + port);
        ToolRuns.awaitFirstLine(run, 20_000);

        FrameCapture in = FrameCapture.start(inner.name(), veth.inner(), "in", filter);
        FrameCapture out = FrameCapture.start(inner.name(), veth.inner(), "out", filter);
        assertEquals(CONNECTIONS * 5L, TcpTraffic.exchange(server, CONNECTIONS, inner::call, outer::call), "every connection answered");
        // the counters now, read from the maps by a scrape: tcpdump is done once it printed as many
        in.stopAt(() -> scraped(port, "ingress"));
        out.stopAt(() -> scraped(port, "egress"));

        List<MetricsScrape.Sample> samples = MetricsScrape.scrape(port);
        assertEquals(CONNECTIONS, metric(samples, "tcpinspect_tcp_packets_total", "ingress", "syn"), "/metrics: one SYN in per connection");
        assertEquals(CONNECTIONS, metric(samples, "tcpinspect_tcp_packets_total", "egress", "syn_ack"), "/metrics: one SYN-ACK out per connection");
        in.assertAccountsFor(metric(samples, "tcpinspect_tcp_packets_total", "ingress", null),
                metric(samples, "tcpinspect_tcp_bytes_total", "ingress", null), "/metrics: what tcpdump saw arrive");
        out.assertAccountsFor(metric(samples, "tcpinspect_tcp_packets_total", "egress", null),
                metric(samples, "tcpinspect_tcp_bytes_total", "egress", null), "/metrics: what tcpdump saw leave");
        // the connection events are read from a ring buffer in user space: a scrape counts them once read
        long deadline = System.currentTimeMillis() + 10_000;
        while (labelled(MetricsScrape.scrape(port), "tcpinspect_connections_total", "event", "end") < CONNECTIONS
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        List<MetricsScrape.Sample> later = MetricsScrape.scrape(port);
        for (String event : List.of("attempt", "accepted", "end")) {
            assertEquals(CONNECTIONS, labelled(later, "tcpinspect_connections_total", "event", event), "/metrics: one " + event + " per connection");
        }
        assertEquals(CONNECTIONS, labelled(later, "tcpinspect_flows", "interface", veth.inner()), "/metrics: one flow per connection in the table");
        assertTrue(samples.stream().filter(s -> s.name().startsWith("tcpinspect_tcp_"))
                .allMatch(s -> s.labels().keySet().equals(java.util.Set.of("interface", "direction", "flags"))
                        && s.labels().get("interface").equals(veth.inner())), "bounded labels only: " + samples);

        // What SIGINT does in bin/tcpinspect: the traffic is over, so the run ends now
        run.stop().request();
        ToolRuns.Result result = run.result().get(30, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), result.err());
        List<JsonObject> lines = result.json().stream().filter(l -> l.get("type").getAsString().equals("counters")).toList();
        JsonObject last = lines.getLast();
        assertTrue(last.get("final").getAsBoolean(), "the last line is the run's final one: " + last);
        assertTrue(lines.subList(0, lines.size() - 1).stream().noneMatch(l -> l.get("final").getAsBoolean()));
        assertEquals(1, last.get("schema").getAsInt());
        List<JsonElement> interfaces = last.getAsJsonArray("interfaces").asList();
        assertEquals(List.of("ingress", "egress"), interfaces.stream().map(i -> i.getAsJsonObject().get("direction").getAsString()).toList());
        JsonObject ingress = interfaces.get(0).getAsJsonObject();
        JsonObject egress = interfaces.get(1).getAsJsonObject();
        assertEquals(CONNECTIONS, ingress.getAsJsonObject("packets").get("syn").getAsLong(), "JSON: one SYN per connection");
        assertEquals(CONNECTIONS, egress.getAsJsonObject("packets").get("syn_ack").getAsLong(), "JSON: one SYN-ACK per connection");
        in.assertAccountsFor(ingress.get("packets_total").getAsLong(), ingress.get("bytes_total").getAsLong(), "JSON: what tcpdump saw arrive");
        out.assertAccountsFor(egress.get("packets_total").getAsLong(), egress.get("bytes_total").getAsLong(), "JSON: what tcpdump saw leave");
        assertEquals(metric(samples, "tcpinspect_tcp_bytes_total", "ingress", null), ingress.get("bytes_total").getAsLong(),
                "the scrape and the last line agree (no traffic after the scrape)");
        long byFlags = ingress.getAsJsonObject("bytes").entrySet().stream().mapToLong(e -> e.getValue().getAsLong()).sum();
        assertEquals(ingress.get("bytes_total").getAsLong(), byFlags, "bytes_total is the sum over the flag combinations");
        List<JsonElement> ports = ingress.getAsJsonArray("ports").asList();
        assertEquals(1, ports.size(), "one destination port in: " + ports);
        assertEquals(TcpTraffic.PORT, ports.getFirst().getAsJsonObject().get("port").getAsInt());
        assertEquals(ingress.get("bytes_total").getAsLong(), ports.getFirst().getAsJsonObject().get("bytes").getAsLong());
        assertEquals(CONNECTIONS, egress.getAsJsonArray("ports").size(), "one client port per connection out");

        // every connection is a flow, closed by FIN, its bytes each way adding up to what tcpdump saw
        List<JsonElement> flows = last.getAsJsonArray("flows").asList();
        assertEquals(CONNECTIONS, flows.size(), "one flow per connection: " + flows);
        assertTrue(flows.stream().allMatch(f -> f.getAsJsonObject().get("state").getAsString().equals("closed_fin")
                && f.getAsJsonObject().get("server_port").getAsInt() == TcpTraffic.PORT), flows.toString());
        assertEquals(ingress.get("bytes_total").getAsLong(), flows.stream().mapToLong(f -> f.getAsJsonObject().get("bytes_to_server").getAsLong()).sum());
        assertEquals(egress.get("bytes_total").getAsLong(), flows.stream().mapToLong(f -> f.getAsJsonObject().get("bytes_to_client").getAsLong()).sum());
        List<JsonObject> events = result.json().stream().filter(l -> l.get("type").getAsString().equals("event")).toList();
        for (String kind : List.of("attempt", "accepted", "end")) {
            assertEquals(CONNECTIONS, events.stream().filter(e -> e.get("event").getAsString().equals(kind)).count(), kind + ": " + events);
        }
        ToolRuns.awaitTc(device, 0, 2_000);
        assertTrue(result.err().contains("serving /metrics on port " + port), result.err());
    }

    @Test
    void severalInterfacesAtOnceEachWithItsOwnCountersAllDetachedAtTheEnd() throws Exception {
        // a second interface in the same namespace, which no traffic crosses
        VethPair.ip("-n", inner.name(), "link", "add", "veth-x", "type", "veth", "peer", "name", "veth-y");
        VethPair.ip("-n", inner.name(), "link", "set", "veth-x", "up");
        NetworkDevice quiet = NetworkDevice.named("veth-x", inner);
        NetworkDevice device = NetworkDevice.named(veth.inner(), inner);
        ToolRuns.Running run = ToolRuns.startInProcess("watch", veth.inner(), "veth-x", "--netns", inner.name(), "--json", "--duration", "6");
        ToolRuns.awaitFirstLine(run, 20_000);
        ToolRuns.awaitTc(device, 2, 0);
        ToolRuns.awaitTc(quiet, 2, 0);
        TcpTraffic.exchange(VethPair.INNER_ADDRESS, 2, inner::call, outer::call);

        ToolRuns.Result result = run.result().get(30, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), result.err());
        List<JsonElement> interfaces = result.json().getLast().getAsJsonArray("interfaces").asList();
        assertEquals(List.of(veth.inner() + " ingress", veth.inner() + " egress", "veth-x ingress", "veth-x egress"),
                interfaces.stream().map(i -> i.getAsJsonObject().get("interface").getAsString() + " "
                        + i.getAsJsonObject().get("direction").getAsString()).toList());
        assertEquals(2, interfaces.get(0).getAsJsonObject().getAsJsonObject("packets").get("syn").getAsLong());
        assertEquals(2, interfaces.get(1).getAsJsonObject().getAsJsonObject("packets").get("syn_ack").getAsLong());
        assertEquals(0, interfaces.get(2).getAsJsonObject().get("packets_total").getAsLong(), "nothing crossed veth-x");
        assertEquals(0, interfaces.get(3).getAsJsonObject().get("packets_total").getAsLong(), "nothing crossed veth-x");
        ToolRuns.awaitTc(device, 0, 2_000);
        ToolRuns.awaitTc(quiet, 0, 2_000);
    }

    /** The TCP packets counted in {@code direction}, scraped now. */
    private static long scraped(int port, String direction) {
        try {
            return metric(MetricsScrape.scrape(port), "tcpinspect_tcp_packets_total", direction, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sum of {@code name}'s samples in {@code direction} (and with {@code flags}, unless null). */
    /** The sum of {@code name}'s samples whose {@code label} is {@code value}. */
    private static long labelled(List<MetricsScrape.Sample> samples, String name, String label, String value) {
        return Math.round(samples.stream().filter(s -> s.name().equals(name) && value.equals(s.labels().get(label)))
                .mapToDouble(MetricsScrape.Sample::value).sum());
    }

    private static long metric(List<MetricsScrape.Sample> samples, String name, String direction, String flags) {
        return Math.round(samples.stream().filter(s -> s.name().equals(name) && s.labels().get("direction").equals(direction)
                && (flags == null || s.labels().get("flags").equals(flags))).mapToDouble(MetricsScrape.Sample::value).sum());
    }
}
