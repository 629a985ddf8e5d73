package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonObject;
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
 * {@code tcpinspect guard --ipv6-prefix 128 --syn-rate 1 --burst 4} on a veth of the test's own,
 * met by an {@code nmap -6 -sS} scan from two addresses of one /64 (which the default /64 would put
 * in one bucket, as {@code GuardOnIpv6TrafficTest} shows): each address gets exactly its own burst
 * through, as tcpdump sees on the receiving side; the guard's JSON lists each as an over-limit
 * {@code /128} with the drops tcpdump counted, says the prefix in use, and {@code watch} beside it
 * reads the same prefix and counts from the guard's pinned maps.
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class GuardIpv6PrefixOnTrafficTest {
    private static final int BURST = 4;
    private static final String PORTS = "1-12";
    private static final List<String> SOURCES = List.of("fd00:199:0:3::a", "fd00:199:0:3::b");

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
    void withSlash128TwoAddressesOfOneSlash64EachGetTheirOwnBurst() throws Exception {
        ToolRuns.Running guard = fixture.start("guard", "--syn-rate", "1", "--burst", String.valueOf(BURST), "--ipv6-prefix", "128");
        ToolRuns.Running watch = fixture.start("watch");

        PacketsBySource sent = PacketsBySource.start(fixture.veth.outerNamespace(), fixture.veth.outer(), "out");
        PacketsBySource arrived = PacketsBySource.start(fixture.inner.name(), fixture.veth.inner(), "in");
        Senders.synScan6(fixture.veth.outerNamespace(), fixture.veth.outer(), SOURCES, Ipv6Peers.INNER, PORTS);
        sent.stop();
        arrived.stop();
        Map<String, Long> droppedBy128 = new LinkedHashMap<>();
        long passed = 0, dropped = 0;
        for (String source : SOURCES) {
            long sentHere = sent.syns(source);
            assertTrue(sentHere >= 12, source + ": tcpdump saw nmap send a SYN to each port: " + sentHere);
            assertEquals(BURST, arrived.syns(source), source + ": its own burst passed, as tcpdump saw");
            passed += BURST;
            dropped += sentHere - BURST;
            droppedBy128.put(source + "/128", sentHere - BURST);
        }
        Thread.sleep(1_300); // a reading of each after the scan

        watch.stop().request(); // watch's last reading first, while the guard still runs
        ToolRuns.Result watched = watch.result().get(30, TimeUnit.SECONDS);
        guard.stop().request();
        ToolRuns.Result guarded = guard.result().get(30, TimeUnit.SECONDS);
        assertEquals(0, watched.exitCode(), watched.err());
        assertEquals(0, guarded.exitCode(), guarded.err());
        JsonObject own = guarded.json().getLast().getAsJsonArray("guard").get(0).getAsJsonObject();
        assertEquals(List.of(passed, dropped, 128L), List.of(own.get("syn_passed").getAsLong(), own.get("syn_dropped").getAsLong(),
                own.get("ipv6_source_prefix").getAsLong()), own.toString());
        Map<String, Long> overLimit = new LinkedHashMap<>();
        own.getAsJsonArray("over_limit").forEach(o -> overLimit.put(o.getAsJsonObject().get("source").getAsString(),
                o.getAsJsonObject().get("dropped").getAsLong()));
        assertEquals(droppedBy128, overLimit, "one entry per address, as a /128, with its drops as tcpdump saw them");
        JsonObject beside = watched.json().stream().filter(l -> l.get("type").getAsString().equals("counters")).toList().getLast()
                .getAsJsonArray("guard").get(0).getAsJsonObject();
        assertEquals(own, beside, "watch reads the prefix and the counts from the guard's pinned maps");
        ToolRuns.awaitXdp(fixture.device, 0, 2_000);
        ToolRuns.awaitTc(fixture.device, 0, 2_000);
    }
}
