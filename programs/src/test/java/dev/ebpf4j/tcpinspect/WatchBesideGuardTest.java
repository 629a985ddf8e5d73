package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonObject;
import dev.ebpf4j.testing.RequiresBpf;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tcpinspect watch} and {@code tcpinspect guard} running at the same time on one veth of the
 * test's own — the guard at XDP, watch at tc after it — met by an {@code nmap -6 -sS} scan from two
 * sources at once: watch counts in exactly the SYNs the guard passed (as tcpdump saw them arrive)
 * and out exactly the RSTs the closed ports answered them with, and both detach at their end.
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class WatchBesideGuardTest {
    private static final int BURST = 3;
    private static final List<String> SOURCES = List.of("fd00:199:0:1::11", "fd00:199:0:2::11");

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
    void watchCountsWhatTheGuardPassesOnTheSameInterface() throws Exception {
        ToolRuns.Running guard = fixture.start("guard", "--syn-rate", "1", "--burst", String.valueOf(BURST));
        ToolRuns.Running watch = fixture.start("watch");

        PacketsBySource sent = PacketsBySource.start(fixture.veth.outerNamespace(), fixture.veth.outer(), "out");
        PacketsBySource arrived = PacketsBySource.start(fixture.inner.name(), fixture.veth.inner(), "in");
        PacketsBySource answered = PacketsBySource.start(fixture.inner.name(), fixture.veth.inner(), "out");
        Senders.synScan6(fixture.veth.outerNamespace(), fixture.veth.outer(), SOURCES, Ipv6Peers.INNER, "1-10");
        sent.stop();
        arrived.stop();
        answered.stop();
        long syns = sent.count(PacketsBySource.Packet::isSyn);
        long passed = arrived.count(PacketsBySource.Packet::isSyn);
        long resets = answered.count(p -> p.flags().contains("R"));
        assertEquals(SOURCES.size() * (long) BURST, passed, "each source's burst passed the guard, as tcpdump saw");
        assertEquals(passed, resets, "a closed port answered each SYN that passed with a RST");
        Thread.sleep(1_200); // a reading of each after the scan

        watch.stop().request();
        guard.stop().request();
        ToolRuns.Result watched = watch.result().get(30, TimeUnit.SECONDS);
        ToolRuns.Result guarded = guard.result().get(30, TimeUnit.SECONDS);
        assertEquals(0, watched.exitCode(), watched.err());
        assertEquals(0, guarded.exitCode(), guarded.err());
        JsonObject counts = guarded.json().getLast().getAsJsonArray("guard").get(0).getAsJsonObject();
        assertEquals(List.of(passed, syns - passed), List.of(counts.get("syn_passed").getAsLong(), counts.get("syn_dropped").getAsLong()),
                "the guard's totals: " + counts);
        JsonObject last = watched.json().stream().filter(l -> l.get("type").getAsString().equals("counters")).toList().getLast();
        JsonObject in = last.getAsJsonArray("interfaces").get(0).getAsJsonObject();
        JsonObject out = last.getAsJsonArray("interfaces").get(1).getAsJsonObject();
        assertEquals(List.of("ingress", "egress"), List.of(in.get("direction").getAsString(), out.get("direction").getAsString()));
        assertEquals(passed, in.getAsJsonObject("packets").get("syn").getAsLong(), "watch at tc saw the SYNs the guard passed at XDP, no more");
        assertEquals(resets, out.getAsJsonObject("packets").get("rst").getAsLong(), "and the RSTs they were answered with");
        assertTrue(syns > passed, "the guard dropped some: " + syns + " sent");
        ToolRuns.awaitXdp(fixture.device, 0, 2_000);
        ToolRuns.awaitTc(fixture.device, 0, 2_000);
    }
}
