package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.inspect.FlowTracker.Flow;
import dev.ebpf4j.inspect.FlowTracker.FlowKey;
import dev.ebpf4j.program.JvmEnvironment;
import dev.ebpf4j.program.TcAction;
import dev.ebpf4j.program.TcContext;
import dev.ebpf4j.program.maps.InMemoryMaps;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.program.net.Tcp;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The flow tracker run on the JVM: one entry per connection whichever way its segments go, counts each way, state. */
class FlowTrackerTest {
    private final AtomicLong now = new AtomicLong(5_000);

    @BeforeEach
    void clock() {
        JvmEnvironment.current().clock(now::get);
    }

    @AfterEach
    void reset() {
        InMemoryMaps.clear(FlowTracker.class);
        JvmEnvironment.current().clock(System::nanoTime);
    }

    /** A segment between 10.0.0.1:40000 (the client) and 10.0.0.2:80, or their IPv6 counterparts, VLAN-tagged twice. */
    private int segment(boolean fromClient, int flags, int payload, boolean ipv6) {
        String client = ipv6 ? "2001:db8::1" : "10.0.0.1";
        String server = ipv6 ? "2001:db8::2" : "10.0.0.2";
        FrameBuilder frame = fromClient
                ? FrameBuilder.tcp(40000, 80).addresses(InetAddress.ofLiteral(client), InetAddress.ofLiteral(server))
                : FrameBuilder.tcp(80, 40000).addresses(InetAddress.ofLiteral(server), InetAddress.ofLiteral(client));
        byte[] bytes = frame.flags(flags).payload(payload).vlanTags(2).build();
        TcContext ctx = TcContext.of(bytes);
        assertEquals(TcAction.UNSPEC, fromClient ? FlowTracker.egress(ctx) : FlowTracker.ingress(ctx));
        now.addAndGet(1_000);
        return bytes.length;
    }

    private static Flow only() {
        assertEquals(1, FlowTracker.flows.entries().size(), () -> "one entry: " + FlowTracker.flows.entries());
        return FlowTracker.flows.entries().values().iterator().next();
    }

    @Test
    void bothDirectionsOfAConnectionMeetInOneEntryThroughItsLife() {
        for (boolean ipv6 : new boolean[] {false, true}) {
            now.set(5_000);
            long out = segment(true, Tcp.SYN, 0, ipv6);
            assertEquals(Flows.SYN_SENT, only().state());
            long in = segment(false, Tcp.SYN | Tcp.ACK, 0, ipv6);
            assertEquals(Flows.ESTABLISHED, only().state());
            out += segment(true, Tcp.ACK, 0, ipv6);
            out += segment(true, Tcp.ACK | Tcp.PSH, 100, ipv6);
            in += segment(false, Tcp.ACK | Tcp.PSH, 1000, ipv6);
            out += segment(true, Tcp.FIN | Tcp.ACK, 0, ipv6);
            assertEquals(Flows.CLOSING, only().state());
            in += segment(false, Tcp.FIN | Tcp.ACK, 0, ipv6);
            out += segment(true, Tcp.ACK, 0, ipv6);

            Flow flow = only();
            FlowKey key = FlowTracker.flows.entries().keySet().iterator().next();
            // the client's address is the smaller: it is A, so A to B is the client's direction
            assertEquals(ipv6 ? 0x20010db800000000L : 0, key.aHigh());
            assertEquals(ipv6 ? 1 : Segments.mapped(0x0a000001), key.aLow());
            assertEquals(40000, key.aPort());
            assertEquals(80, key.bPort());
            assertEquals(Flows.CLOSED_FIN, flow.state());
            assertEquals(5, flow.packetsAToB());
            assertEquals(3, flow.packetsBToA());
            assertEquals(out, flow.bytesAToB());
            assertEquals(in, flow.bytesBToA());
            assertEquals(5_000, flow.firstNanos());
            assertEquals(12_000, flow.lastNanos());
            assertEquals(Tcp.SYN | Tcp.ACK | Tcp.PSH | Tcp.FIN, flow.flagsAToB());
            assertEquals(Tcp.SYN | Tcp.ACK | Tcp.PSH | Tcp.FIN, flow.flagsBToA());
            reset();
            clock();
        }
    }

