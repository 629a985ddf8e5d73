package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.net.FrameBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The program on the JVM: plain Java against in-memory maps, no kernel and no root needed. */
class PortFilterTest {
    @AfterEach
    void clearMaps() {
        PortFilter.blockedPorts.clear();
        PortFilter.droppedByPort.clear();
    }

    @Test
    void dropsSegmentsToABlockedPortAndCountsThem() {
        PortFilter.blockedPorts.put(23, (byte) 1);

        assertEquals(XdpAction.DROP, PortFilter.filter(XdpContext.of(FrameBuilder.tcp(40000, 23).build())));
        assertEquals(XdpAction.DROP, PortFilter.filter(XdpContext.of(FrameBuilder.tcp(40001, 23).vlanTags(1).build())));
        assertEquals(XdpAction.PASS, PortFilter.filter(XdpContext.of(FrameBuilder.tcp(40000, 22).build())));
        assertEquals(XdpAction.PASS, PortFilter.filter(XdpContext.of(FrameBuilder.udp(40000, 23).build())));

        assertEquals(2L, PortFilter.droppedByPort.get(23));
        assertNull(PortFilter.droppedByPort.get(22));
    }
}
