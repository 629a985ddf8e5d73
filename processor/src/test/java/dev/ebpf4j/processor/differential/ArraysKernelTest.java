package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfArray;
import dev.ebpf4j.program.maps.BpfHashMap;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A program with fixed-size arrays end to end: local arrays filled in loops and at masked indices,
 * records with {@code @Size} arrays as hash map keys and values (a per-flow histogram) and as array
 * values (the first 8 bytes of the TCP header), compiled by the processor from source and run on
 * the JVM, in the kernel from our object, and in the kernel from clang's object of the C
 * rendering: the maps must agree after every frame.
 */
@Tag("kernel")
class ArraysKernelTest {
    static final String SOURCE = ProgramSources.program("gen.Arrays", """
            public record Flow(@Size(4) byte[] addr, char port, boolean tcp) {}
            public record Histogram(@Size(8) long[] buckets, @Size(3) short[] last, int count, int signedSum) {}
            public record Header(@Size(8) byte[] bytes, @Size(2) char[] ports, @Size(3) boolean[] flags, int previousSum) {}

            @MapDef(maxEntries = 64)
            static final BpfHashMap<Flow, Histogram> histograms = new BpfHashMap<>();
            @MapDef(maxEntries = 2)
            static final BpfArray<Header> headers = new BpfArray<>();

            """ + ProgramSources.overTcp("run", """
            byte[] addr = new byte[4];
            int source = ip.source();
            int signedSum = 0;
            for (int i = 0; i < addr.length; i++) {
                addr[i] = (byte) (source >>> (24 - 8 * i));
                signedSum += addr[i];
            }
            Flow flow = new Flow(addr, (char) tcp.destinationPort(), true);
            Histogram old = histograms.get(flow);
            long[] buckets = new long[8];
            short[] last = new short[3];
            int count = 0;
            if (old != null) {
                for (int i = 0; i < 8; i++) buckets[i] = old.buckets()[i];
                for (int i = 0; i < last.length; i++) last[i] = old.last()[i];
                count = old.count();
            }
            buckets[tcp.window() & 7]++;
            buckets[(tcp.flags() >>> 1) & 7] += 10;
            last[2] = last[1];
            last[1] = last[0];
            last[0] = (short) tcp.sourcePort();
            histograms.put(flow, new Histogram(buckets, last, count + 1, signedSum));

            int previousSum = 0;
            Header previous = headers.get(0);
            if (previous != null) {
                byte[] before = previous.bytes();
                for (int i = 0; i < 8; i++) previousSum += before[i] * (i + 1);
                previousSum += previous.ports()[1] + (previous.flags()[2] ? 1000 : 0);
            }
            byte[] bytes = new byte[8];
            int port = tcp.sourcePort();
            bytes[0] = (byte) (port >>> 8);
            bytes[1] = (byte) port;
            bytes[2] = (byte) (tcp.destinationPort() >>> 8);
            bytes[3] = (byte) tcp.destinationPort();
            long sequence = tcp.sequenceNumber();
            for (int i = 4; i < 8; i++) bytes[i] = (byte) (sequence >>> (56 - 8 * i));
            char[] ports = {(char) tcp.sourcePort(), (char) tcp.destinationPort()};
            boolean[] flags = new boolean[3];
            flags[0] = tcp.syn();
            flags[1] = tcp.ack();
            flags[2] = tcp.fin() || tcp.rst();
            headers.put(0, new Header(bytes, ports, flags, previousSum));
            """) + """

            @MapDef(maxEntries = 1)
            static final BpfArray<Long> sums = new BpfArray<>();

            /** Arrays longer than the compare chains: indexed by a bounded pointer add (5.12 and later). */
            """ + ProgramSources.overTcp("wide", """
            long[] big = new long[20];
            for (int i = 0; i < big.length; i++) big[i] = (long) i * tcp.window() - tcp.sourcePort();
            byte[] wide = new byte[32];
            wide[tcp.sourcePort() & 31] = (byte) tcp.window();
            wide[(tcp.sourcePort() >>> 5) & 31] += 3;
            long sum = big[(tcp.sourcePort() & 15) + 4] + big[tcp.flags() & 7];
            sum += wide[tcp.destinationPort() & 31] + wide[ip.ttl() & 31] + wide[(tcp.sourcePort() >>> 5) & 31];
            sums.increment(0, sum);
            """));