    @Test
    void aResetClosesAndANewSynStartsTheEntryAgain() {
        segment(true, Tcp.SYN, 0, false);
        segment(false, Tcp.RST | Tcp.ACK, 0, false);
        assertEquals(Flows.CLOSED_RST, only().state());
        segment(true, Tcp.ACK, 0, false);
        assertEquals(Flows.CLOSED_RST, only().state(), "a late segment does not reopen it");
        long start = now.get();
        segment(true, Tcp.SYN, 0, false);
        Flow again = only();
        assertEquals(Flows.SYN_SENT, again.state());
        assertEquals(start, again.firstNanos());
        assertEquals(1, again.packetsAToB());
        assertEquals(0, again.packetsBToA());
    }

    @Test
    void theStateFollowsTheFlagsEachDirectionSent() {
        assertEquals(Flows.ESTABLISHED, Flows.state(Tcp.ACK, Tcp.ACK | Tcp.PSH), "picked up mid-stream");
        assertEquals(Flows.SYN_SENT, Flows.state(Tcp.SYN, 0));
        assertEquals(Flows.SYN_SENT, Flows.state(Tcp.SYN | Tcp.ACK, Tcp.ACK), "only one side sent a SYN");
        assertEquals(Flows.ESTABLISHED, Flows.state(Tcp.SYN | Tcp.ACK, Tcp.SYN | Tcp.ACK));
        assertEquals(Flows.CLOSING, Flows.state(Tcp.SYN | Tcp.FIN, Tcp.SYN));
        assertEquals(Flows.CLOSED_FIN, Flows.state(Tcp.FIN, Tcp.FIN));
        assertEquals(Flows.CLOSED_RST, Flows.state(Tcp.FIN, Tcp.RST));
        assertTrue(Flows.closed(Flows.CLOSED_RST));
        assertFalse(Flows.closed(Flows.CLOSING));
    }

    @Test
    void endpointsAreOrderedByAddressThenPortUnsigned() {
        assertTrue(Flows.sourceIsA(0, 1, 9, 0, 2, 1));
        assertFalse(Flows.sourceIsA(0, 2, 1, 0, 1, 9));
        assertTrue(Flows.sourceIsA(0, 5, 80, 0, 5, 81));
        assertTrue(Flows.sourceIsA(0x7fffffffffffffffL, 0, 0, 0x8000000000000000L, 0, 0), "compared unsigned");
        assertTrue(Flows.sourceIsA(1, 1, 1, 1, 1, 1), "a connection to itself is A to B");
    }

    /** A tag the kernel keeps in metadata counts in the flow's bytes as on the wire: the same as when it is in the frame. */
    @Test
    void aVlanTagKeptInMetadataCountsInTheFlowsBytes() {
        byte[] tagged = FrameBuilder.tcp(40000, 80).flags(Tcp.SYN).vlanTags(1).build();
        byte[] untagged = FrameBuilder.tcp(40000, 80).flags(Tcp.SYN).build();
        assertEquals(TcAction.UNSPEC, FlowTracker.egress(TcContext.withVlanTagInMetadata(untagged)));
        assertEquals(TcAction.UNSPEC, FlowTracker.egress(TcContext.of(tagged)));
        Flow flow = only();
        assertEquals(2, flow.packetsAToB() + flow.packetsBToA());
        assertEquals(2L * tagged.length, flow.bytesAToB() + flow.bytesBToA());
    }

    /**
     * Both FINs counted at once on two CPUs: each read the other direction's flags before the
     * other's store, so the record has both FINs but says closing. The next segment puts it right.
     */
    @Test
    void aStateLeftBehindByTwoFinsCountedAtOnceIsPutRightByTheNextSegment() {
        int fins = Tcp.SYN | Tcp.ACK | Tcp.FIN;
        FlowKey key = new FlowKey(0, Segments.mapped(0x0a000001), 0, Segments.mapped(0x0a000002), 40000, 80);
        FlowTracker.flows.put(key, new Flow(1_000, 2_000, 3, 200, 3, 200, fins, fins, Flows.CLOSING));
        segment(true, Tcp.ACK, 0, false);
        assertEquals(Flows.CLOSED_FIN, only().state());
    }
}
