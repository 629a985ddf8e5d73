package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ebpf4j.junit.Differential;
import dev.ebpf4j.junit.KernelTest;
import dev.ebpf4j.junit.VethNetwork;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.net.FrameBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same program in the kernel: the processor's object loaded through the generated skeleton, run
 * with BPF_PROG_TEST_RUN, compared with the JVM, and attached to a veth. Needs root, or CAP_BPF with
 * CAP_NET_ADMIN (and CAP_SYS_ADMIN for the namespaces); where bpf() is refused, {@code @KernelTest}
 * skips with the reason ({@code -Debpf4j.requireKernel=true} fails instead).
 */
@KernelTest
class PortFilterKernelTest {
    @RegisterExtension
    final VethNetwork network = VethNetwork.create();   // two fresh namespaces joined by a veth pair, per test

    @Test
    void dropsSegmentsToABlockedPortAndCountsThem(PortFilterSkeleton filter) {   // loaded for this test, closed after
        filter.blockedPorts().put(23, (byte) 1);

        assertEquals(XdpAction.DROP.code(), filter.filter().testRun(FrameBuilder.tcp(40000, 23).build(), 1).retval());
        assertEquals(XdpAction.DROP.code(), filter.filter().testRun(FrameBuilder.tcp(40001, 23).vlanTags(1).build(), 1).retval());
        assertEquals(XdpAction.PASS.code(), filter.filter().testRun(FrameBuilder.tcp(40000, 22).build(), 1).retval());
        assertEquals(XdpAction.PASS.code(), filter.filter().testRun(FrameBuilder.udp(40000, 23).build(), 1).retval());

        assertEquals(Map.of(23, 2L), filter.droppedByPort().entries());
    }

    @Test
    void theKernelAgreesWithTheJvm(PortFilterSkeleton filter) {
        PortFilter.blockedPorts.put(23, (byte) 1);   // the JVM's maps (emptied before each test), copied to the kernel's
        List<byte[]> frames = List.of(FrameBuilder.tcp(40000, 23).build(), FrameBuilder.tcp(40000, 22).build(),
                FrameBuilder.tcp(40000, 23).ipv6().build(), FrameBuilder.tcp(40000, 23).vlanTags(2).ipv4Options(3).build());
        Differential.of(filter, "filter").run(frames).assertAgree();   // verdicts, packets and every map
    }

    @Test
    void attachedToAVethItDropsConnectionsToABlockedPortOnly(PortFilterSkeleton filter) {
        filter.blockedPorts().put(23, (byte) 1);
        network.attachXdp(filter.filter());           // on the inner end; detached after the test

        assertFalse(network.canConnect(VethNetwork.INNER_IPV4, 23, 500));   // its SYN is dropped
        assertEquals(1000, network.sendTcp(VethNetwork.INNER_IPV4, 8080, 1000));
        assertEquals(List.of(23), List.copyOf(filter.droppedByPort().entries().keySet()));
    }
}