    private static InProcessCompiler.Output output;

    @BeforeAll
    static void compile() throws Exception {
        output = InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-arrays"), Map.of("gen.Arrays", SOURCE));
    }

    static List<byte[]> frames() {
        List<byte[]> frames = new ArrayList<>();
        int[][] cases = {
                {0x0a000001, 1234, 80, 0x02}, {0x0a000001, 1234, 80, 0x12}, {0xc0a80102, 40000, 443, 0x10},
                {0x0a000001, 65535, 80, 0x01}, {0xff7f8001, 32768, 443, 0x04}, {0xc0a80102, 40001, 443, 0x18},
        };
        for (int[] c : cases) {
            byte[] frame = FrameBuilder.tcp(c[1], c[2]).addresses(c[0], 0x0a0000fe).flags(c[3]).build();
            // a window and a sequence number that vary with the case
            frame[14 + 20 + 14] = (byte) (c[1] >>> 3);
            frame[14 + 20 + 15] = (byte) c[3];
            frame[14 + 20 + 4] = (byte) (c[1] * 7);
            frame[14 + 20 + 7] = (byte) (0x80 | c[2]);
            frames.add(frame);
        }
        return frames;
    }

    @Test
    @RequiresBpf
    void ourObjectAgreesWithTheJvm() throws Exception {
        agree(output.resource("gen/Arrays.bpf.o"));
    }

    @Test
    @RequiresBpf
    void clangsObjectOfTheCRenderingAgreesWithTheJvm() throws Exception {
        agree(output.clangObject("gen/Arrays"));
    }

    @Test
    void theBtfOfOurObjectDescribesTheArrayMembers() throws Exception {
        ExternalTool bpftool = ExternalTool.require("bpftool");
        Path object = output.classes().resolve("gen/Arrays.bpf.o");
        String dump = bpftool.run(List.of("btf", "dump", "file", object.toString())).stdout();
        assertTrue(dump.contains("'buckets' type_id="), dump);
        assertTrue(dump.matches("(?s).*ARRAY '\\(anon\\)' type_id=\\d+ index_type_id=\\d+ nr_elems=8.*"), dump);
        assertTrue(dump.matches("(?s).*STRUCT 'Arrays_Histogram' size=80 vlen=4.*"), dump);
    }

    @Test
    @RequiresBpf
    void theSkeletonReadsAndWritesRecordsWithArraysThatTheProgramUses() throws Exception {
        try (var loader = output.classLoader()) {
            Class<?> skeletonClass = loader.loadClass("gen.ArraysSkeleton");
            Class<?> flow = loader.loadClass("gen.Arrays$Flow");
            Class<?> histogram = loader.loadClass("gen.Arrays$Histogram");
            try (AutoCloseable skeleton = (AutoCloseable) skeletonClass.getMethod("load").invoke(null)) {
                @SuppressWarnings("unchecked")
                KernelMap<Object, Object> histograms = (KernelMap<Object, Object>) skeletonClass.getMethod("histograms").invoke(skeleton);
                dev.ebpf4j.programs.Program run = (dev.ebpf4j.programs.Program) skeletonClass.getMethod("run").invoke(skeleton);
                Object key = flow.getDeclaredConstructors()[0].newInstance(new byte[] {10, 0, 0, 1}, (char) 80, true);
                long[] buckets = {1, 2, 3, 4, 5, 6, 7, 8};
                Object seeded = histogram.getDeclaredConstructors()[0].newInstance(buckets, new short[] {-1, -2, -3}, 41, 0);
                assertTrue(histograms.put(key, seeded));
                byte[] frame = FrameBuilder.tcp(1234, 80).addresses(0x0a000001, 0x0a0000fe).flags(0x02).build();
                assertEquals(2, run.testRun(frame, 1).retval());
                // the builder's window ends in 7 (bucket 7 + 1), SYN: flags >>> 1 & 7 = 1 (bucket 1 + 10); last shifted
                assertEquals("Histogram[buckets=[1, 12, 3, 4, 5, 6, 7, 9] last=[1234, -1, -2] count=42 signedSum=11 ]",
                        describe(histograms.get(key)));
            }
        }
    }

