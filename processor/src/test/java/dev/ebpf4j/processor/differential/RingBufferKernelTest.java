package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.maps.KernelPerCpuMap;
import dev.ebpf4j.maps.KernelRingBuffer;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfPerCpuArray;
import dev.ebpf4j.program.maps.BpfRingBuffer;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A program that reports TCP segments as events and counts those its ring buffer had no room for,
 * compiled from Java by the processor: on the JVM ({@code drain()}) and in the kernel (read
 * through the skeleton's typed ring buffer, and through clang's object of the C rendering) the
 * same frames give the same events, the same verdicts and the same count of lost events.
 */
@RequiresBpf
class RingBufferKernelTest {
    static final String SOURCE = """
            package events;

            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.maps.*;
            import dev.ebpf4j.program.net.*;

            @BpfProgram(license = "GPL")
            public final class Segments {
                /** 21 bytes of members, 24 as a C struct (the long at 16): 32 bytes a record in the ring buffer. */
                public record Segment(int source, int destination, short sourcePort, short destinationPort, byte flags, long length) {}

                @MapDef(maxEntries = 4096)
                static final BpfRingBuffer<Segment> segments = new BpfRingBuffer<>();
                @MapDef(maxEntries = 1)
                static final BpfPerCpuArray<Long> lost = new BpfPerCpuArray<>();

                @Xdp
                public static XdpAction watch(XdpContext ctx) {
                    Ethernet eth = ctx.ethernet();
                    if (eth == null) return XdpAction.PASS;
                    Ipv4 ip = eth.ipv4();
                    if (ip == null) return XdpAction.PASS;
                    Tcp tcp = ip.tcp();
                    if (tcp == null) return XdpAction.PASS;
                    boolean written = segments.output(new Segment(ip.source(), ip.destination(), (short) tcp.sourcePort(),
                            (short) tcp.destinationPort(), (byte) tcp.flags(), ctx.length()));
                    if (!written) {
                        lost.increment(0);
                        return XdpAction.DROP;
                    }
                    return XdpAction.PASS;
                }
            }
            """;
    /** 4095 / 32: the records that fit before the reader reads any. */
    private static final int FITS = 127;

    private static InProcessCompiler.Output output;

    @BeforeAll
    static void compile() throws Exception {
        output = InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-ringbuf"), Map.of("events.Segments", SOURCE));
    }

    @Test
    void theSkeletonsTypedRingBufferGetsTheJvmsEventsAndLossesAgree() throws Exception {
        try (URLClassLoader loader = output.classLoader();
             AutoCloseable skeleton = (AutoCloseable) loader.loadClass("events.SegmentsSkeleton").getMethod("load").invoke(null)) {
            agree(loader, accessor(skeleton, "watch"), accessor(skeleton, "segments"), accessor(skeleton, "lost"));
        }
    }

    @Test
    void clangsObjectOfTheCRenderingAgreesToo() throws Exception {
        try (URLClassLoader loader = output.classLoader();
             LoadedObject loaded = dev.ebpf4j.processor.fixture.Kernel.load(output.clangObject("events/Segments"))) {
            Class<?> segment = loader.loadClass("events.Segments$Segment");
            try (KernelRingBuffer<?> segments = KernelMaps.ringBuffer(loaded.map("segments"), segment)) {
                agree(loader, loaded.program("watch"), segments, KernelMaps.perCpu(loaded.map("lost"), Integer.class, Long.class));
            }
        }
    }

    private static void agree(ClassLoader loader, Program watch, KernelRingBuffer<?> kernelSegments,
                              KernelPerCpuMap<Integer, Long> kernelLost) throws Exception {
        Class<?> program = loader.loadClass("events.Segments");
        Method run = program.getMethod("watch", XdpContext.class);
        BpfRingBuffer<Object> segments = InProcessCompiler.staticField(program, "segments");
        BpfPerCpuArray<Long> lost = InProcessCompiler.staticField(program, "lost");
        segments.drain();
        lost.clear();
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            frames.add(FrameBuilder.tcp(1000 + i, 80 + (i % 3) * 363).flags(i % 64).addresses(0x0a000001 + i, 0xc0a80001 - i)
                    .payload(i % 7).build());
            if (i % 10 == 0) frames.add(FrameBuilder.udp(53, 53).build());
        }
        List<Object> kernelEvents = new ArrayList<>();
        // the first round fills the buffer past what fits; the second, after the reader has read, fits again
        for (int round = 0; round < 2; round++) {
            List<byte[]> these = round == 0 ? frames : frames.subList(0, 30);
            for (byte[] frame : these) {
                XdpAction expected = (XdpAction) run.invoke(null, XdpContext.of(frame));
                assertEquals(expected.code(), watch.testRun(frame, 1).retval(), "verdict");
            }
            List<Object> jvmEvents = segments.drain();
            int before = kernelEvents.size();
            kernelSegments.consume(kernelEvents::add);
            assertEquals(jvmEvents, kernelEvents.subList(before, kernelEvents.size()), "round " + round);
            assertEquals(lost.get(0), kernelLost.sum(0), "lost events, round " + round);
        }
        long tcpInSecondRound = frames.subList(0, 30).stream().filter(f -> f[23] == 6).count();
        assertEquals(FITS + tcpInSecondRound, kernelEvents.size());
        assertEquals(150L - FITS, kernelLost.sum(0), "the program counted what the full buffer refused");
        assertTrue(kernelEvents.getFirst().toString().contains("sourcePort=1000"), kernelEvents.getFirst().toString());
    }

    @SuppressWarnings("unchecked")
    private static <T> T accessor(Object skeleton, String name) throws ReflectiveOperationException {
        return (T) skeleton.getClass().getMethod(name).invoke(skeleton);
    }
}
