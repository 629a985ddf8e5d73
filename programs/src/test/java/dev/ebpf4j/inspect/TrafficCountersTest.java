package dev.ebpf4j.inspect;

import static dev.ebpf4j.inspect.TrafficCounters.IN;
import static dev.ebpf4j.inspect.TrafficCounters.OTHER_BYTES;
import static dev.ebpf4j.inspect.TrafficCounters.OTHER_PACKETS;
import static dev.ebpf4j.inspect.TrafficCounters.OUT;
import static dev.ebpf4j.inspect.TrafficCounters.TCP_BYTES;
import static dev.ebpf4j.inspect.TrafficCounters.TCP_PACKETS;
import static dev.ebpf4j.inspect.TrafficCounters.TOTALS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.program.TcAction;
import dev.ebpf4j.program.TcContext;
import dev.ebpf4j.program.maps.InMemoryMaps;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The traffic counters run on the JVM: each direction's TCP by flags and port, and the rest apart. */
class TrafficCountersTest {
    @AfterEach
    void reset() {
        InMemoryMaps.clear(TrafficCounters.class);
    }

    private static byte[] in(byte[] frame) {
        assertEquals(TcAction.UNSPEC, TrafficCounters.ingress(TcContext.of(frame)));
        return frame;
    }

    private static byte[] out(byte[] frame) {
        assertEquals(TcAction.UNSPEC, TrafficCounters.egress(TcContext.of(frame)));
        return frame;
    }

    private static long total(int direction, int counter) {
        return TrafficCounters.totals.sum(direction * TOTALS + counter);
    }

    @Test
    void tcpIsCountedByDirectionFlagsAndDestinationPortInPacketsAndBytes() {
        byte[] syn = in(FrameBuilder.tcp(40000, 80).flags(Tcp.SYN).build());
        byte[] synV6Vlan = in(FrameBuilder.tcp(40001, 80).flags(Tcp.SYN).ipv6().vlanTags(2).build());
        byte[] synAck = out(FrameBuilder.tcp(80, 40000).flags(Tcp.SYN | Tcp.ACK).vlanTags(1).build());
        byte[] data = out(FrameBuilder.tcp(80, 40000).flags(Tcp.ACK | Tcp.PSH).payload(100).ipv6()
                .extensionHeaders(Ipv6.HOP_BY_HOP).build());

        assertEquals(2, total(IN, TCP_PACKETS));
        assertEquals(syn.length + synV6Vlan.length, total(IN, TCP_BYTES));
        assertEquals(2, total(OUT, TCP_PACKETS));
        assertEquals(synAck.length + data.length, total(OUT, TCP_BYTES));

        assertEquals(2, TrafficCounters.flagPackets.sum(IN * Segments.COMBINATIONS + Segments.SYN));
        assertEquals(syn.length + synV6Vlan.length, TrafficCounters.flagBytes.sum(IN * Segments.COMBINATIONS + Segments.SYN));
        assertEquals(1, TrafficCounters.flagPackets.sum(OUT * Segments.COMBINATIONS + Segments.SYN_ACK));
        assertEquals(1, TrafficCounters.flagPackets.sum(OUT * Segments.COMBINATIONS + Segments.ACK));
        assertEquals(data.length, TrafficCounters.flagBytes.sum(OUT * Segments.COMBINATIONS + Segments.ACK));
        assertEquals(0, TrafficCounters.flagPackets.sum(IN * Segments.COMBINATIONS + Segments.ACK));

        assertEquals(2, TrafficCounters.portPackets.sum(IN << 16 | 80));
        assertEquals(syn.length + synV6Vlan.length, TrafficCounters.portBytes.sum(IN << 16 | 80));
        assertEquals(2, TrafficCounters.portPackets.sum(OUT << 16 | 40000));
        assertEquals(0, TrafficCounters.portPackets.sum(OUT << 16 | 80), "outgoing counts by the outgoing destination");
        assertEquals(0, total(IN, OTHER_PACKETS));
    }

    @Test
    void everythingElseIsCountedApartAndPassed() {
        byte[] udp = in(FrameBuilder.udp(53, 53).build());
        byte[] fragment = in(FrameBuilder.tcp(40000, 80).fragmentOffset(10).build());
        byte[] runt = out(new byte[10]);
        byte[] truncated = out(java.util.Arrays.copyOf(FrameBuilder.tcp(40000, 80).build(), 30));

        assertEquals(2, total(IN, OTHER_PACKETS));
        assertEquals(udp.length + fragment.length, total(IN, OTHER_BYTES));
        assertEquals(2, total(OUT, OTHER_PACKETS));
        assertEquals(runt.length + truncated.length, total(OUT, OTHER_BYTES));
        assertEquals(0, total(IN, TCP_PACKETS) + total(OUT, TCP_PACKETS));
        assertEquals(0, TrafficCounters.portPackets.keys().size());
    }

    /**
     * On a trunk port the kernel keeps the outermost tag beside the data (always at tc ingress):
     * the frame counts as long as it was on the wire, as long as the same frame with the tag in its
     * bytes, so the counters equal a capture wherever the tag travelled.
     */
    @Test
    void aVlanTagKeptInMetadataCountsAsThe4BytesItHadOnTheWire() {
        byte[] inFrame = FrameBuilder.tcp(40000, 80).flags(Tcp.SYN).vlanTags(1).build();
        byte[] untagged = FrameBuilder.tcp(40000, 80).flags(Tcp.SYN).build();
        byte[] innerOnly = FrameBuilder.tcp(40000, 80).flags(Tcp.SYN).ipv6().vlanTags(1).build(); // QinQ: the outer tag in metadata
        in(inFrame);
        assertEquals(TcAction.UNSPEC, TrafficCounters.ingress(TcContext.withVlanTagInMetadata(untagged)));
        assertEquals(TcAction.UNSPEC, TrafficCounters.egress(TcContext.withVlanTagInMetadata(innerOnly)));

        assertEquals(untagged.length + 4, inFrame.length);
        assertEquals(2, total(IN, TCP_PACKETS));
        assertEquals(2L * inFrame.length, total(IN, TCP_BYTES), "the tag counted wherever the kernel kept it");
        assertEquals(2L * inFrame.length, TrafficCounters.portBytes.sum(IN << 16 | 80));
        assertEquals(innerOnly.length + 4L, total(OUT, TCP_BYTES));
        assertEquals(innerOnly.length + 4L, TrafficCounters.flagBytes.sum(OUT * Segments.COMBINATIONS + Segments.SYN));
    }
}
