package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.junit.KernelTest;
import dev.ebpf4j.junit.SamplesOnly;
import dev.ebpf4j.program.net.FrameBuilder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** A user's jqwik kernel property, run by {@code KernelTestTest} where bpf() is allowed and where it is not. */
@SamplesOnly
public class KernelTestJqwikSample {
    @Property(tries = 3)
    @KernelTest
    void passesUnblockedPortsInTheKernel(@ForAll @IntRange(min = 1, max = 1000) int port) {
        try (PortFilterSkeleton filter = PortFilterSkeleton.load()) {
            assertEquals(2, filter.filter().testRun(FrameBuilder.tcp(40000, port).build(), 1).retval());
        }
    }
}
