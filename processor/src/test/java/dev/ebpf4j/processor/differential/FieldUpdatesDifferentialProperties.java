package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.maps.KernelPerCpuMap;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.program.JvmEnvironment;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfArray;
import dev.ebpf4j.program.maps.BpfHashMap;
import dev.ebpf4j.program.maps.BpfPerCpuHashMap;
import dev.ebpf4j.program.maps.BpfLruHashMap;
import dev.ebpf4j.program.maps.BpfPerCpuArray;
import dev.ebpf4j.program.maps.InMemoryMaps;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The in-place flow tracker of {@link FieldUpdatesKernelTest} three ways on the same random frames
 * and random initial maps: on the JVM, the processor's object in the kernel, clang's object from
 * the C rendering in the kernel. Verdicts and the maps afterwards must agree.
 */
@RequiresBpf
@AddLifecycleHook(KernelAtomics.SkipWithoutBitwise.class)
class FieldUpdatesDifferentialProperties {
    private static final int FRAMES = 60;
    private static URLClassLoader loader;
    private static LoadedObject[] objects;
    private static Class<?> program;
    private static Constructor<?> newKey;
    private static Constructor<?> newStats;

    @BeforeContainer
    static void load() throws Exception {
        InProcessCompiler.Output output = InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-field-updates"),
                Map.of("flows.InPlace", FieldUpdatesKernelTest.IN_PLACE));
        loader = output.classLoader();
        program = loader.loadClass("flows.InPlace");
        newKey = loader.loadClass("flows.InPlace$FlowKey").getDeclaredConstructors()[0];
        newStats = loader.loadClass("flows.InPlace$FlowStats").getDeclaredConstructors()[0];
        objects = new LoadedObject[] {Kernel.load(output.resource("flows/InPlace.bpf.o")),
                Kernel.load(output.clangObject("flows/InPlace"))};
    }

    @AfterContainer
    static void close() throws Exception {
        if (objects != null) for (LoadedObject object : objects) object.close();
        if (loader != null) loader.close();
    }

    @Property(tries = 30)
    @SuppressWarnings("unchecked")
    void theInPlaceFlowTrackerAgreesEverywhere(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        Map<Object, Object> initialFlows = new java.util.LinkedHashMap<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            initialFlows.put(key(random), newStats.newInstance(random.nextLong(), random.nextLong(), 0L, 0L, random.nextInt()));
        }
        if (random.nextBoolean()) initialFlows.put(newKey.newInstance(0, 0, 0, 0, 0), newStats.newInstance(0L, 0L, 0L, 0L, 0));
        Object total = newStats.newInstance(random.nextLong(), random.nextLong(), 0L, 0L, random.nextInt());
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            frames.add(random.nextInt(10) == 0 ? FrameBuilder.udp(53, 53).build()
                    : FrameBuilder.tcp(1000 + random.nextInt(4), 80 + random.nextInt(2)).flags(random.nextInt(256))
                    .addresses(0x0a000001 + random.nextInt(3), 0xc0a80001).payload(random.nextInt(64)).build());
        }

        Method track = program.getMethod("track", XdpContext.class);
        InMemoryMaps.clear(program);
        JvmEnvironment.current().cpu(0);
        BpfLruHashMap<Object, Object> flows = InProcessCompiler.staticField(program, "flows");
        BpfArray<Object> totals = InProcessCompiler.staticField(program, "totals");
        BpfPerCpuArray<Object> perCpu = InProcessCompiler.staticField(program, "perCpu");
        initialFlows.forEach(flows::put);
        totals.put(0, total);
        List<Integer> jvmVerdicts = new ArrayList<>();
        for (byte[] frame : frames) jvmVerdicts.add(((XdpAction) track.invoke(null, XdpContext.of(frame))).code());

        for (LoadedObject object : objects) {
            KernelMap<Object, Object> kernelFlows = map(object, "flows", newKey.getDeclaringClass());
            KernelMap<Object, Object> kernelTotals = map(object, "totals", Integer.class);
            KernelPerCpuMap<Object, Object> kernelPerCpu = perCpuMap(object);
            KernelMap<Object, Object> kernelByPort = map(object, "byPort", Integer.class);
            KernelPerCpuMap<Object, Object> kernelPerCpuByPort = KernelMaps.perCpu(object.map("perCpuByPort"),
                    (Class<Object>) (Class<?>) Integer.class, (Class<Object>) newStats.getDeclaringClass());
            kernelFlows.keys().forEach(kernelFlows::remove);
            kernelByPort.keys().forEach(kernelByPort::remove);
            kernelPerCpuByPort.keys().forEach(kernelPerCpuByPort::remove);
            initialFlows.forEach(kernelFlows::put);
            Object zero = newStats.newInstance(0L, 0L, 0L, 0L, 0);
            kernelTotals.put(0, total);
            kernelTotals.put(1, zero);
            kernelPerCpu.putPerCpu(0, Collections.nCopies(kernelPerCpu.possibleCpus(), zero));
            List<Integer> verdicts = new ArrayList<>();
            for (byte[] frame : frames) verdicts.add(object.program("track").testRun(frame, 1).retval());
            String which = (object == objects[0] ? "our object" : "clang's object") + ", seed " + seed;
            assertEquals(jvmVerdicts, verdicts, which + ": verdicts");
            assertEquals(flows.entries(), Map.copyOf(kernelFlows.entries()), which + ": flows");
            assertEquals(totals.get(0), kernelTotals.get(0), which + ": totals[0]");
            assertEquals(totals.get(1), kernelTotals.get(1), which + ": totals[1]");
            BpfHashMap<Object, Object> byPort = InProcessCompiler.staticField(program, "byPort");
            assertEquals(byPort.entries(), Map.copyOf(kernelByPort.entries()), which + ": byPort");
            BpfPerCpuHashMap<Object, Object> perCpuByPort = InProcessCompiler.staticField(program, "perCpuByPort");
            Map<Object, Long> jvmSums = new java.util.HashMap<>();
            Map<Object, Long> kernelSums = new java.util.HashMap<>();
            Method packetsOfPort = newStats.getDeclaringClass().getMethod("packets");
            for (Object port : perCpuByPort.keys()) jvmSums.put(port, sum(packetsOfPort, perCpuByPort.perCpu(port)));
            for (Object port : kernelPerCpuByPort.keys()) kernelSums.put(port, sum(packetsOfPort, kernelPerCpuByPort.perCpu(port)));
            assertEquals(jvmSums, kernelSums, which + ": perCpuByPort packets over the CPUs");
            long packets = 0;
            Method packetsOf = newStats.getDeclaringClass().getMethod("packets");
            for (Object stats : kernelPerCpu.perCpu(0)) packets += (Long) packetsOf.invoke(stats);
            assertEquals(packetsOf.invoke(perCpu.get(0)), packets, which + ": per-CPU packets, summed");
        }
    }

    private static long sum(Method packets, List<?> perCpu) throws ReflectiveOperationException {
        long sum = 0;
        for (Object stats : perCpu) sum += (Long) packets.invoke(stats);
        return sum;
    }

    private static Object key(Random random) throws ReflectiveOperationException {
        return newKey.newInstance(0x0a000001 + random.nextInt(3), 0xc0a80001, 1000 + random.nextInt(4), 80 + random.nextInt(2), 6);
    }

    @SuppressWarnings("unchecked")
    private static KernelMap<Object, Object> map(LoadedObject loaded, String name, Class<?> key) {
        return KernelMaps.of(loaded.map(name), (Class<Object>) key, (Class<Object>) newStats.getDeclaringClass());
    }

    @SuppressWarnings("unchecked")
    private static KernelPerCpuMap<Object, Object> perCpuMap(LoadedObject loaded) {
        return KernelMaps.perCpu(loaded.map("perCpu"), (Class<Object>) (Class<?>) Integer.class,
                (Class<Object>) newStats.getDeclaringClass());
    }
}
