package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.junit.KernelTest;
import dev.ebpf4j.junit.SamplesOnly;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.net.FrameBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A user's tests of PortFilter with the skeleton as a parameter, loaded per test: each test sees the
 * JVM maps empty but for what its own {@code @BeforeEach} put there, and a fresh kernel object.
 * {@code SkeletonParametersTest} runs it and reads the program ids it records.
 */
@SamplesOnly
@KernelTest
public class SkeletonPerTestSample {
    public static final List<Integer> PROGRAM_IDS = new CopyOnWriteArrayList<>();
    static final byte[] TO_TELNET = FrameBuilder.tcp(40000, 23).build();

    @BeforeEach
    void blockTelnet() {
        PortFilter.blockedPorts.put(23, (byte) 1);
    }

    @Test
    void first(PortFilterSkeleton filter) {
        dropsOnceOnBothSides(filter);
    }

    @Test
    void second(PortFilterSkeleton filter) {
        dropsOnceOnBothSides(filter);
    }

    static void dropsOnceOnBothSides(PortFilterSkeleton filter) {
        PROGRAM_IDS.add(filter.filter().id());
        assertEquals(Map.of(), PortFilter.droppedByPort.entries(), "the JVM map was not emptied before this test");
        assertEquals(XdpAction.DROP, PortFilter.filter(XdpContext.of(TO_TELNET)));
        assertEquals(Map.of(23, 1L), PortFilter.droppedByPort.entries());
        filter.blockedPorts().put(23, (byte) 1);
        assertEquals(1, filter.filter().testRun(TO_TELNET, 1).retval());
    }
}
