package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.program.net.Ipv6;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The port filter run on the JVM: the program as ordinary Java against in-memory maps. */
class PortFilterTest {
    @AfterEach
    void reset() {
        PortFilter.blockedPorts.clear();
        PortFilter.droppedByPort.clear();
    }

    private static XdpAction filter(byte[] frame) {
        return PortFilter.filter(XdpContext.of(frame));
    }

    @Test
    void dropsBlockedPortsOverIpv4AndIpv6AndCountsThem() {
        PortFilter.blockedPorts.put(23, (byte) 1);
        PortFilter.blockedPorts.put(3389, (byte) 1);
        assertEquals(XdpAction.DROP, filter(FrameBuilder.tcp(40000, 23).build()));
        assertEquals(XdpAction.DROP, filter(FrameBuilder.tcp(40000, 23).ipv6().extensionHeaders(Ipv6.ROUTING).build()));
        assertEquals(XdpAction.DROP, filter(FrameBuilder.tcp(40000, 3389).vlanTags(2).ipv4Options(1).build()));
        assertEquals(XdpAction.PASS, filter(FrameBuilder.tcp(40000, 22).build()));
        assertEquals(XdpAction.PASS, filter(FrameBuilder.udp(40000, 23).build()), "UDP is not filtered");
        assertEquals(XdpAction.PASS, filter(FrameBuilder.tcp(40000, 23).fragmentOffset(2).build()), "no port in a later fragment");
        assertEquals(2L, PortFilter.droppedByPort.get(23));
        assertEquals(1L, PortFilter.droppedByPort.get(3389));
        assertNull(PortFilter.droppedByPort.get(22));
    }

    @Test
    void truncatedSegmentsPass() {
        PortFilter.blockedPorts.put(23, (byte) 1);
        byte[] frame = FrameBuilder.tcp(40000, 23).build();
        for (int length = 0; length < frame.length; length++) {
            assertEquals(XdpAction.PASS, filter(Arrays.copyOf(frame, length)), "length " + length);
        }
        assertEquals(XdpAction.DROP, filter(frame));
    }
}
