package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.inspect.ConnectionEvents.ConnectionEvent;
import dev.ebpf4j.inspect.FlowTracker.Flow;
import dev.ebpf4j.inspect.FlowTracker.FlowKey;
import dev.ebpf4j.links.Direction;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.VethPair;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * HTTP from curl, many requests and several at once, over IPv4 and IPv6, to the JDK's HTTP server
 * in a namespace of the test's own, with the flow programs attached at ingress and egress of the
 * server's veth: every connection the server served is exactly one flow, closed by FIN, and exactly
 * one attempt, one acceptance and one end among the events; the flows' client segments equal what
 * tcpdump saw arrive.
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class HttpTrafficAttachTest {
    private static final int REQUESTS = 12, PARALLEL = 4;
    private static final String INNER_6 = "fd00:199::1", OUTER_6 = "fd00:199::2";

    private VethPair veth;
    private NetworkNamespace inner;

    @BeforeEach
    void namespaces() throws Exception {
        veth = VethPair.create();
        inner = new NetworkNamespace(veth.innerNamespace());
        VethPair.ip("-n", veth.innerNamespace(), "addr", "add", INNER_6 + "/64", "dev", veth.inner(), "nodad");
        VethPair.ip("-n", veth.outerNamespace(), "addr", "add", OUTER_6 + "/64", "dev", veth.outer(), "nodad");
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (veth != null) veth.close();
    }

    /**
     * Runs the requests of both families against a server in the inner namespace while tcpdump
     * counts the TCP frames arriving on its veth; returns the client endpoints the server served,
     * as "4:port" or "6:port", and the frames tcpdump saw.
     */
    private Served serve(LongSupplier counted) throws Exception {
        try (HttpServerInNamespace server = HttpServerInNamespace.start(inner)) {
            long seen;
            try (PacketCount arrived = PacketCount.start(veth.innerNamespace(), veth.inner(), "in", "tcp port " + HttpServerInNamespace.PORT)) {
                long answered4 = Curl.get(veth.outerNamespace(), "http://" + VethPair.INNER_ADDRESS + ":" + HttpServerInNamespace.PORT + "/",
                        REQUESTS, PARALLEL);
                long answered6 = Curl.get(veth.outerNamespace(), "http://[" + INNER_6 + "]:" + HttpServerInNamespace.PORT + "/",
                        REQUESTS, PARALLEL);
                assertEquals(List.of((long) REQUESTS, (long) REQUESTS), List.of(answered4, answered6), "curl got every response");
                seen = arrived.stopAt(counted.getAsLong());
            }
            Set<String> clients = new TreeSet<>();
            for (InetSocketAddress client : server.clients()) {
                clients.add((client.getAddress() instanceof Inet4Address ? "4:" : "6:") + client.getPort());
            }
            assertEquals(2 * REQUESTS, clients.size(), () -> "a connection of its own for every request: " + clients);
            return new Served(clients, seen);
        }
    }

    private record Served(Set<String> clients, long framesIn) {
    }

    private static String client(long high, int port) {
        return (high == 0 ? "4:" : "6:") + port;
    }

    @Test
    void theFlowTrackerHasEveryHttpConnectionOnceClosedByFin() throws Exception {
        try (FlowTrackerSkeleton tracker = FlowTrackerSkeleton.load()) {
            inner.call(() -> tracker.ingress().attachTc(veth.inner(), Direction.INGRESS));
            inner.call(() -> tracker.egress().attachTc(veth.inner(), Direction.EGRESS));
            // the server (10.199.0.1, fd00:199::1) is the smaller endpoint, A; the client's segments go B to A
            LongSupplier in = () -> tracker.flows().entries().values().stream().mapToLong(Flow::packetsBToA).sum();
            Served served = serve(in);
            Map<FlowKey, Flow> flows = tracker.flows().entries();
            Set<String> tracked = flows.keySet().stream().map(key -> client(key.bHigh(), key.bPort())).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(served.clients(), tracked, "one flow for each connection the server served, and no other");
            assertEquals(2 * REQUESTS, flows.size());
            for (Map.Entry<FlowKey, Flow> entry : flows.entrySet()) {
                assertEquals(HttpServerInNamespace.PORT, entry.getKey().aPort(), () -> "the server is endpoint A: " + entry);
                assertEquals(Flows.CLOSED_FIN, entry.getValue().state(), () -> "closed by FIN: " + entry);
                assertEquals(true, entry.getValue().bytesAToB() > 0 && entry.getValue().bytesBToA() > 0, () -> "bytes each way: " + entry);
            }
            assertEquals(served.framesIn(), in.getAsLong(), "the client's frames over all flows, as tcpdump saw them arrive");
        }
    }

    @Test
    void connectionEventsSayEveryHttpConnectionsAttemptAcceptanceAndEnd() throws Exception {
        try (ConnectionEventsSkeleton events = ConnectionEventsSkeleton.load()) {
            inner.call(() -> events.ingress().attachTc(veth.inner(), Direction.INGRESS));
            inner.call(() -> events.egress().attachTc(veth.inner(), Direction.EGRESS));
            LongSupplier in = () -> events.flows().entries().values().stream().mapToLong(Flow::packetsBToA).sum();
            Served served = serve(in);
            List<ConnectionEvent> seen = new ArrayList<>();
            events.events().consume(seen::add);
            for (int kind : new int[] {ConnectionEvents.ATTEMPT, ConnectionEvents.ACCEPTED, ConnectionEvents.END}) {
                List<ConnectionEvent> ofKind = seen.stream().filter(e -> e.kind() == kind).toList();
                Set<String> clients = ofKind.stream()
                        .map(e -> e.sourcePort() == HttpServerInNamespace.PORT ? client(e.destinationHigh(), e.destinationPort())
                                : client(e.sourceHigh(), e.sourcePort()))
                        .collect(Collectors.toCollection(TreeSet::new));
                assertEquals(2 * REQUESTS, ofKind.size(), () -> "one event of kind " + kind + " per connection: " + ofKind);
                assertEquals(served.clients(), clients, "kind " + kind + ": the connections the server served");
            }
            for (ConnectionEvent end : seen.stream().filter(e -> e.kind() == ConnectionEvents.END).toList()) {
                assertEquals(Flows.CLOSED_FIN, end.state(), () -> "closed by FIN: " + end);
                assertEquals(true, end.bytesFromSource() > 0 && end.bytesToSource() > 0, () -> "bytes each way: " + end);
            }
            assertEquals(0, events.lost().sum(0), "no event refused");
            assertEquals(served.framesIn(), in.getAsLong(), "the client's frames over all flows, as tcpdump saw them arrive");
        }
    }
}
