package dev.ebpf4j.object;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.InstructionCodec;
import dev.ebpf4j.asm.Reference;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.elf.ElfFile;
import dev.ebpf4j.elf.Section;
import dev.ebpf4j.elf.Symbol;
import dev.ebpf4j.types.AttachType;
import dev.ebpf4j.types.MapType;
import dev.ebpf4j.types.ProgramType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Objects clang-19 compiles from the fixtures in {@code fixtures/object} read back completely. */
class ObjectReaderClangTest {
    private static final Reference.Kind MAP = Reference.Kind.MAP;
    private static final Reference.Kind GLOBAL = Reference.Kind.GLOBAL;
    private static final Reference.Kind FUNCTION = Reference.Kind.FUNCTION;

    /** A reference located by slot, as llvm-objdump numbers instructions. */
    private record At(int slot, Reference.Kind kind, String symbol, int offset) {}

    private static List<At> bySlot(ProgramDefinition program) {
        Code code = program.code();
        return code.references().stream().map(r -> new At(code.slotOf(r.instructionIndex()), r.kind(), r.symbol(), r.offset())).toList();
    }

    @Test
    void readsProgramsAndSubprogramsWithTheirSectionsAndKinds() {
        BpfObject object = ObjectReader.read(ObjectFixtures.compiledBytes("full"));
        assertEquals(List.of("bump", "scale", "xdp_count", "tc_count"), object.programs().stream().map(ProgramDefinition::name).toList());
        ProgramDefinition bump = object.program("bump").orElseThrow();
        assertEquals(ProgramDefinition.Role.SUBPROGRAM, bump.role());
        assertEquals(".text", bump.section());
        ProgramDefinition xdp = object.program("xdp_count").orElseThrow();
        assertEquals(new ProgramKind(ProgramType.XDP, Optional.of(AttachType.XDP)), xdp.kind());
        assertEquals(ProgramKind.of(ProgramType.SCHED_CLS), object.program("tc_count").orElseThrow().kind());
        assertEquals(List.of("scale", "bump"), xdp.callees());
        assertEquals("GPL", object.license());
    }

    @Test
    void instructionsAreTheFunctionsBytesWithTheirPlaceholdersInFileForm() throws Exception {
        byte[] bytes = ObjectFixtures.compiledBytes("full");
        ElfFile elf = ElfFile.read(bytes);
        BpfObject object = ObjectReader.read(bytes);
        for (ProgramDefinition program : object.programs()) {
            Section section = elf.section(program.section()).orElseThrow();
            Symbol symbol = elf.symbols(program.name()).getFirst();
            byte[] original = java.util.Arrays.copyOfRange(section.data(), (int) symbol.value(), (int) (symbol.value() + symbol.size()));
            List<Instruction> file = ObjectWriter.fileForm(program.code());
            List<Instruction> clang = InstructionCodec.decodeAll(original);
            assertEquals(clang.size(), file.size(), program.name());
            for (int i = 0; i < clang.size(); i++) {
                // clang calls .text-relative (imm = callee/8 - 1); the model keeps libbpf's -1 against the callee.
                if (!(clang.get(i) instanceof Instruction.Call c && c.kind() == dev.ebpf4j.asm.CallKind.FUNCTION)) {
                    assertEquals(clang.get(i), file.get(i), program.name() + " instruction " + i);
                }
            }
        }
    }

    @Test
    void turnsRelocationsIntoSymbolicReferences() {
        BpfObject object = ObjectReader.read(ObjectFixtures.compiledBytes("full"));
        assertEquals(List.of(new At(4, MAP, "counts", 0)), bySlot(object.program("bump").orElseThrow()));
        assertEquals(List.of(new At(1, GLOBAL, "shift", 0), new At(5, GLOBAL, "hits", 0)), bySlot(object.program("scale").orElseThrow()));
        assertEquals(List.of(
                new At(4, MAP, "per_cpu", 0), new At(11, GLOBAL, "limit", 0), new At(14, GLOBAL, "zeroed", 0),
                new At(18, GLOBAL, "total", 0), new At(23, FUNCTION, "scale", 0), new At(26, FUNCTION, "bump", 0),
                new At(27, GLOBAL, "flag", 0)), bySlot(object.program("xdp_count").orElseThrow()));
        assertEquals(List.of(new At(2, FUNCTION, "bump", 0), new At(5, GLOBAL, "zeroed", 0)), bySlot(object.program("tc_count").orElseThrow()));
    }

    @Test
    void readsMapsFromTheirBtfDefinitions() {
        BpfObject object = ObjectReader.read(ObjectFixtures.compiledBytes("full"));
        assertEquals(List.of("per_cpu", "counts", "events", "outer"), object.maps().stream().map(MapDefinition::name).toList());
        MapDefinition counts = object.map("counts").orElseThrow();
        assertEquals(MapType.HASH, counts.type());
        assertEquals(4, counts.keySize());
        assertEquals(16, counts.valueSize());
        assertEquals(1024, counts.maxEntries());
        assertEquals("__u32", object.btf().type(counts.keyTypeId()).name());
        assertEquals("stats", object.btf().type(counts.valueTypeId()).name());
        assertEquals(MapDefinition.of("per_cpu", MapType.PERCPU_ARRAY, 4, 8, 4), object.map("per_cpu").orElseThrow());
        assertEquals(MapDefinition.of("events", MapType.RINGBUF, 0, 0, 4096), object.map("events").orElseThrow());
        MapDefinition outer = object.map("outer").orElseThrow();
        assertEquals(MapType.ARRAY_OF_MAPS, outer.type());
        assertEquals(4, outer.valueSize());
        MapDefinition inner = outer.inner().orElseThrow();
        assertEquals("outer.inner", inner.name());
        assertEquals(MapType.ARRAY, inner.type());
        assertEquals(8, inner.valueSize());
        assertEquals(1, inner.maxEntries());
    }

