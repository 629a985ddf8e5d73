package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.links.Direction;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.VethPair;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An nmap SYN scan from the peer namespace against the address of a namespace of the test's own,
 * two of whose ports listen, with the traffic counters attached at ingress and egress of its veth:
 * the SYN-ACKs of the open ports and the RSTs of the closed ones are counted exactly as tcpdump saw
 * them leave, and as many as nmap reports ports of each kind; all TCP frames each way as tcpdump saw them.
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class PortScanAttachTest {
    private static final int[] LISTENING = {8080, 8081};
    private static final String PORTS = "1-20,8080,8081";

    private VethPair veth;
    private NetworkNamespace inner;

    @BeforeEach
    void namespaces() throws Exception {
        veth = VethPair.create();
        inner = new NetworkNamespace(veth.innerNamespace());
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (veth != null) veth.close();
    }

    private PacketCount capture(String direction, String filter) throws Exception {
        return PacketCount.start(veth.innerNamespace(), veth.inner(), direction, filter);
    }

    @Test
    void trafficCountersCountTheScansProbesAndAnswersAsTcpdumpSawThem() throws Exception {
        List<ServerSocket> listeners = new ArrayList<>();
        try (TrafficCountersSkeleton counters = TrafficCountersSkeleton.load()) {
            for (int port : LISTENING) {
                listeners.add(inner.call(() -> new ServerSocket(port, 16, java.net.InetAddress.getByName(VethPair.INNER_ADDRESS))));
            }
            inner.call(() -> counters.ingress().attachTc(veth.inner(), Direction.INGRESS));
            inner.call(() -> counters.egress().attachTc(veth.inner(), Direction.EGRESS));
            int in = TrafficCounters.IN * TrafficCounters.TOTALS + TrafficCounters.TCP_PACKETS;
            int out = TrafficCounters.OUT * TrafficCounters.TOTALS + TrafficCounters.TCP_PACKETS;
            int synAcks = TrafficCounters.OUT * Segments.COMBINATIONS + Segments.SYN_ACK;
            int resets = TrafficCounters.OUT * Segments.COMBINATIONS + Segments.RST;
            Nmap.Scan scan;
            long seenIn, seenOut, seenSynAcks, seenResets;
            try (PacketCount arrived = capture("in", "tcp");
                 PacketCount left = capture("out", "tcp");
                 PacketCount leftSynAck = capture("out", "tcp[tcpflags] & (tcp-syn|tcp-ack) == (tcp-syn|tcp-ack)");
                 PacketCount leftReset = capture("out", "tcp[tcpflags] & tcp-rst != 0")) {
                scan = Nmap.synScan(veth.outerNamespace(), VethPair.INNER_ADDRESS, PORTS);
                seenIn = arrived.stopAt(counters.totals().sum(in));
                seenOut = left.stopAt(counters.totals().sum(out));
                seenSynAcks = leftSynAck.stopAt(counters.flagPackets().sum(synAcks));
                seenResets = leftReset.stopAt(counters.flagPackets().sum(resets));
            }
            Nmap.Scan reported = scan;
            assertEquals(List.of(LISTENING.length, 20), List.of(scan.open(), scan.closed()), () -> "nmap's view: " + reported.output());
            assertEquals(seenSynAcks, counters.flagPackets().sum(synAcks), "SYN-ACKs as tcpdump saw them leave");
            assertEquals(seenResets, counters.flagPackets().sum(resets), "RSTs as tcpdump saw them leave");
            assertEquals((long) LISTENING.length, seenSynAcks, "a SYN-ACK from each open port");
            assertEquals(20L, seenResets, "a RST from each closed port");
            assertEquals(seenIn, counters.totals().sum(in), "TCP frames in as tcpdump saw them");
            assertEquals(seenOut, counters.totals().sum(out), "TCP frames out as tcpdump saw them");
        } finally {
            for (ServerSocket listener : listeners) listener.close();
        }
    }
}
