package dev.ebpf4j.processor.skeleton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadException;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.object.ObjectWriter;
import dev.ebpf4j.processor.skeleton.SkeletonFixtures.FlowKey;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelPerCpuMap;
import dev.ebpf4j.maps.KernelRingBuffer;
import dev.ebpf4j.sys.PossibleCpus;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.types.MapType;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated Demo skeleton, compiled in the test, loads an object built to match and drives it:
 * programs test-run, maps read and written through their typed accessors, in agreement with what
 * the programs do in the kernel.
 */
@RequiresBpf
class SkeletonKernelTest {
    private static final int XDP_DROP = 1;
    private static final int XDP_PASS = 2;

    @TempDir
    Path dir;

    private Class<?> skeletonClass;

    @BeforeEach
    void compileTheSkeleton() throws Exception {
        Path classes = InTestCompiler.compile(dir, List.of(SkeletonGenerator.generate(SkeletonFixtures.demo())),
                Map.of("dev/ebpf4j/demo/Demo.java", SkeletonFixtures.demoSource()));
        Files.write(classes.resolve("dev/ebpf4j/demo/Demo.bpf.o"), ObjectWriter.write(SkeletonFixtures.demoObject()));
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        skeletonClass = loader.loadClass(SkeletonFixtures.PACKAGE + ".DemoSkeleton");
    }

    @Test
    void programsRunAndMapsRoundTripThroughTheTypedAccessors() throws Exception {
        byte[] frame = new byte[64];
        try (AutoCloseable skeleton = load()) {
            KernelMap<Integer, Long> blockedPorts = accessor(skeleton, "blockedPorts");
            KernelPerCpuMap<Integer, Long> counters = accessor(skeleton, "counters");
            KernelMap<FlowKey, Long> flows = accessor(skeleton, "flows");
            KernelRingBuffer<FlowKey> events = accessor(skeleton, "events");
            Program filter = accessor(skeleton, "filter");
            Program count = accessor(skeleton, "count");

            assertEquals(XDP_PASS, filter.testRun(frame, 1).retval());
            assertTrue(blockedPorts.put(80, 3L));
            assertEquals(3L, blockedPorts.get(80));
            assertEquals(XDP_DROP, filter.testRun(frame, 1).retval());
            assertTrue(blockedPorts.remove(80));
            assertFalse(blockedPorts.remove(80));
            assertEquals(XDP_PASS, filter.testRun(frame, 1).retval());

            // the program built its key on the stack as C lays the struct out; the record finds it
            assertEquals(Map.of(new FlowKey(0x0a000001, (short) 443, (byte) 6), 77L), flows.entries());
            assertTrue(flows.put(new FlowKey(-1, (short) -2, (byte) -3), Long.MIN_VALUE));
            assertEquals(Long.MIN_VALUE, flows.get(new FlowKey(-1, (short) -2, (byte) -3)));
            assertNull(flows.get(new FlowKey(-1, (short) -2, (byte) 3)));

            int cpus = PossibleCpus.count();
            assertEquals(0, count.testRun(frame, 5).retval());
            assertEquals(5, counters.sum(0));
            assertEquals(cpus, counters.perCpu(0).size());
            assertTrue(counters.putPerCpu(1, Collections.nCopies(cpus, 2L)));
            assertEquals(2L * cpus, counters.sum(1));
            assertEquals(2L, counters.get(1));
            counters.increment(1, 40);
            assertEquals(2L * cpus + 40, counters.sum(1));
            assertFalse(counters.put(6, 1L), "index 6 is outside the array");
            assertEquals(List.of(), counters.perCpu(6));

            assertEquals(MapType.RINGBUF, events.handle().type());
            assertEquals(65536, events.handle().maxEntries());
            assertEquals(0, events.consume(event -> {}), "no program of Demo writes events");
        }
    }

    @Test
    void closingReleasesEveryProgramAndMap() throws Exception {
        Program filter;
        MapHandle blockedPorts;
        KernelRingBuffer<FlowKey> events;
        try (AutoCloseable skeleton = load()) {
            events = accessor(skeleton, "events");
            filter = accessor(skeleton, "filter");
            KernelMap<Integer, Long> map = accessor(skeleton, "blockedPorts");
            blockedPorts = map.handle();
        }
        assertThrows(IllegalStateException.class, () -> filter.fd());
        assertThrows(IllegalStateException.class, () -> blockedPorts.fd());
        assertTrue(events.reader().isClosed(), "the ring buffer's reader is closed with the skeleton");
    }

    @Test
    void anObjectThatDoesNotMatchTheSkeletonIsRefusedNamingTheMap() throws Exception {
        Path object = Path.of(skeletonClass.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/ebpf4j/demo/Demo.bpf.o");
        var demo = SkeletonFixtures.demoObject();
        var maps = demo.maps().stream().map(m -> m.name().equals("flows")
                ? dev.ebpf4j.object.MapDefinition.of("flows", MapType.HASH, 12, 8, 64) : m).toList();
        Files.write(object, ObjectWriter.write(new dev.ebpf4j.object.BpfObject(demo.license(), 0, demo.programs(), maps,
                List.of(), demo.btf())));
        var e = assertThrows(IllegalArgumentException.class, this::load);
        assertTrue(e.getMessage().startsWith("map 'flows': keys are 12 bytes in the kernel"), e.getMessage());

        Files.delete(object);
        var missing = assertThrows(LoadException.class, this::load);
        assertTrue(missing.getMessage().startsWith("Demo.bpf.o is not on the class path next to dev.ebpf4j.demo.Demo"),
                missing.getMessage());
    }

    private AutoCloseable load() throws Exception {
        try {
            return (AutoCloseable) skeletonClass.getMethod("load").invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T accessor(Object skeleton, String name) throws ReflectiveOperationException {
        return (T) skeleton.getClass().getMethod(name).invoke(skeleton);
    }
}