    private void agree(byte[] object) throws Exception {
        LoadedObject loaded;
        try {
            loaded = Kernel.load(object);
        } catch (RuntimeException e) {
            throw new AssertionError("the kernel refuses the program: " + e.getMessage(), e);
        }
        try (var loader = output.classLoader(); LoadedObject kernel = loaded) {
            Class<?> program = loader.loadClass("gen.Arrays");
            Class<?> flow = loader.loadClass("gen.Arrays$Flow");
            Class<?> histogram = loader.loadClass("gen.Arrays$Histogram");
            Class<?> header = loader.loadClass("gen.Arrays$Header");
            Method run = program.getMethod("run", XdpContext.class);
            BpfHashMap<Object, Object> histograms = InProcessCompiler.staticField(program, "histograms");
            BpfArray<Object> headers = InProcessCompiler.staticField(program, "headers");
            BpfArray<Long> sums = InProcessCompiler.staticField(program, "sums");
            Method wide = program.getMethod("wide", XdpContext.class);
            KernelMap<Integer, Long> kernelSums = KernelMaps.of(kernel.map("sums"), Integer.class, Long.class);
            @SuppressWarnings({"unchecked", "rawtypes"})
            KernelMap<Object, Object> kernelHistograms = (KernelMap) KernelMaps.of(kernel.map("histograms"), flow, histogram);
            @SuppressWarnings({"unchecked", "rawtypes"})
            KernelMap<Integer, Object> kernelHeaders = (KernelMap) KernelMaps.of(kernel.map("headers"), Integer.class, header);
            histograms.clear();
            headers.clear();
            sums.clear();
            int n = 0;
            for (byte[] frame : frames()) {
                n++;
                run.invoke(null, XdpContext.of(frame));
                assertEquals(2, kernel.program("run").testRun(frame, 1).retval(), "XDP_PASS");
                assertEquals(describe(histograms.entries()), describe(kernelHistograms.entries()), "histograms after frame " + n);
                assertEquals(describe(headers.get(0)), describe(kernelHeaders.get(0)), "header after frame " + n);
                wide.invoke(null, XdpContext.of(frame));
                assertEquals(2, kernel.program("wide").testRun(frame, 1).retval(), "XDP_PASS");
                assertEquals(sums.get(0), kernelSums.get(0), "sums after frame " + n);
            }
            assertEquals(3, histograms.size());
        }
    }

    /** Records and maps of them as text, arrays by their elements, map entries sorted. */
    static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> map -> {
                Map<String, String> sorted = new TreeMap<>();
                map.forEach((k, v) -> sorted.put(describe(k), describe(v)));
                yield sorted.toString();
            }
            case Record record -> {
                StringBuilder out = new StringBuilder(record.getClass().getSimpleName()).append('[');
                for (RecordComponent component : record.getClass().getRecordComponents()) {
                    try {
                        component.getAccessor().setAccessible(true);
                        Object part = component.getAccessor().invoke(record);
                        out.append(component.getName()).append('=').append(describe(part)).append(' ');
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
                yield out.append(']').toString();
            }
            default -> {
                if (!value.getClass().isArray()) yield String.valueOf(value);
                List<String> elements = new ArrayList<>();
                for (int i = 0; i < Array.getLength(value); i++) elements.add(String.valueOf(Array.get(value, i)));
                yield elements.toString();
            }
        };
    }
}
