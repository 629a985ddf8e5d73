package dev.ebpf4j.tcpinspect.source;

import dev.ebpf4j.inspect.FlowTracker;
import dev.ebpf4j.inspect.Flows;
import dev.ebpf4j.program.net.Tcp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a flow table entry, keyed by address order, is told from the client's side. */
class FlowTrackerProbeTest {
    private static final long MAPPED = 0x0000_FFFF_0000_0000L;
    /** A: 10.0.0.1 port 443; B: 10.0.0.2 port 50000. */
    private static final FlowTracker.FlowKey KEY = new FlowTracker.FlowKey(0, MAPPED | 0x0a000001L, 0, MAPPED | 0x0a000002L, 443, 50000);

    private static FlowTracker.Flow flow(int flagsAToB, int flagsBToA) {
        return new FlowTracker.Flow(1_000_000, 3_000_000, 2, 100, 3, 200, flagsAToB, flagsBToA, Flows.state(flagsAToB, flagsBToA));
    }

    @Test
    void theSideThatAloneSentASynIsTheClient() {
        FlowSource.Flow f = FlowTrackerProbe.flow("eth0", KEY, flow(Tcp.SYN, Tcp.RST | Tcp.ACK), 5_000_000);
        assertEquals("10.0.0.1:443 > 10.0.0.2:50000 100/200 closed_rst 4/2",
                f.client() + ":" + f.clientPort() + " > " + f.server() + ":" + f.serverPort() + " " + f.bytesToServer() + "/"
                        + f.bytesToClient() + " " + f.state() + " " + f.ageMillis() + "/" + f.idleMillis());
        FlowSource.Flow g = FlowTrackerProbe.flow("eth0", KEY, flow(Tcp.RST | Tcp.ACK, Tcp.SYN), 5_000_000);
        assertEquals("10.0.0.2:50000 > 10.0.0.1:443 200/100", g.client() + ":" + g.clientPort() + " > " + g.server() + ":"
                + g.serverPort() + " " + g.bytesToServer() + "/" + g.bytesToClient());
    }

    @Test
    void withTheWholeHandshakeSeenTheHigherPortIsTheClient() {
        FlowSource.Flow f = FlowTrackerProbe.flow("eth0", KEY, flow(Tcp.SYN | Tcp.ACK | Tcp.FIN, Tcp.SYN | Tcp.ACK | Tcp.FIN), 5_000_000);
        assertEquals("10.0.0.2:50000 > 10.0.0.1:443 closed_fin", f.client() + ":" + f.clientPort() + " > " + f.server() + ":"
                + f.serverPort() + " " + f.state());
    }

    @Test
    void ipv6AddressesAreWrittenShort() {
        FlowTracker.FlowKey key = new FlowTracker.FlowKey(0xfd00_0199_0000_0000L, 1, 0xfd00_0199_0000_0000L, 2, 8080, 40000);
        FlowSource.Flow f = FlowTrackerProbe.flow("eth0", key, flow(Tcp.ACK, Tcp.ACK), 5_000_000);
        assertEquals("fd00:199::2 > fd00:199::1 established", f.client() + " > " + f.server() + " " + f.state());
    }
}
