package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.junit.KernelTest;
import dev.ebpf4j.junit.SamplesOnly;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.types.MapType;
import dev.ebpf4j.types.ProgramType;
import org.junit.jupiter.api.Test;

/** Tests that need more than bpf(): run by {@code KernelTestTest} in a child without CAP_NET_ADMIN. */
@SamplesOnly
public class KernelTestProgramTypesSample {
    @Test
    @KernelTest(programTypes = ProgramType.XDP)
    void loadsAnXdpProgram(PortFilterSkeleton filter) {
        assertEquals(2, filter.filter().testRun(FrameBuilder.tcp(40000, 22).build(), 1).retval());
    }

    @Test
    @KernelTest
    void createsAHashMap() {
        MapHandle.create(MapSpec.of(MapType.HASH, 4, 4, 1)).close();
    }
}
