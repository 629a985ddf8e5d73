package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.MapDefinition;
import dev.ebpf4j.object.ObjectReader;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code BpfRingBuffer<Segment>} names its records in the object: the processor's object and
 * clang's object of the C rendering both declare the ring buffer with
 * {@code __type(value, struct Segment[0])}, which gives the records' struct and keeps the value
 * size 0 that the kernel requires (libbpf creates ring buffers with the value type's size, so
 * {@code __type(value, struct Segment)} would make bpftool fail); our reader finds the struct,
 * bpftool loads both objects and generates skeletons of them, and the skeleton-side reader refuses a
 * Java record of another layout in one line.
 */
class RingBufferRecordTypeTest {
    private static InProcessCompiler.Output output;

    /** The layout of Segments.Segment as C lays it out: member offsets and sizes, 24 bytes. */
    private static final List<List<Long>> SEGMENT = List.of(List.of(0L, 4L), List.of(4L, 4L), List.of(8L, 2L), List.of(10L, 2L),
            List.of(12L, 1L), List.of(16L, 8L));

    /** The same size as Segment, but the ports as one int: member 3 differs. */
    public record PortsTogether(int source, int destination, int ports, byte flags, long length) {}

    @BeforeAll
    static void compile() throws Exception {
        output = InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-ringbuf-type"),
                Map.of("events.Segments", RingBufferKernelTest.SOURCE));
    }

    @Test
    void ourObjectNamesTheRecordsOfTheRingBufferWithValueSizeZero() {
        assertSegmentRecords(ObjectReader.read(output.resource("events/Segments.bpf.o")));
    }

    @Test
    void clangsObjectOfTheCRenderingNamesThemToo() {
        assertSegmentRecords(ObjectReader.read(output.clangObject("events/Segments")));
    }

    @Test
    @RequiresBpf
    void bpftoolLoadsBothObjectsAndGeneratesSkeletonsOfThem() throws Exception {
        ExternalTool bpftool = ExternalTool.require("bpftool");
        Path ours = output.classes().resolve("events/Segments.bpf.o");
        output.clangObject("events/Segments");
        Path clangs = output.classes().resolve("events/Segments.clang.o");
        try (PrivateBpffs bpffs = PrivateBpffs.mount()) {
            for (Path object : List.of(ours, clangs)) {
                Path pins = bpffs.dir().resolve(object.getFileName().toString().replace('.', '_'));
                var load = bpftool.run("prog", "loadall", object.toString(), pins.toString(), "pinmaps", pins.resolve("maps").toString());
                assertEquals(0, load.exitCode(), load.stderr());
                var show = bpftool.run("map", "show", "pinned", pins.resolve("maps/segments").toString());
                assertTrue(show.stdout().contains("ringbuf") && show.stdout().contains("value 0B"), show.stdout());
                var skeleton = bpftool.run("gen", "skeleton", object.toString());
                assertEquals(0, skeleton.exitCode(), skeleton.stderr());
                assertTrue(skeleton.stdout().contains("struct bpf_map *segments;"), "the ring buffer in bpftool's skeleton");
            }
        }
    }

    @Test
    @RequiresBpf
    void theTypedReaderRefusesARecordOfAnotherLayoutInOneLine() throws Exception {
        for (byte[] object : List.of(output.resource("events/Segments.bpf.o"), output.clangObject("events/Segments"))) {
            try (var loader = output.classLoader();
                 LoadedObject loaded = dev.ebpf4j.processor.fixture.Kernel.load(object)) {
                Class<?> segment = loader.loadClass("events.Segments$Segment");
                loaded.ringBuffer("segments", segment).close();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> loaded.ringBuffer("segments", PortsTogether.class));
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
                assertTrue(e.getMessage().startsWith("ring buffer 'segments': "), e.getMessage());
                assertTrue(e.getMessage().contains("does not match the object's struct"), e.getMessage());
                assertTrue(e.getMessage().contains("member 3 is ports at byte 8, 4 bytes in Java, "), e.getMessage());
                assertTrue(e.getMessage().contains("at byte 8, 2 bytes in the object"), e.getMessage());
                assertTrue(loaded.warnings().stream().noneMatch(w -> w.contains("segments")), "created without complaint: " + loaded.warnings());
            }
        }
    }

    private static void assertSegmentRecords(BpfObject object) {
        MapDefinition segments = object.maps().stream().filter(m -> m.name().equals("segments")).findFirst().orElseThrow();
        assertEquals(0, segments.valueSize(), "a ring buffer's value size");
        Btf btf = object.btf();
        int record = segments.recordTypeId(btf);
        assertTrue(record != 0, "the records' type");
        BtfType.Struct struct = btf.type(btf.skipQualifiers(record), BtfType.Struct.class);
        assertTrue(struct.name().contains("Segment"), struct.name());
        assertEquals(24, struct.size());
        assertEquals(SEGMENT, struct.members().stream().map(m -> List.of(m.bitOffset() / 8, btf.sizeOf(m.type()))).toList());
    }
}
