package dev.ebpf4j.processor.c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.processor.fixture.Frames;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.program.JvmEnvironment;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.programs.ProgramInfo;
import dev.ebpf4j.testing.RequiresBpf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two example programs, rendered, compiled by clang and run in the kernel over the
 * crafted frames: verdicts and map contents must be those of the same programs run on the JVM.
 */
@RequiresBpf
class ExampleProgramsKernelTest {
    @BeforeEach
    void kernel() {
        JvmEnvironment.current().cpu(0);
    }

    @Test
    void theTcpFlagCounterCountsAsOnTheJvm() {
        JvmTcpFlagCounter.flagCounts.clear();
        JvmTcpFlagCounter.portCounts.clear();
        try (LoadedObject loaded = Kernel.load(Clang.object(ExamplePrograms.tcpFlagCounter()))) {
            Program count = loaded.program("count");
            for (Frames.Named frame : Frames.crafted()) {
                int jvm = JvmTcpFlagCounter.count(XdpContext.of(frame.bytes())).code();
                assertEquals(jvm, count.testRun(frame.bytes(), 1).retval(), frame.name());
            }
            MapHandle flags = loaded.map("flagCounts");
            long total = 0;
            for (int category = 0; category < 6; category++) {
                long expected = JvmTcpFlagCounter.flagCounts.sum(category);
                total += expected;
                assertEquals(expected, Kernel.getLong(flags, category).orElseThrow(), "category " + category);
            }
            assertTrue(total > 10, "the frames hold TCP segments of every kind: " + total);
            MapHandle ports = loaded.map("portCounts");
            Set<Integer> kernelPorts = new HashSet<>();
            for (byte[] key : ports.keys()) kernelPorts.add(ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN).getInt());
            assertEquals(new HashSet<>(JvmTcpFlagCounter.portCounts.keys()), kernelPorts);
            for (int port : kernelPorts) {
                assertEquals(JvmTcpFlagCounter.portCounts.sum(port), Kernel.getLong(ports, port).orElseThrow(), "port " + port);
            }
            System.out.println("TcpFlagCounter (clang -O2 -mcpu=v3): " + describe(count.info()));
        }
    }

    @Test
    void thePortFilterDropsAndCountsAsOnTheJvm() {
        JvmPortFilter.blockedPorts.clear();
        JvmPortFilter.dropped.clear();
        int[] blocked = {80, 22, 8443};
        try (LoadedObject loaded = Kernel.load(Clang.object(ExamplePrograms.portFilter()))) {
            Program filter = loaded.program("filter");
            MapHandle blockedPorts = loaded.map("blockedPorts");
            for (int port : blocked) {
                JvmPortFilter.blockedPorts.put(port, 0L);
                Kernel.putLong(blockedPorts, port, 0);
            }
            List<String> verdicts = new ArrayList<>();
            for (Frames.Named frame : Frames.crafted()) {
                int jvm = JvmPortFilter.filter(XdpContext.of(frame.bytes())).code();
                assertEquals(jvm, filter.testRun(frame.bytes(), 1).retval(), frame.name());
                verdicts.add(frame.name() + "=" + jvm);
            }
            for (int port : blocked) {
                assertEquals(JvmPortFilter.blockedPorts.get(port), Kernel.getLong(blockedPorts, port).orElseThrow(), "port " + port);
            }
            assertEquals(blocked.length, blockedPorts.keys().size(), "no port was added");
            long dropped = JvmPortFilter.dropped.get(0);
            assertTrue(dropped > 5, "frames to blocked ports were dropped: " + verdicts);
            assertEquals(dropped, Kernel.getLong(loaded.map("dropped"), 0).orElseThrow());
            System.out.println("PortFilter (clang -O2 -mcpu=v3): " + describe(filter.info()));
        }
    }

    private static String describe(ProgramInfo info) {
        return "xlated " + info.xlatedLength() / 8 + " instructions, verified "
                + (info.verifiedInstructions().isPresent() ? info.verifiedInstructions().getAsInt() + " processed" : "(count not reported)")
                + ", jited " + info.jitedLength() + " bytes";
    }
}
