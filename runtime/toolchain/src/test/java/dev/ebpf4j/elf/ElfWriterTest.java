package dev.ebpf4j.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ElfWriterTest {
    @Test
    void writtenObjectReadsBackWithLocalsFirstAndTablesLinked() {
        ElfFile elf = ElfFile.read(Fixtures.sample());
        assertEquals(List.of("", ".strtab", ".text", "xdp", ".relxdp", "tc", ".reltc", ".data", ".rodata", ".bss",
                "license", ".maps", ".symtab"), elf.sections().stream().map(Section::name).toList());
        assertEquals(List.of("", "sample.c", "", "bump", "seen", "count_xdp", "count_tc", "packets", "limit", "dropped",
                "counters", "_license", "bpf_extern"), elf.symbols().stream().map(Symbol::name).toList());
        Section symtab = elf.symbolTable();
        assertEquals(1, symtab.link());
        assertEquals(5, symtab.info());
        RelocationSection relXdp = elf.relocationSections().getFirst();
        assertEquals(List.of(".relxdp", 3, 12), List.of(relXdp.name(), relXdp.targetSection(), relXdp.symbolTable()));
        assertEquals(List.of(new Relocation(0, 10, RelocationType.R_BPF_64_64), new Relocation(16, 7, RelocationType.R_BPF_64_64),
                new Relocation(32, 2, RelocationType.R_BPF_64_32)), relXdp.relocations());
        assertEquals(new Symbol(12, "bpf_extern", 0, 0, SymbolBinding.GLOBAL, SymbolType.NOTYPE, SymbolVisibility.HIDDEN,
                SectionIndex.UNDEF), elf.symbol(12));
        assertArrayEquals(Fixtures.returnConstant(1), elf.section(".text").orElseThrow().data());
        for (Section s : elf.sections()) {
            if (s.addralign() > 1) {
                assertEquals(0, s.offset() % s.addralign(), s.toString());
            }
        }
    }

    @Test
    void rewritingAReadObjectGivesTheSameBytes() {
        byte[] first = Fixtures.sample();
        byte[] second = ElfCopy.of(ElfFile.read(first)).toBytes();
        assertArrayEquals(first, second);
        assertArrayEquals(first, Fixtures.sampleWriter().toBytes());
    }

    @Test
    void headerFlagsAndOsAbiRoundTrip() {
        ElfWriter w = new ElfWriter().flags(0x8000_0001L).osAbi(3);
        w.addSection("x", SectionType.PROGBITS, 0, 1, 0, new byte[] {1});
        ElfHeader header = ElfFile.read(w.toBytes()).header();
        assertEquals(new ElfHeader(3, ElfHeader.ET_REL, ElfHeader.EM_BPF, 0x8000_0001L, 1), header);
    }

    @Test
    void anEmptyWriterStillMakesAValidObject() {
        ElfFile elf = ElfFile.read(new ElfWriter().toBytes());
        assertEquals(List.of("", ".strtab", ".symtab"), elf.sections().stream().map(Section::name).toList());
        assertEquals(List.of(Symbol.nullSymbol()), elf.symbols());
    }

    @Test
    void largeObjectsRoundTrip() {
        // 100,000 symbols and relocations: anything quadratic in the writer or reader would not finish.
        int count = 100_000;
        ElfWriter w = new ElfWriter();
        ElfWriter.SectionRef text = w.addSection(".text", SectionType.PROGBITS, SectionFlags.ALLOC | SectionFlags.EXECINSTR, 8, 0,
                new byte[count * 8]);
        for (int i = 0; i < count; i++) {
            ElfWriter.SymbolRef f = w.addSymbol("f" + i, i * 8L, 8, i % 2 == 0 ? SymbolBinding.GLOBAL : SymbolBinding.LOCAL,
                    SymbolType.FUNC, 0, text);
            w.addRelocation(text, i * 8L, f, RelocationType.R_BPF_64_32);
        }
        ElfFile elf = ElfFile.read(w.toBytes());
        assertEquals(count + 1, elf.symbols().size());
        assertEquals(count / 2 + 1, elf.symbolTable().info());
        assertEquals(count, elf.relocationsFor(elf.section(".text").orElseThrow().index()).size());
        assertEquals(count, elf.symbolsIn(elf.section(".text").orElseThrow().index()).size());
        assertEquals("f99999", elf.symbols("f99999").getFirst().name());
    }

    @Test
    void rejectsProgrammingMistakesAtOnce() {
        ElfWriter w = new ElfWriter();
        ElfWriter.SectionRef bss = w.addNoBits(".bss", SectionFlags.ALLOC, 8, 8);
        ElfWriter.SymbolRef symbol = w.addSectionSymbol(bss);
        ElfWriter other = new ElfWriter();
        ElfWriter.SectionRef foreign = other.addSection("x", SectionType.PROGBITS, 0, 1, 0, new byte[0]);
        assertMessage("contains a NUL", () -> w.addSection("a\0b", SectionType.PROGBITS, 0, 1, 0, new byte[0]));
        assertMessage("makes STRTAB sections itself", () -> w.addSection("s", SectionType.STRTAB, 0, 1, 0, new byte[0]));
        assertMessage("use addNoBits", () -> w.addSection("s", SectionType.NOBITS, 0, 1, 0, new byte[0]));
        assertMessage("makes the .symtab section itself", () -> w.addSection(".symtab", SectionType.PROGBITS, 0, 1, 0, new byte[0]));
        assertMessage("alignment 3 is not a power of two", () -> w.addSection("s", SectionType.PROGBITS, 0, 3, 0, new byte[0]));
        assertMessage("belongs to another writer", () -> w.addSectionSymbol(foreign));
        assertMessage("has no bytes to relocate", () -> w.addRelocation(bss, 0, symbol, RelocationType.R_BPF_64_64));
        assertMessage("must each fit 4 bits", () -> w.addSymbol("s", 0, 0, 16, SymbolType.FUNC, 0, bss));
        assertMessage("is not UNDEF, ABS or COMMON", () -> w.addSymbol("s", 0, 0, SymbolBinding.GLOBAL, SymbolType.FUNC, 0, 5));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
