package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.TcpTraffic;
import dev.ebpf4j.testing.TcpdumpCapture;
import dev.ebpf4j.testing.VethPair;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tcpinspect firewall --block 0.0.0.0/0:PORT}, run in this JVM, on a veth in a namespace of
 * the test's own: connections to the blocked port from the peer namespace get no answer, those to
 * another port are answered; the drops in the JSON lines and in {@code /metrics} equal the SYNs to
 * the blocked port that tcpdump saw leave the peer, exactly.
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class FirewallOnRealTrafficTest {
    private static final int BLOCKED = 2323;
    private static final int ATTEMPTS = 3;

    private VethPair veth;
    private NetworkNamespace inner;
    private NetworkNamespace outer;
    /** The SYNs to the blocked port that leave the peer, stopped here even when the test fails. */
    private TcpdumpCapture syns;

    @BeforeEach
    void namespaces() throws Exception {
        veth = VethPair.create();
        inner = new NetworkNamespace(veth.innerNamespace());
        outer = new NetworkNamespace(veth.outerNamespace());
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (syns != null) {
            syns.close();
        }
        if (veth != null) {
            veth.close();
        }
    }

    @Test
    void dropsExactlyTheBlockedPortsSynsAndCountsThemPerRule() throws Exception {
        int metricsPort;
        try (ServerSocket free = new ServerSocket(0)) {
            metricsPort = free.getLocalPort();
        }
        NetworkDevice device = NetworkDevice.named(veth.inner(), inner);
        String rule = "0.0.0.0/0:" + BLOCKED;
        ToolRuns.Running run = ToolRuns.startInProcess("firewall", veth.inner(), "--netns", inner.name(), "--block", rule,
                "--json", "--duration", "60", "--prometheus", "127.0.0.1:" + metricsPort);
        ToolRuns.awaitXdp(device, 1, 10_000);

        syns = TcpdumpCapture.start(outer.name(), veth.outer(), "out", l -> l.contains(" IP "), "tcp dst port " + BLOCKED);
        InetAddress address = InetAddress.getByName(VethPair.INNER_ADDRESS);
        // A listener on the blocked port: without the firewall the connections would be answered.
        try (ServerSocket listening = inner.call(() -> new ServerSocket(BLOCKED, 5, address))) {
            assertTrue(listening.isBound());
            for (int i = 0; i < ATTEMPTS; i++) {
                String outcome = outer.call(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(address, BLOCKED), 300);
                        return "answered";
                    } catch (SocketTimeoutException e) {
                        return "no answer";
                    }
                });
                assertEquals("no answer", outcome, "the blocked port does not answer");
            }
        }
        assertEquals(2L * 5, TcpTraffic.exchange(VethPair.INNER_ADDRESS, 2, inner::call, outer::call),
                "another port is answered");
        syns.stopAt(() -> ATTEMPTS);
        assertTrue(syns.count() >= ATTEMPTS, "tcpdump saw the SYNs: " + syns.count());

        double scraped = MetricsScrape.scrape(metricsPort).stream()
                .filter(s -> s.name().equals("tcpinspect_firewall_dropped_total")
                        && s.labels().equals(java.util.Map.of("interface", veth.inner(), "rule", rule)))
                .mapToDouble(MetricsScrape.Sample::value).sum();
        assertEquals(syns.count(), Math.round(scraped), "/metrics: the drops are the SYNs tcpdump saw");

        run.stop().request(); // as SIGINT does: the traffic is over
        ToolRuns.Result result = run.result().get(30, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), result.err());
        JsonObject last = result.json().getLast();
        JsonArray firewall = last.getAsJsonArray("firewall");
        assertEquals(1, firewall.size(), last.toString());
        JsonObject drops = firewall.get(0).getAsJsonObject();
        assertEquals(List.of(veth.inner(), rule), List.of(drops.get("interface").getAsString(), drops.get("rule").getAsString()));
        assertEquals(syns.count(), drops.get("dropped").getAsLong(), "JSON: the drops are the SYNs tcpdump saw");
        ToolRuns.awaitXdp(device, 0, 2_000);
    }

}
