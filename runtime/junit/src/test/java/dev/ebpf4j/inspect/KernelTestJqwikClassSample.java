package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.junit.KernelTest;
import dev.ebpf4j.junit.SamplesOnly;
import dev.ebpf4j.program.net.FrameBuilder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** {@code @KernelTest} on a jqwik property class: its properties run, skip or fail as one. */
@SamplesOnly
@KernelTest
public class KernelTestJqwikClassSample {
    @Property(tries = 3)
    void dropsBlockedPortsInTheKernel(@ForAll @IntRange(min = 1, max = 1000) int port) {
        try (PortFilterSkeleton filter = PortFilterSkeleton.load()) {
            filter.blockedPorts().put(port, (byte) 1);
            assertEquals(1, filter.filter().testRun(FrameBuilder.tcp(40000, port).build(), 1).retval());
        }
    }
}
