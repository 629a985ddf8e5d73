package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.junit.KernelTest;
import dev.ebpf4j.junit.SamplesOnly;
import dev.ebpf4j.program.net.FrameBuilder;
import org.junit.jupiter.api.Test;

/** A user's Jupiter kernel test, run by {@code KernelTestTest} where bpf() is allowed and where it is not. */
@SamplesOnly
public class KernelTestJupiterSample {
    @Test
    @KernelTest
    void dropsABlockedPortInTheKernel(PortFilterSkeleton filter) {
        filter.blockedPorts().put(23, (byte) 1);
        assertEquals(1, filter.filter().testRun(FrameBuilder.tcp(40000, 23).build(), 1).retval());
    }
}
