package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.types.MapType;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The same program in the kernel: the processor's object loaded through the generated skeleton and
 * run with BPF_PROG_TEST_RUN. Needs root, or CAP_BPF with CAP_NET_ADMIN. Tagged "kernel": what
 * {@code mvn ebpf4j:vm-test} runs inside VMs booting other kernels.
 */
@Tag("kernel")
class PortFilterKernelTest {
    /**
     * Skips, with the reason printed, only where bpf() itself is refused with EPERM (no privileges):
     * creating the smallest map fails. Every other failure fails the test.
     */
    @BeforeEach
    void bpfPermitted() {
        try {
            MapHandle.create(MapSpec.of(MapType.ARRAY, 4, 4, 1)).close();
        } catch (BpfException e) {
            if (!e.errno().equals(Errno.EPERM)) throw e;
            System.out.println("skipping kernel test: bpf() refused: " + e.getMessage());
            Assumptions.abort("bpf() refused with EPERM: " + e.getMessage());
        }
    }

    @Test
    void dropsSegmentsToABlockedPortAndCountsThem() {
        try (PortFilterSkeleton filter = PortFilterSkeleton.load()) {   // maps created, program verified
            filter.blockedPorts().put(23, (byte) 1);

            assertEquals(XdpAction.DROP.code(), filter.filter().testRun(FrameBuilder.tcp(40000, 23).build(), 1).retval());
            assertEquals(XdpAction.DROP.code(), filter.filter().testRun(FrameBuilder.tcp(40001, 23).vlanTags(1).build(), 1).retval());
            assertEquals(XdpAction.PASS.code(), filter.filter().testRun(FrameBuilder.tcp(40000, 22).build(), 1).retval());
            assertEquals(XdpAction.PASS.code(), filter.filter().testRun(FrameBuilder.udp(40000, 23).build(), 1).retval());

            assertEquals(Map.of(23, 2L), filter.droppedByPort().entries());
        }
    }
}
