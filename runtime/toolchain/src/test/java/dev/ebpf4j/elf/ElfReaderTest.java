package dev.ebpf4j.elf;

import static dev.ebpf4j.elf.ElfLayout.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.binary.FormatException;
import dev.ebpf4j.elf.ElfLayout.Field;
import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ElfReaderTest {
    private static final byte[] SAMPLE = Fixtures.sample();
    private static final ElfFile PARSED = ElfFile.read(SAMPLE);

    /** The sample with one edit; {@code at} gives the header offset of section {@code name}. */
    private static byte[] edited(Consumer<MemorySegment> edit) {
        byte[] copy = SAMPLE.clone();
        edit.accept(MemorySegment.ofArray(copy));
        return copy;
    }

    private static long sectionHeader(String name) {
        return sectionHeader(PARSED.section(name).orElseThrow().index());
    }

    private static long sectionHeader(int index) {
        return E_SHOFF.get(MemorySegment.ofArray(SAMPLE), 0) + index * SECTION_HEADER.byteSize();
    }

    private static FormatException rejects(byte[] bytes, long offset, String problemPart) {
        FormatException e = assertThrows(FormatException.class, () -> ElfFile.read(bytes));
        assertTrue(e.problem().contains(problemPart), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        return e;
    }

    private static FormatException rejectsSectionField(String section, Field field, long value, String problemPart) {
        long at = sectionHeader(section);
        return rejects(edited(s -> field.set(s, at, value)), at + field.offset(), problemPart);
    }

    @Test
    void readsTheHeaderOfAWrittenObject() {
        assertEquals(new ElfHeader(0, ElfHeader.ET_REL, ElfHeader.EM_BPF, 0, 1), PARSED.header());
        assertEquals(".strtab", PARSED.section(PARSED.header().sectionNamesIndex()).name());
    }

    @Test
    void rejectsAFileThatIsNotElf() {
        rejects("hello, world".getBytes(), 0, "not an ELF file");
        rejects(new byte[0], 0, "not an ELF file");
    }

    @Test
    void rejectsAHeaderCutShort() {
        rejects(java.util.Arrays.copyOf(SAMPLE, 40), 0, "the ELF header needs 64 bytes");
    }

    @Test
    void rejects32BitAndBigEndianObjects() {
        rejects(edited(s -> EI_CLASS.set(s, 0, 1)), 4, "ELF class 1 (32-bit) is not ELFCLASS64");
        rejects(edited(s -> EI_DATA.set(s, 0, 2)), 5, "(big-endian) is not little-endian");
    }

    @Test
    void rejectsAnObjectForAnotherMachineNamingIt() {
        FormatException e = rejects(edited(s -> E_MACHINE.set(s, 0, 62)), 18, "e_machine 62 (x86-64) is not EM_BPF (247)");
        assertEquals("offset 0x12: e_machine 62 (x86-64) is not EM_BPF (247): this object was not compiled for BPF "
                + "(use clang -target bpf)", e.getMessage());
    }

    @Test
    void rejectsExecutablesAndSharedObjects() {
        rejects(edited(s -> E_TYPE.set(s, 0, 2)), 16, "not ET_REL (1)");
        rejects(edited(s -> E_TYPE.set(s, 0, 3)), 16, "a shared object");
    }

    @Test
    void rejectsHostileSectionCountsBeforeAllocating() {
        rejects(edited(s -> E_SHNUM.set(s, 0, 0xffff)), E_SHNUM.offset(), "section header table of 65535 entries");
        // e_shnum 0 means the count is in section 0's sh_size.
        rejects(edited(s -> {
            E_SHNUM.set(s, 0, 0);
            SH_SIZE.set(s, sectionHeader(0), -1);
        }), sectionHeader(0) + SH_SIZE.offset(), "section header table of 18446744073709551615 entries");
        rejects(edited(s -> E_SHOFF.set(s, 0, -8)), E_SHNUM.offset(), "does not fit");
        rejects(edited(s -> E_SHENTSIZE.set(s, 0, 40)), E_SHENTSIZE.offset(), "e_shentsize 40 is not 64");
        rejects(edited(s -> E_SHOFF.set(s, 0, 0)), E_SHOFF.offset(), "no section header table");
    }

    @Test
    void rejectsSectionDataOutsideTheFile() {
        long maps = sectionHeader(".maps");
        // Offset and size are reported together, at the header's sh_offset.
        rejects(edited(s -> SH_SIZE.set(s, maps, Long.MAX_VALUE)), maps + SH_OFFSET.offset(),
                "with size 9223372036854775807 does not fit");
        rejects(edited(s -> SH_SIZE.set(s, maps, -1)), maps + SH_OFFSET.offset(), "does not fit");
        rejectsSectionField("xdp", SH_OFFSET, SAMPLE.length + 1L, "does not fit in the " + SAMPLE.length + "-byte file");
        rejectsSectionField("xdp", SH_ADDRALIGN, 12, "alignment 12 is not a power of two");
    }

    @Test
    void acceptsAnyDeclaredSizeForNoBitsSections() {
        long at = sectionHeader(".bss");
        ElfFile elf = ElfFile.read(edited(s -> SH_SIZE.set(s, at, Long.MAX_VALUE)));
        assertEquals(Long.MAX_VALUE, elf.section(".bss").orElseThrow().size());
    }

    @Test
    void rejectsSectionsWhoseDataOverlapBeyondTheFileSize() {
        byte[] bytes = edited(s -> {
            for (int i = 1; i < PARSED.sections().size(); i++) {
                if (PARSED.section(i).type() == SectionType.PROGBITS) {
                    SH_OFFSET.set(s, sectionHeader(i), 0);
                    SH_SIZE.set(s, sectionHeader(i), SAMPLE.length);
                }
            }
        });
        assertTrue(assertThrows(FormatException.class, () -> ElfFile.read(bytes)).problem().contains("their data overlap"));
    }

    @Test
    void rejectsBadSectionNameReferences() {
        rejects(edited(s -> E_SHSTRNDX.set(s, 0, 200)), E_SHSTRNDX.offset(), "e_shstrndx 200 is not a string table");
        rejects(edited(s -> E_SHSTRNDX.set(s, 0, PARSED.section(".maps").orElseThrow().index())),
                E_SHSTRNDX.offset(), "is not a string table");
        Section strtab = PARSED.section(".strtab").orElseThrow();
        long xdp = sectionHeader("xdp");
        // A bad name offset is reported where it points: the end of the string table.
        rejects(edited(s -> SH_NAME.set(s, xdp, strtab.size())), strtab.offset() + strtab.size(),
                "name of section [3] offset " + strtab.size() + " is outside");
    }

    @Test
    void requiresExactlyOneSymbolTable() {
        long symtab = sectionHeader(".symtab");
        rejects(edited(s -> SH_TYPE.set(s, symtab, SectionType.PROGBITS)), E_SHOFF.offset(), "no symbol table");
        long maps = sectionHeader(".maps");
        // The second table found is the one reported.
        rejects(edited(s -> SH_TYPE.set(s, maps, SectionType.SYMTAB)), symtab + SH_TYPE.offset(),
                "sections [11] and [12] are both symbol tables");
    }

    @Test
    void checksTheSymbolTableHeader() {
        rejectsSectionField(".symtab", SH_ENTSIZE, 16, "entry size 16 is not 24");
        rejectsSectionField(".symtab", SH_SIZE, 25, "size 25 is not a multiple of 24");
        rejectsSectionField(".symtab", SH_LINK, PARSED.symbolTableIndex(), "is not a string table");
        rejectsSectionField(".symtab", SH_INFO, 99, "first non-local symbol is 99 but it has only 13 symbols");
    }

    @Test
    void checksEverySymbolsSectionIndexAndName() {
        long symbols = PARSED.symbolTable().offset();
        long bump = symbols + PARSED.symbols("bump").getFirst().index() * SYMBOL.byteSize();
        rejects(edited(s -> ST_SHNDX.set(s, bump, 13)), bump + ST_SHNDX.offset(), "neither one of the 13 sections");
        rejects(edited(s -> ST_SHNDX.set(s, bump, 0xff10)), bump + ST_SHNDX.offset(), "nor UNDEF, ABS or COMMON");
        rejects(edited(s -> ST_SHNDX.set(s, bump, SectionIndex.XINDEX)), bump + ST_SHNDX.offset(), "SHN_XINDEX");
        long strtabSize = PARSED.section(".strtab").orElseThrow().size();
        rejects(edited(s -> ST_NAME.set(s, bump, strtabSize + 5)), PARSED.section(".strtab").orElseThrow().offset() + strtabSize,
                "name of symbol 3 offset");
    }

    @Test
    void checksRelocationSections() {
        rejectsSectionField(".relxdp", SH_ENTSIZE, 24, "entry size 24 is not 16");
        rejectsSectionField(".relxdp", SH_SIZE, 40, "size 40 is not a multiple of 16");
        rejectsSectionField(".relxdp", SH_LINK, 2, "not to the symbol table [12]");
        rejectsSectionField(".relxdp", SH_INFO, 0, "applies to section 0");
        rejectsSectionField(".relxdp", SH_INFO, 13, "applies to section 13");
        long entry = PARSED.section(".relxdp").orElseThrow().offset() + REL.byteSize();
        rejects(edited(s -> R_INFO.set(s, entry, 13L << 32 | 1)), entry + R_INFO.offset(),
                "entry 1 refers to symbol 13 but the symbol table has only 13 symbols");
    }

    @Test
    void readsExtendedSectionNumbering() {
        ElfFile elf = ElfFile.read(edited(s -> {
            E_SHNUM.set(s, 0, 0);
            SH_SIZE.set(s, sectionHeader(0), PARSED.sections().size());
            E_SHSTRNDX.set(s, 0, SectionIndex.XINDEX);
            SH_LINK.set(s, sectionHeader(0), 1);
        }));
        assertEquals(PARSED.sections().size(), elf.sections().size());
        assertEquals(1, elf.header().sectionNamesIndex());
        assertEquals(PARSED.symbols(), elf.symbols());
    }

    @Test
    void lookupsFindSectionsSymbolsAndRelocations() {
        Section text = PARSED.section(".text").orElseThrow();
        assertEquals(java.util.List.of("", "bump"), PARSED.symbolsIn(text.index()).stream().map(Symbol::name).toList());
        assertEquals(".text", PARSED.displayName(PARSED.symbolsIn(text.index()).getFirst()));
        assertEquals(3, PARSED.relocationsFor(PARSED.section("xdp").orElseThrow().index()).size());
        assertEquals(java.util.List.of(), PARSED.relocationsFor(text.index()));
        assertTrue(PARSED.section("nope").isEmpty());
        assertTrue(PARSED.symbols("nope").isEmpty());
    }
}
