package dev.ebpf4j.processor.c;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.processor.fixture.Frames;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.program.JvmEnvironment;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.RequiresBpf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;

/**
 * The crafted frames mutated at random (truncated anywhere, header bytes replaced by the values
 * the views' rules turn on: EtherTypes, version and IHL bytes, next-header numbers, extension
 * lengths, fragment bits) through the views program and the two examples in the kernel and on the
 * JVM: every field, verdict and counter must agree. Each try loads three programs, so the
 * property has its own, small number of tries.
 */
@RequiresBpf
@Tag("slow") // clang three times on each try: minutes under the VMs' emulation
class RandomFramesProperties {
    private static final int[] BYTES = {0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x08, 0x0f, 0x11, 0x20, 0x2b, 0x2c, 0x33, 0x3c,
        0x40, 0x45, 0x46, 0x4f, 0x50, 0x60, 0x81, 0x86, 0x88, 0xa8, 0xdd, 0xff};

    static List<byte[]> frames(Random random, int count) {
        List<Frames.Named> crafted = Frames.crafted();
        List<byte[]> frames = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            byte[] frame = crafted.get(random.nextInt(crafted.size())).bytes().clone();
            int mutations = random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                int at = 12 + random.nextInt(Math.max(1, Math.min(frame.length, 110) - 12));
                if (at < frame.length) frame[at] = (byte) BYTES[random.nextInt(BYTES.length)];
            }
            if (random.nextInt(3) == 0) frame = Arrays.copyOf(frame, 14 + random.nextInt(frame.length - 13));
            frames.add(frame);
        }
        return frames;
    }

    @Property(tries = 15)
    void viewsAndExamplesAgreeWithTheJvmOnMutatedFrames(@ForAll long seed) {
        JvmEnvironment.current().cpu(0);
        List<byte[]> frames = frames(new Random(seed), 40);
        JvmTcpFlagCounter.flagCounts.clear();
        JvmTcpFlagCounter.portCounts.clear();
        JvmPortFilter.blockedPorts.clear();
        JvmPortFilter.dropped.clear();
        try (LoadedObject views = Kernel.load(Clang.object(ConstructPrograms.views()));
             LoadedObject counter = Kernel.load(Clang.object(ExamplePrograms.tcpFlagCounter()));
             LoadedObject filter = Kernel.load(Clang.object(ExamplePrograms.portFilter()))) {
            MapHandle results = views.map("results");
            Program run = views.program("run");
            Program count = counter.program("count");
            Program drop = filter.program("filter");
            for (int port : new int[] {80, 443}) {
                JvmPortFilter.blockedPorts.put(port, 0L);
                Kernel.putLong(filter.map("blockedPorts"), port, 0);
            }
            for (byte[] frame : frames) {
                String name = "frame " + java.util.HexFormat.of().formatHex(frame);
                Kernel.zero(results, ConstructPrograms.RESULTS);
                run.testRun(frame, 1);
                long[] kernel = Kernel.readAll(results, ConstructPrograms.RESULTS);
                long[] jvm = JvmViews.of(frame);
                kernel[ConstructPrograms.LENGTH + 1] = 0;
                assertEquals(Arrays.toString(jvm), Arrays.toString(kernel), name);
                assertEquals(JvmTcpFlagCounter.count(XdpContext.of(frame)).code(), count.testRun(frame, 1).retval(), name);
                assertEquals(JvmPortFilter.filter(XdpContext.of(frame)).code(), drop.testRun(frame, 1).retval(), name);
            }
            for (int category = 0; category < 6; category++) {
                assertEquals(JvmTcpFlagCounter.flagCounts.sum(category),
                        Kernel.getLong(counter.map("flagCounts"), category).orElseThrow(), "category " + category);
            }
            for (int port : JvmTcpFlagCounter.portCounts.keys()) {
                assertEquals(JvmTcpFlagCounter.portCounts.sum(port), Kernel.getLong(counter.map("portCounts"), port).orElseThrow());
            }
            assertEquals(JvmTcpFlagCounter.portCounts.keys().size(), counter.map("portCounts").keys().size());
            assertEquals(JvmPortFilter.dropped.get(0), Kernel.getLong(filter.map("dropped"), 0).orElseThrow());
        }
    }
}
