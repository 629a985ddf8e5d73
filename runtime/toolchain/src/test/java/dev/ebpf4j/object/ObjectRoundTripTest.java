package dev.ebpf4j.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.btf.BtfKind;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.elf.ElfFile;
import dev.ebpf4j.elf.RelocationType;
import dev.ebpf4j.elf.Section;
import dev.ebpf4j.elf.SectionFlags;
import dev.ebpf4j.elf.Symbol;
import dev.ebpf4j.elf.SymbolBinding;
import dev.ebpf4j.elf.SymbolType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectRoundTripTest {
    @Test
    void readingWhatWeWroteGivesTheCompletedObject() {
        BpfObject sample = ObjectFixtures.sample();
        BpfObject completed = ObjectWriter.complete(sample);
        assertNotEquals(sample.btf(), completed.btf(), "the sample lacks FUNC and map types on purpose");
        assertEquals(completed, ObjectReader.read(ObjectWriter.write(sample)));
        assertEquals(completed, ObjectReader.read(ObjectWriter.write(completed)));
    }

    @Test
    void completingTwiceChangesNothing() {
        BpfObject completed = ObjectWriter.complete(ObjectFixtures.sample());
        assertEquals(completed, ObjectWriter.complete(completed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"full", "pinned", "global_sub"})
    void aClangObjectReadWrittenAndReadAgainGivesTheSameModel(String fixture) {
        BpfObject first = ObjectReader.read(ObjectFixtures.compiledBytes(fixture));
        assertEquals(first, ObjectWriter.complete(first), "a clang object needs no completion");
        byte[] written = ObjectWriter.write(first);
        assertEquals(first, ObjectReader.read(written));
        assertEquals(ElfFile.read(written), ElfFile.read(ObjectWriter.write(ObjectReader.read(written))), "writing is deterministic");
    }

    @Test
    void writesTheShapeLibbpfExpects() {
        ElfFile elf = ElfFile.read(ObjectWriter.write(ObjectFixtures.sample()));
        Section xdp = elf.section("xdp").orElseThrow();
        assertEquals(SectionFlags.ALLOC | SectionFlags.EXECINSTR, xdp.flags());
        Symbol entry = elf.symbols("xdp_count").getFirst();
        assertEquals(SymbolBinding.GLOBAL, entry.binding());
        assertEquals(SymbolType.FUNC, entry.type());
        assertEquals(xdp.size(), entry.size());
        Symbol sub = elf.symbols("bump").getFirst();
        assertEquals(SymbolBinding.LOCAL, sub.binding());
        assertEquals(".text", elf.section(sub.sectionIndex()).name());
        assertEquals("GPL\0", new String(elf.section("license").orElseThrow().data()));
        assertTrue(elf.section(".rel.BTF").isEmpty() && elf.section(".rel.BTF.ext").isEmpty());
        // As clang writes a call of a static function in another section: against that section's symbol, the
        // callee's slot there minus one in the immediate (bump starts .text: -1); map and variable loads have immediate 0.
        var relocations = elf.relocationsFor(xdp.index());
        assertEquals(List.of(RelocationType.R_BPF_64_64, RelocationType.R_BPF_64_64, RelocationType.R_BPF_64_64, RelocationType.R_BPF_64_32),
                relocations.stream().map(r -> r.type()).toList());
        Symbol callTarget = elf.symbol(relocations.get(3).symbolIndex());
        assertTrue(callTarget.isSectionSymbol() && ".text".equals(elf.section(callTarget.sectionIndex()).name()), "the call's symbol is .text's");
        byte[] code = xdp.data();
        assertEquals(-1, java.nio.ByteBuffer.wrap(code, (int) relocations.get(3).offset() + 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
        assertEquals(0, code[(int) relocations.get(0).offset() + 1] >> 4, "ld_imm64 of a global has src 0 in the file");
        // The .bss reference goes through the section symbol with the offset in the immediate.
        assertEquals(Symbol.class, elf.symbol(relocations.get(2).symbolIndex()).getClass());
        assertTrue(elf.symbol(relocations.get(2).symbolIndex()).isSectionSymbol());
        assertEquals(8, code[(int) relocations.get(2).offset() + 4]);
    }

    @Test
    void synthesizesBtfForFunctionsMapsAndUntypedVariables() {
        BpfObject completed = ObjectWriter.complete(ObjectFixtures.sample());
        var btf = completed.btf();
        BtfType.Func xdp = btf.type(btf.findId(BtfKind.FUNC, "xdp_count").orElseThrow(), BtfType.Func.class);
        assertEquals(BtfType.FuncLinkage.GLOBAL, xdp.linkage());
        assertEquals(BtfType.FuncLinkage.STATIC, btf.type(btf.findId(BtfKind.FUNC, "bump").orElseThrow(), BtfType.Func.class).linkage());
        BtfType.Datasec maps = btf.type(btf.findId(BtfKind.DATASEC, ".maps").orElseThrow(), BtfType.Datasec.class);
        assertEquals(4, maps.vars().size());
        DataSection.Variable flag = completed.dataSection(".bss").orElseThrow().variable("flag").orElseThrow();
        assertEquals(4, btf.sizeOf(flag.typeId()));
    }
}
