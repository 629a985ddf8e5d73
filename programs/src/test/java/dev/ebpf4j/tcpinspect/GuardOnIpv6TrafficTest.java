package dev.ebpf4j.tcpinspect;

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
 * {@code tcpinspect guard --syn-rate 1 --burst 4 --allow PREFIX} on a veth of the test's own, met
 * by an {@code nmap -6 -sS} scan sending one SYN a port from five IPv6 sources at once (its own
 * address and four decoys): the guard limits IPv6 sources by their /64, so each /64 gets exactly
 * its burst through, two addresses of one /64 sharing it, and the allowlisted /64 loses nothing.
 * What was sent is counted by tcpdump on the sender's side, what passed on the receiver's side
 * (after XDP), and the tool's JSON totals, over-limit list and /metrics must equal those counts.
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class GuardOnIpv6TrafficTest {
    private static final int BURST = 4;
    /** 12 ports: each source sends three times its burst within a few milliseconds, far less than the second one more token takes. */
    private static final String PORTS = "1-12";
    /** Source address by /64 limited: nmap's own first, then the decoys; the third /64 has two addresses, sharing a bucket. */
    private static final Map<String, List<String>> LIMITED = limited();
    private static final String ALLOWED_PREFIX = "fd00:199:0:4::/64", ALLOWED = "fd00:199:0:4::20";

    private VethPair veth;
    private NetworkNamespace inner;

    private static Map<String, List<String>> limited() {
        Map<String, List<String>> limited = new LinkedHashMap<>();
        limited.put("fd00:199:0:1::/64", List.of("fd00:199:0:1::11"));
        limited.put("fd00:199:0:2::/64", List.of("fd00:199:0:2::11"));
        limited.put("fd00:199:0:3::/64", List.of("fd00:199:0:3::a", "fd00:199:0:3::b"));
        return limited;
    }

    private static List<String> sources() {
        List<String> sources = new java.util.ArrayList<>(LIMITED.values().stream().flatMap(List::stream).toList());
        sources.add(ALLOWED);
        return sources;
    }

    @BeforeEach
    void namespaces() throws Exception {
        veth = VethPair.create();
        inner = new NetworkNamespace(veth.innerNamespace());
        Ipv6Peers.add(veth, sources());
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (veth != null) {
            veth.close();
        }
    }

    @Test
    void eachSlash64GetsExactlyItsBurstAndTheAllowlistedOneEverySyn() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        NetworkDevice device = NetworkDevice.named(veth.inner(), inner);
        try (PrivateBpffs bpffs = PrivateBpffs.mount()) {
            String pins = bpffs.dir().resolve("tcpinspect").toString();
            ToolRuns.Running run = ToolRuns.startInProcess("guard", veth.inner(), "--netns", inner.name(), "--syn-rate", "1", "--burst",
                    String.valueOf(BURST), "--allow", ALLOWED_PREFIX, "--pin-dir", pins, "--json", "--duration", "60",
                    "--prometheus", "127.0.0.1:" + port);
            ToolRuns.awaitFirstLine(run, 20_000);
            ToolRuns.awaitXdp(device, 1, 0);

            PacketsBySource sent = PacketsBySource.start(veth.outerNamespace(), veth.outer(), "out");
            PacketsBySource arrived = PacketsBySource.start(inner.name(), veth.inner(), "in");
            Senders.synScan6(veth.outerNamespace(), veth.outer(), sources(), Ipv6Peers.INNER, PORTS);
            sent.stop();
            arrived.stop();

            long passed = 0, dropped = 0;
            Map<String, Long> droppedBy64 = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> slash64 : LIMITED.entrySet()) {
                long sentHere = slash64.getValue().stream().mapToLong(sent::syns).sum();
                long passedHere = slash64.getValue().stream().mapToLong(arrived::syns).sum();
                assertTrue(sentHere >= 12, slash64.getKey() + ": tcpdump saw nmap send a SYN to each port: " + sentHere);
                assertEquals(BURST, passedHere, slash64.getKey() + " (" + slash64.getValue() + "): its burst passed, as tcpdump saw");
                passed += passedHere;
                dropped += sentHere - passedHere;
                droppedBy64.put(slash64.getKey(), sentHere - passedHere);
            }
            long allowed = sent.syns(ALLOWED);
            assertTrue(allowed >= 12, "the allowlisted source sent a SYN to each port: " + allowed);
            assertEquals(allowed, arrived.syns(ALLOWED), "the allowlisted /64 lost nothing");

            List<MetricsScrape.Sample> samples = MetricsScrape.scrape(port);
            assertEquals(dropped, value(samples, "tcpinspect_syn_guard_dropped_total", Map.of("interface", veth.inner())));
            assertEquals(passed, value(samples, "tcpinspect_syn_guard_passed_total", Map.of("interface", veth.inner(), "reason", "within_limit")));
            assertEquals(allowed, value(samples, "tcpinspect_syn_guard_passed_total", Map.of("interface", veth.inner(), "reason", "allowlisted")));

            Thread.sleep(1_200); // a reading after the scan
            run.stop().request();
            ToolRuns.Result result = run.result().get(30, TimeUnit.SECONDS);
            assertEquals(0, result.exitCode(), result.err());
            JsonObject guard = result.json().getLast().getAsJsonArray("guard").get(0).getAsJsonObject();
            assertEquals(List.of(passed, dropped, allowed), List.of(guard.get("syn_passed").getAsLong(), guard.get("syn_dropped").getAsLong(),
                    guard.get("syn_allowlisted").getAsLong()), guard.toString());
            Map<String, Long> overLimit = new LinkedHashMap<>();
            guard.getAsJsonArray("over_limit").forEach(o -> overLimit.put(o.getAsJsonObject().get("source").getAsString(),
                    o.getAsJsonObject().get("dropped").getAsLong()));
            assertEquals(droppedBy64, overLimit, "one entry per /64 over the limit, with its drops as tcpdump saw them");
            ToolRuns.awaitXdp(device, 0, 2_000);
            try (var left = java.nio.file.Files.list(bpffs.dir())) {
                assertEquals(List.of(), left.toList(), "the maps pinned for the run are gone with it");
            }
        }
    }

    private static long value(List<MetricsScrape.Sample> samples, String name, Map<String, String> labels) {
        return Math.round(samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .mapToDouble(MetricsScrape.Sample::value).sum());
    }
}
