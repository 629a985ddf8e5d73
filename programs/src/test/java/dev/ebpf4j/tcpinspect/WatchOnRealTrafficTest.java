package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.sys.BpfAvailable;
import dev.ebpf4j.testing.CapturedTraffic;
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
 * {@code tcpinspect watch --json --prometheus PORT}, run in this JVM through picocli,
 * on a veth in a namespace of the test's own, while real connections arrive from the peer
 * namespace: the last JSON line's totals, and the scraped and parsed {@code /metrics}, equal what
 * the client made (one SYN per connection) and what tcpdump saw arrive, exactly. After the run
 * nothing is left attached.
 */
@Tag("kernel")
class WatchOnRealTrafficTest {
    private static final int CONNECTIONS = 4;

    private VethPair veth;
    private NetworkNamespace inner;
    private NetworkNamespace outer;

    @BeforeEach
    void namespaces() throws Exception {
        BpfAvailable.assumeBpf();
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
    void jsonTotalsAndScrapedMetricsEqualTheSendersAndTcpdump() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        NetworkDevice device = NetworkDevice.named(veth.inner(), inner);
        ToolRuns.Running run = ToolRuns.startInProcess("watch", veth.inner(), "--netns", inner.name(), "--json",
                "--duration", "60", "--prometheus", "127.0.0.1:" + port);
        ToolRuns.awaitXdp(device, 1, 10_000);

        CapturedTraffic.Capture seen = CapturedTraffic.run(veth, CONNECTIONS, inner.name(), veth.inner(), "in", inner::call, outer::call,
                () -> {
                    List<JsonObject> lines = run.jsonSoFar();
                    return lines.isEmpty() ? 0 : total(lines.getLast());
                });

        List<MetricsScrape.Sample> samples = MetricsScrape.scrape(port);
        double scrapedSyn = value(samples, "syn");
        double scrapedAll = samples.stream().filter(s -> s.name().equals("tcpinspect_tcp_packets_total")).mapToDouble(MetricsScrape.Sample::value).sum();
        assertEquals(CONNECTIONS, scrapedSyn, "/metrics: one SYN per connection");
        seen.assertAccountsFor(Math.round(scrapedAll), "/metrics: every TCP frame tcpdump saw arriving");
        assertTrue(samples.stream().filter(s -> s.name().equals("tcpinspect_tcp_packets_total"))
                .allMatch(s -> s.labels().keySet().equals(java.util.Set.of("interface", "direction", "flags"))
                        && s.labels().get("interface").equals(veth.inner())), "bounded labels only: " + samples);

        // What SIGINT does in bin/tcpinspect: the traffic is over, so the run ends now rather than
        // at a --duration long enough for a slow guest (the end by --duration is tested below).
        run.stop().request();
        ToolRuns.Result result = run.result().get(30, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), result.err());
        List<JsonObject> lines = result.json();
        JsonObject last = lines.getLast();
        assertTrue(last.get("final").getAsBoolean(), "the last line is the run's final one: " + last);
        assertTrue(lines.subList(0, lines.size() - 1).stream().noneMatch(l -> l.get("final").getAsBoolean()));
        assertEquals(1, last.get("schema").getAsInt());
        JsonObject counters = last.getAsJsonArray("interfaces").get(0).getAsJsonObject();
        assertEquals(veth.inner(), counters.get("interface").getAsString());
        assertEquals("ingress", counters.get("direction").getAsString());
        assertEquals(CONNECTIONS, counters.getAsJsonObject("packets").get("syn").getAsLong(), "JSON: one SYN per connection");
        long total = counters.get("packets_total").getAsLong();
        seen.assertAccountsFor(total, "JSON: every TCP frame tcpdump saw arriving");
        long byFlags = counters.getAsJsonObject("packets").entrySet().stream().mapToLong(e -> e.getValue().getAsLong()).sum();
        assertEquals(total, byFlags, "packets_total is the sum over the flag combinations");
        List<JsonElement> ports = counters.getAsJsonArray("ports").asList();
        assertEquals(1, ports.size(), "one destination port: " + ports);
        assertEquals(TcpTraffic.PORT, ports.getFirst().getAsJsonObject().get("port").getAsInt());
        assertEquals(total, ports.getFirst().getAsJsonObject().get("packets").getAsLong());
        assertEquals(Math.round(scrapedAll), total, "the scrape and the last line agree (no traffic after the scrape)");

        ToolRuns.awaitXdp(device, 0, 2_000);
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
        ToolRuns.awaitXdp(device, 1, 10_000);
        ToolRuns.awaitXdp(quiet, 1, 10_000);
        TcpTraffic.exchange(VethPair.INNER_ADDRESS, 2, inner::call, outer::call);

        ToolRuns.Result result = run.result().get(30, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), result.err());
        List<JsonElement> interfaces = result.json().getLast().getAsJsonArray("interfaces").asList();
        assertEquals(List.of(veth.inner(), "veth-x"), interfaces.stream().map(i -> i.getAsJsonObject().get("interface").getAsString()).toList());
        assertEquals(2, interfaces.get(0).getAsJsonObject().getAsJsonObject("packets").get("syn").getAsLong());
        assertEquals(0, interfaces.get(1).getAsJsonObject().get("packets_total").getAsLong(), "nothing crossed veth-x");
        ToolRuns.awaitXdp(device, 0, 2_000);
        ToolRuns.awaitXdp(quiet, 0, 2_000);
    }

    private static long total(JsonObject line) {
        return line.getAsJsonArray("interfaces").get(0).getAsJsonObject().get("packets_total").getAsLong();
    }

    private static double value(List<MetricsScrape.Sample> samples, String flags) {
        return samples.stream().filter(s -> s.name().equals("tcpinspect_tcp_packets_total") && s.labels().get("flags").equals(flags))
                .mapToDouble(MetricsScrape.Sample::value).sum();
    }
}
