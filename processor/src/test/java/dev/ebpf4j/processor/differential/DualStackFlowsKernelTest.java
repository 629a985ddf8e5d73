package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfHashMap;
import dev.ebpf4j.program.maps.BpfLruHashMap;
import dev.ebpf4j.program.maps.InMemoryMaps;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dual-stack flow tracker of the code-size benchmark ({@link RecordHeavyPrograms}) counts the
 * same flows on the JVM, from the processor's object and from clang's object of the C rendering:
 * TCP and UDP over IPv4 and IPv6, the same packets, bytes and flags per 5-tuple and the same totals
 * per protocol (the timestamps are each clock's own, so they are left out).
 */
@RequiresBpf
class DualStackFlowsKernelTest {
    private static InProcessCompiler.Output output;

    @BeforeAll
    static void compile() throws Exception {
        output = InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-dual-stack"),
                Map.of("heavy.DualStackFlows", RecordHeavyPrograms.DUAL_STACK_FLOWS));
    }

    @Test
    void theProcessorsObjectCountsAsTheJvmDoes() throws Exception {
        agree(output.resource("heavy/DualStackFlows.bpf.o"));
    }

    @Test
    void clangsObjectOfTheCRenderingCountsAsTheJvmDoes() throws Exception {
        KernelAtomics.assumeBitwise();
        agree(output.clangObject("heavy/DualStackFlows"));
    }

    private static void agree(byte[] object) throws Exception {
        KernelAtomics.assumeBitwise();
        try (URLClassLoader loader = output.classLoader(); LoadedObject loaded = Kernel.load(object)) {
            Class<?> program = loader.loadClass("heavy.DualStackFlows");
            Class<?> keyType = loader.loadClass("heavy.DualStackFlows$FlowKey");
            Class<?> statsType = loader.loadClass("heavy.DualStackFlows$FlowStats");
            Class<?> totalsType = loader.loadClass("heavy.DualStackFlows$Totals");
            Method run = program.getMethod("track", XdpContext.class);
            InMemoryMaps.clear(program);
            Program kernel = loaded.program("track");
            Random random = new Random(46);
            for (int i = 0; i < 300; i++) {
                FrameBuilder frame = random.nextBoolean()
                        ? FrameBuilder.tcp(1000 + random.nextInt(4), 443).flags(random.nextInt(256))
                        : FrameBuilder.udp(2000 + random.nextInt(4), 53);
                if (random.nextBoolean()) frame.ipv6();
                byte[] bytes = frame.payload(random.nextInt(30)).build();
                XdpAction expected = (XdpAction) run.invoke(null, XdpContext.of(bytes));
                assertEquals(expected.code(), kernel.testRun(bytes, 1).retval(), "verdict of frame " + i);
            }
            BpfLruHashMap<Object, Object> flows = InProcessCompiler.staticField(program, "flows");
            KernelMap<Object, Object> kernelFlows = InProcessCompiler.kernelMap(loaded, "flows", keyType, statsType);
            Map<Object, List<Object>> jvm = counted(flows.entries(), statsType);
            assertEquals(jvm, counted(kernelFlows.entries(), statsType), "packets, bytes and flags per flow");
            assertTrue(jvm.size() >= 12, "flows of both families and both protocols: " + jvm.keySet());
            BpfHashMap<Object, Object> byProtocol = InProcessCompiler.staticField(program, "byProtocol");
            assertEquals(byProtocol.entries(), Map.copyOf(InProcessCompiler.kernelMap(loaded, "byProtocol", Integer.class, totalsType).entries()), "byProtocol");
            assertEquals(2, byProtocol.size(), "TCP and UDP");
        }
    }

    private static Map<Object, List<Object>> counted(Map<Object, Object> entries, Class<?> statsType) throws ReflectiveOperationException {
        Map<Object, List<Object>> out = new HashMap<>();
        for (var e : entries.entrySet()) {
            Object s = e.getValue();
            out.put(e.getKey(), List.of(statsType.getMethod("packets").invoke(s), statsType.getMethod("bytes").invoke(s),
                    statsType.getMethod("flags").invoke(s)));
        }
        return out;
    }
}
