package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.inspect.ConnectionEvents.ConnectionEvent;
import dev.ebpf4j.inspect.FlowTracker.Flow;
import dev.ebpf4j.inspect.FlowTracker.FlowKey;
import dev.ebpf4j.links.Direction;
import dev.ebpf4j.links.NetworkAttachments;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.testing.CapturedTraffic;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.TcpTraffic;
import dev.ebpf4j.testing.VethPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The suite's tc programs attached through their skeletons at ingress and egress of a veth in a
 * namespace of the test's own, while real TCP connections come from the peer namespace and tcpdump
 * watches the same interface: the counters equal the frames tcpdump saw arrive, and every
 * connection is one flow and three events.
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class TcSuiteAttachTest {
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
        if (veth != null) veth.close();
    }

    private CapturedTraffic.Capture connect(LongSupplier counted) throws Exception {
        return CapturedTraffic.run(veth, CONNECTIONS, inner.name(), veth.inner(), "in", inner::call, outer::call, counted);
    }

    private void assertDetached() throws Exception {
        assertEquals(List.of(), NetworkAttachments.on(NetworkDevice.named(veth.inner(), inner)), "closing the skeleton detached its programs");
    }

    @Test
    void trafficCountersCountEveryTcpFrameTcpdumpSawArrive() throws Exception {
        try (TrafficCountersSkeleton counters = TrafficCountersSkeleton.load()) {
            inner.call(() -> counters.ingress().attachTc(veth.inner(), Direction.INGRESS));
            inner.call(() -> counters.egress().attachTc(veth.inner(), Direction.EGRESS));
            LongSupplier in = () -> counters.totals().sum(TrafficCounters.IN * TrafficCounters.TOTALS + TrafficCounters.TCP_PACKETS);
            CapturedTraffic.Capture seen = connect(in);
            seen.assertAccountsFor(in.getAsLong(), "TCP frames in");
            assertEquals(CONNECTIONS, counters.flagPackets().sum(TrafficCounters.IN * Segments.COMBINATIONS + Segments.SYN), "one SYN in per connection");
            assertEquals(CONNECTIONS, counters.flagPackets().sum(TrafficCounters.OUT * Segments.COMBINATIONS + Segments.SYN_ACK), "one SYN-ACK out per connection");
            assertEquals(in.getAsLong(), counters.portPackets().sum(TrafficCounters.IN << 16 | TcpTraffic.PORT), "all to the server's port");
        }
        assertDetached();
    }

    /** Odd segments from hping3 (SYN+FIN, NULL, XMAS) are counted by the combination their flags make, as many as were sent. */
    @Test
    void trafficCountersCountOddSegmentsByTheirCombination() throws Exception {
        int each = 10;
        try (TrafficCountersSkeleton counters = TrafficCountersSkeleton.load()) {
            inner.call(() -> counters.ingress().attachTc(veth.inner(), Direction.INGRESS));
            long synFin, nothing, xmas, seen;
            try (PacketCount arrived = PacketCount.start(veth.innerNamespace(), veth.inner(), "in", "tcp")) {
                synFin = Hping.send(veth.outerNamespace(), VethPair.OUTER_ADDRESS, VethPair.INNER_ADDRESS, 9, each, "-S", "-F");
                nothing = Hping.send(veth.outerNamespace(), VethPair.OUTER_ADDRESS, VethPair.INNER_ADDRESS, 9, each);
                xmas = Hping.send(veth.outerNamespace(), VethPair.OUTER_ADDRESS, VethPair.INNER_ADDRESS, 9, each, "-F", "-P", "-U");
                seen = arrived.stopAt(synFin + nothing + xmas);
            }
            assertEquals(List.of((long) each, (long) each, (long) each), List.of(synFin, nothing, xmas), "hping3 sent them all");
            int in = TrafficCounters.IN * Segments.COMBINATIONS;
            assertEquals(synFin + xmas, counters.flagPackets().sum(in + Segments.FIN), "SYN+FIN and XMAS count as FIN (FIN wins over SYN)");
            assertEquals(nothing, counters.flagPackets().sum(in + Segments.OTHER), "NULL counts as OTHER");
            assertEquals(seen, counters.totals().sum(TrafficCounters.IN * TrafficCounters.TOTALS + TrafficCounters.TCP_PACKETS),
                    "every TCP frame tcpdump saw arrive");
            assertEquals(seen, counters.portPackets().sum(TrafficCounters.IN << 16 | 9), "all to port 9");
        }
        assertDetached();
    }

    @Test
    void theFlowTrackerHasEveryConnectionOnceClosedByFin() throws Exception {
        try (FlowTrackerSkeleton tracker = FlowTrackerSkeleton.load()) {
            inner.call(() -> tracker.ingress().attachTc(veth.inner(), Direction.INGRESS));
            inner.call(() -> tracker.egress().attachTc(veth.inner(), Direction.EGRESS));
            // the server (10.199.0.1) is the smaller address: endpoint A; the client's segments go B to A
            LongSupplier in = () -> tracker.flows().entries().values().stream().mapToLong(Flow::packetsBToA).sum();
            CapturedTraffic.Capture seen = connect(in);
            Map<FlowKey, Flow> flows = tracker.flows().entries();
            assertEquals(CONNECTIONS, flows.size(), () -> "one flow per connection: " + flows);
            for (Map.Entry<FlowKey, Flow> entry : flows.entrySet()) {
                assertEquals(Segments.mapped(0x0ac70001), entry.getKey().aLow());
                assertEquals(TcpTraffic.PORT, entry.getKey().aPort());
                assertEquals(Segments.mapped(0x0ac70002), entry.getKey().bLow());
                assertEquals(Flows.CLOSED_FIN, entry.getValue().state(), () -> "closed by FIN: " + entry);
            }
            seen.assertAccountsFor(in.getAsLong(), "the client's frames over all flows");
        }
        assertDetached();
    }

    /**
     * The same over IPv6: both ends get an address of their own (no duplicate detection, so they
     * are usable at once), and tcpdump counts the client's frames as they arrive.
     */
    @Test
    void theFlowTrackerHasEveryIpv6ConnectionOnceClosedByFin() throws Exception {
        VethPair.ip("-n", veth.innerNamespace(), "addr", "add", INNER_6 + "/64", "dev", veth.inner(), "nodad");
        VethPair.ip("-n", veth.outerNamespace(), "addr", "add", OUTER_6 + "/64", "dev", veth.outer(), "nodad");
        try (FlowTrackerSkeleton tracker = FlowTrackerSkeleton.load()) {
            inner.call(() -> tracker.ingress().attachTc(veth.inner(), Direction.INGRESS));
            inner.call(() -> tracker.egress().attachTc(veth.inner(), Direction.EGRESS));
            long seen;
            try (PacketCount arrived = PacketCount.start(veth.innerNamespace(), veth.inner(), "in", "tcp")) {
                long answered = TcpTraffic.exchange(INNER_6, CONNECTIONS, inner::call, outer::call);
                assertEquals(CONNECTIONS * 5L, answered, "every connection answered");
                seen = arrived.stopAt(tracker.flows().entries().values().stream().mapToLong(Flow::packetsBToA).sum());
            }
            Map<FlowKey, Flow> flows = tracker.flows().entries();
            assertEquals(CONNECTIONS, flows.size(), () -> "one flow per connection: " + flows);
            for (Map.Entry<FlowKey, Flow> entry : flows.entrySet()) {
                assertEquals(0xfd00019900000000L, entry.getKey().aHigh());
                assertEquals(1, entry.getKey().aLow(), "the server, fd00:199::1, is endpoint A");
                assertEquals(2, entry.getKey().bLow());
                assertEquals(Flows.CLOSED_FIN, entry.getValue().state(), () -> "closed by FIN: " + entry);
            }
            assertEquals(seen, flows.values().stream().mapToLong(Flow::packetsBToA).sum(), "the client's frames tcpdump saw arrive");
        }
        assertDetached();
    }

    @Test
    void connectionEventsSayEachConnectionsAttemptAcceptanceAndEnd() throws Exception {
        try (ConnectionEventsSkeleton events = ConnectionEventsSkeleton.load()) {
            inner.call(() -> events.ingress().attachTc(veth.inner(), Direction.INGRESS));
            inner.call(() -> events.egress().attachTc(veth.inner(), Direction.EGRESS));
            LongSupplier in = () -> events.flows().entries().values().stream().mapToLong(Flow::packetsBToA).sum();
            connect(in);
            List<ConnectionEvent> seen = new ArrayList<>();
            events.events().consume(seen::add);
            for (int kind : new int[] {ConnectionEvents.ATTEMPT, ConnectionEvents.ACCEPTED, ConnectionEvents.END}) {
                assertEquals(CONNECTIONS, seen.stream().filter(e -> e.kind() == kind).count(), () -> "kind " + kind + " in " + seen);
            }
            for (ConnectionEvent end : seen.stream().filter(e -> e.kind() == ConnectionEvents.END).toList()) {
                assertEquals(Flows.CLOSED_FIN, end.state());
                assertEquals(true, end.durationNanos() > 0, () -> "a duration: " + end);
                assertEquals(true, end.bytesFromSource() > 0 && end.bytesToSource() > 0, () -> "bytes each way: " + end);
            }
            assertEquals(0, events.lost().sum(0));
        }
        assertDetached();
    }
}
