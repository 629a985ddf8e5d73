package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.inspect.ConnectionEvents.ConnectionEvent;
import dev.ebpf4j.inspect.FlowTracker.Flow;
import dev.ebpf4j.inspect.FlowTracker.FlowKey;
import dev.ebpf4j.program.JvmEnvironment;
import dev.ebpf4j.program.TcAction;
import dev.ebpf4j.program.TcContext;
import dev.ebpf4j.program.maps.InMemoryMaps;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.program.net.Tcp;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connection events run on the JVM: attempt, acceptance and end, with the end's duration and bytes; refusals counted. */
class ConnectionEventsTest {
    private final AtomicLong now = new AtomicLong(1_000);

    @BeforeEach
    void clock() {
        JvmEnvironment.current().clock(now::get);
    }

    @AfterEach
    void reset() {
        InMemoryMaps.clear(ConnectionEvents.class);
        JvmEnvironment.current().clock(System::nanoTime);
    }

    /** A segment between 2001:db8::1:40000 (the client) and 2001:db8::2:443 (the server); returns its length. */
    private int segment(boolean fromClient, int flags, int payload) {
        InetAddress client = InetAddress.ofLiteral("2001:db8::1");
        InetAddress server = InetAddress.ofLiteral("2001:db8::2");
        byte[] frame = (fromClient ? FrameBuilder.tcp(40000, 443).addresses(client, server)
                : FrameBuilder.tcp(443, 40000).addresses(server, client)).flags(flags).payload(payload).vlanTags(1).build();
        TcContext ctx = TcContext.of(frame);
        assertEquals(TcAction.UNSPEC, fromClient ? ConnectionEvents.egress(ctx) : ConnectionEvents.ingress(ctx));
        now.addAndGet(1_000);
        return frame.length;
    }

    @Test
    void aConnectionGivesAnAttemptAnAcceptanceAndAnEndWithItsDurationAndBytes() {
        int sent = segment(true, Tcp.SYN, 0);
        int received = segment(false, Tcp.SYN | Tcp.ACK, 0);
        sent += segment(true, Tcp.ACK | Tcp.PSH, 300);
        received += segment(false, Tcp.ACK | Tcp.PSH, 2000);
        received += segment(false, Tcp.FIN | Tcp.ACK, 0);
        sent += segment(true, Tcp.FIN | Tcp.ACK, 0);
        segment(true, Tcp.ACK, 0); // after the end: no event

        List<ConnectionEvent> events = ConnectionEvents.events.drain();
        assertEquals(List.of(ConnectionEvents.ATTEMPT, ConnectionEvents.ACCEPTED, ConnectionEvents.END),
                events.stream().map(ConnectionEvent::kind).toList());
        ConnectionEvent attempt = events.get(0);
        assertEquals(1_000, attempt.timestampNanos());
        assertEquals(40000, attempt.sourcePort());
        assertEquals(443, attempt.destinationPort());
        assertEquals(0x20010db800000000L, attempt.sourceHigh());
        assertEquals(1, attempt.sourceLow());
        assertEquals(2, attempt.destinationLow());
        assertEquals(0, attempt.durationNanos());
        assertEquals(Flows.SYN_SENT, attempt.state());
        ConnectionEvent accepted = events.get(1);
        assertEquals(443, accepted.sourcePort());
        assertEquals(Flows.ESTABLISHED, accepted.state());
        ConnectionEvent end = events.get(2);
        assertEquals(40000, end.sourcePort(), "the end comes from the segment that closed it: the client's FIN");
        assertEquals(6_000, end.timestampNanos());
        assertEquals(5_000, end.durationNanos());
        assertEquals(sent, end.bytesFromSource());
        assertEquals(received, end.bytesToSource());
        assertEquals(Flows.CLOSED_FIN, end.state());
        assertEquals(0, ConnectionEvents.lost.sum(0));
    }

    @Test
    void aResetEndsTheConnection() {
        segment(true, Tcp.SYN, 0);
        int reset = segment(false, Tcp.RST | Tcp.ACK, 0);
        List<ConnectionEvent> events = ConnectionEvents.events.drain();
        assertEquals(2, events.size());
        ConnectionEvent end = events.get(1);
        assertEquals(ConnectionEvents.END, end.kind());
        assertEquals(Flows.CLOSED_RST, end.state());
        assertEquals(443, end.sourcePort());
        assertEquals(reset, end.bytesFromSource());
        assertEquals(1_000, end.durationNanos());
    }

    @Test
    void eventsTheRingBufferRefusesAreCounted() {
        int attempts = 4000; // 4000 events of 88 bytes each with their headers: more than 256 KiB
        for (int i = 0; i < attempts; i++) segment(true, Tcp.SYN, 0);
        int written = ConnectionEvents.events.drain().size();
        long lost = ConnectionEvents.lost.sum(0);
        assertTrue(lost > 0, "some refused");
        assertEquals(attempts, written + lost);
    }

    /** Both FINs counted at once on two CPUs left the record closing with no end said: the next segment says it. */
    @Test
    void anEndMissedByTwoFinsCountedAtOnceIsSaidOnTheNextSegment() {
        int fins = Tcp.SYN | Tcp.ACK | Tcp.FIN;
        FlowKey key = new FlowKey(0x20010db800000000L, 1, 0x20010db800000000L, 2, 40000, 443);
        ConnectionEvents.flows.put(key, new Flow(1_000, 2_000, 3, 200, 3, 300, fins, fins, Flows.CLOSING));
        int ack = segment(true, Tcp.ACK, 0);
        List<ConnectionEvent> events = ConnectionEvents.events.drain();
        assertEquals(List.of(ConnectionEvents.END), events.stream().map(ConnectionEvent::kind).toList());
        assertEquals(Flows.CLOSED_FIN, events.getFirst().state());
        assertEquals(List.of(200L + ack, 300L), List.of(events.getFirst().bytesFromSource(), events.getFirst().bytesToSource()));
    }
}