    @Test
    void readsGlobalsInEveryDataSectionWithTheirTypes() {
        BpfObject object = ObjectReader.read(ObjectFixtures.compiledBytes("full"));
        assertEquals(List.of(".data", ".rodata", ".bss"), object.dataSections().stream().map(DataSection::name).toList());
        DataSection data = object.dataSection(".data").orElseThrow();
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0}, data.contents());
        assertEquals(List.of("total", "hits"), data.variables().stream().map(DataSection.Variable::name).toList());
        DataSection rodata = object.dataSection(".rodata").orElseThrow();
        assertArrayEquals(new byte[] {10, 0, 0, 0, 3, 0, 0, 0}, rodata.contents());
        assertEquals(DataSection.Kind.RODATA, rodata.kind());
        assertEquals(4, rodata.variable("shift").orElseThrow().offset());
        assertTrue(object.btf().type(object.btf().skipQualifiers(rodata.variable("limit").orElseThrow().typeId())) instanceof BtfType.Typedef
                || object.btf().type(rodata.variable("limit").orElseThrow().typeId()) instanceof BtfType.Const);
        DataSection bss = object.dataSection(".bss").orElseThrow();
        assertEquals(20, bss.size());
        assertEquals(0, bss.contents().length);
        assertEquals(new DataSection.Variable("flag", 16, 4, bss.variable("flag").orElseThrow().typeId()), bss.variable("flag").orElseThrow());
        assertEquals("stats", object.btf().type(bss.variable("zeroed").orElseThrow().typeId()).name());
    }

    @Test
    void fillsInTheDatasecSizesAndOffsetsClangLeavesAtZero() {
        BpfObject object = ObjectReader.read(ObjectFixtures.compiledBytes("full"));
        var id = object.btf().findId(dev.ebpf4j.btf.BtfKind.DATASEC, ".rodata").orElseThrow();
        BtfType.Datasec rodata = object.btf().type(id, BtfType.Datasec.class);
        assertEquals(8, rodata.size());
        assertEquals(List.of(0L, 4L), rodata.vars().stream().map(BtfType.VarSecinfo::offset).toList());
    }

    @Test
    void lineMarksCarryTheSourceLinesClangRecorded() {
        BpfObject object = ObjectReader.read(ObjectFixtures.compiledBytes("full"));
        List<String> source = ObjectFixtures.source("full").lines().toList();
        for (ProgramDefinition program : object.programs()) {
            List<Code.LineMark> marks = program.code().lines();
            assertFalse(marks.isEmpty(), program.name());
            assertEquals(0, marks.getFirst().instructionIndex(), program.name());
            for (Code.LineMark mark : marks) {
                assertTrue(mark.line().file().endsWith("full.c"), mark.toString());
                assertEquals(source.get(mark.line().line() - 1), mark.line().text(), mark.toString());
                assertTrue(mark.line().column() >= 0, mark.toString());
            }
        }
        assertTrue(object.programs().stream().flatMap(p -> p.code().lines().stream()).anyMatch(m -> m.line().column() > 0));
        assertTrue(object.program("tc_count").orElseThrow().code().lines().stream()
                .anyMatch(m -> m.line().text().contains("zeroed.bytes += bump(2, 64);")));
    }

    @Test
    void readsPinningFlagsMapExtraStaticGlobalsAndStringSections() {
        BpfObject object = ObjectReader.read(ObjectFixtures.compiledBytes("pinned"));
        MapDefinition pinned = object.map("pinned").orElseThrow();
        assertEquals(MapDefinition.Pinning.BY_NAME, pinned.pinning());
        assertEquals(1, pinned.flags());
        assertEquals(8, pinned.keySize());
        assertEquals(MapDefinition.of("bloom", MapType.BLOOM_FILTER, 0, 8, 128).withMapExtra(3), object.map("bloom").orElseThrow());
        assertEquals(MapDefinition.of("jumps", MapType.PROG_ARRAY, 4, 4, 4), object.map("jumps").orElseThrow());
        ProgramDefinition filter = object.program("filter").orElseThrow();
        assertEquals(ProgramKind.of(ProgramType.SOCKET_FILTER), filter.kind());
        // Static variables are reached through their section symbol, with the offset in the immediate.
        assertEquals(List.of(new At(0, GLOBAL, ".data", 0), new At(7, GLOBAL, ".rodata.str1.1", 0), new At(13, GLOBAL, "sink", 0)),
                bySlot(filter));
        assertArrayEquals("hello\0".getBytes(), object.dataSection(".rodata.str1.1").orElseThrow().contents());
        assertEquals(DataSection.Kind.RODATA, object.dataSection(".rodata.str1.1").orElseThrow().kind());
        assertEquals(ProgramKind.of(ProgramType.KPROBE), object.program("probe").orElseThrow().kind());
        assertEquals("kprobe/tcp_v4_connect", object.program("probe").orElseThrow().section());
        assertEquals("Dual BSD/GPL", object.license());
    }
}
