package dev.ebpf4j.elf;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our reader and writer against llvm-readelf-19 and clang-19, the tools whose view of ELF everyone shares. */
class ReadelfOracleTest {
    @TempDir
    Path dir;

    @Test
    void readerAgreesWithLlvmReadelfOnAClangObject() throws IOException {
        Path object = Fixtures.compiled("elf_sections");
        assertAgree(ElfFile.read(object), Readelf.of(object));
    }

    @Test
    void readerFindsWhatTheClangFixtureDeclares() throws IOException {
        ElfFile elf = ElfFile.read(Fixtures.compiled("elf_sections"));
        Section xdp = elf.section("xdp").orElseThrow();
        Section text = elf.section(".text").orElseThrow();
        Section bss = elf.section(".bss").orElseThrow();
        assertEquals(SectionFlags.ALLOC | SectionFlags.EXECINSTR, xdp.flags());
        assertEquals(SectionType.NOBITS, bss.type());
        assertEquals(16, bss.size());
        assertEquals(0, bss.data().length);
        assertEquals("GPL\0", new String(elf.section("license").orElseThrow().data(), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(32, elf.section(".maps").orElseThrow().size());

        Symbol countXdp = elf.symbols("count_xdp").getFirst();
        assertEquals(List.of(SymbolBinding.GLOBAL, SymbolType.FUNC, xdp.index(), xdp.size()),
                List.of(countXdp.binding(), countXdp.type(), countXdp.sectionIndex(), countXdp.size()));
        Symbol bump = elf.symbols("bump").getFirst();
        assertTrue(bump.isLocal());
        assertTrue(elf.symbolsIn(text.index()).contains(bump));
        assertEquals(elf.section(".maps").orElseThrow().index(), elf.symbols("counters").getFirst().sectionIndex());
        assertTrue(elf.symbols().subList(1, elf.symbolTable().info()).stream().allMatch(Symbol::isLocal));
        assertTrue(elf.symbols().subList(elf.symbolTable().info(), elf.symbols().size()).stream().noneMatch(Symbol::isLocal));

        List<String> xdpRelocations = new ArrayList<>();
        for (Relocation r : elf.relocationsFor(xdp.index())) {
            xdpRelocations.add(r.typeName() + " " + elf.displayName(elf.symbol(r.symbolIndex())));
        }
        assertTrue(xdpRelocations.containsAll(List.of("R_BPF_64_64 packets", "R_BPF_64_64 limit", "R_BPF_64_64 dropped",
                "R_BPF_64_32 .text")), xdpRelocations.toString());
        RelocationSection relXdp = elf.relocationSections().stream().filter(r -> r.targetSection() == xdp.index()).findFirst().orElseThrow();
        assertEquals(".relxdp", relXdp.name());
        assertEquals(elf.symbolTableIndex(), relXdp.symbolTable());
    }

    @Test
    void writerOutputIsWhatLlvmReadelfShowsWithoutWarnings() throws IOException {
        Path object = dir.resolve("sample.o");
        Files.write(object, Fixtures.sample());
        Readelf readelf = Readelf.of(object);
        assertEquals("", readelf.warnings());
        assertAgree(ElfFile.read(object), readelf);

        List<String> sections = readelf.sections().stream()
                .map(s -> s.index() + " " + s.name() + " " + s.type() + " " + s.flags() + " " + s.link() + " " + s.info()
                        + " " + s.align() + " " + s.entsize())
                .toList();
        assertEquals(List.of(
                "0  NULL  0 0 0 0",
                "1 .strtab STRTAB  0 0 1 0",
                "2 .text PROGBITS AX 0 0 8 0",
                "3 xdp PROGBITS AX 0 0 8 0",
                "4 .relxdp REL I 12 3 8 16",
                "5 tc PROGBITS AX 0 0 8 0",
                "6 .reltc REL I 12 5 8 16",
                "7 .data PROGBITS WA 0 0 8 0",
                "8 .rodata PROGBITS A 0 0 4 0",
                "9 .bss NOBITS WA 0 0 8 0",
                "10 license PROGBITS WA 0 0 1 0",
                "11 .maps PROGBITS WA 0 0 8 0",
                "12 .symtab SYMTAB  1 5 8 24"),
                sections);

        List<String> symbols = readelf.symbols().stream()
                .map(s -> s.index() + " " + s.name() + " " + s.type() + " " + s.bind() + " " + s.visibility() + " " + s.ndx()
                        + " " + s.value() + " " + s.size())
                .toList();
        assertEquals(List.of(
                "0  NOTYPE LOCAL DEFAULT UND 0 0",
                "1 sample.c FILE LOCAL DEFAULT ABS 0 0",
                "2 .text SECTION LOCAL DEFAULT 2 0 0",
                "3 bump FUNC LOCAL DEFAULT 2 0 16",
                "4 seen OBJECT LOCAL DEFAULT 9 0 4",
                "5 count_xdp FUNC GLOBAL DEFAULT 3 0 48",
                "6 count_tc FUNC GLOBAL DEFAULT 5 0 24",
                "7 packets OBJECT GLOBAL DEFAULT 7 0 8",
                "8 limit OBJECT GLOBAL DEFAULT 8 0 4",
                "9 dropped OBJECT GLOBAL DEFAULT 9 8 8",
                "10 counters OBJECT GLOBAL DEFAULT 11 0 32",
                "11 _license OBJECT GLOBAL DEFAULT 10 0 4",
                "12 bpf_extern NOTYPE GLOBAL HIDDEN UND 0 0"), symbols);

        List<String> relocations = new ArrayList<>();
        readelf.relocations().forEach((name, lines) -> lines.forEach(r ->
                relocations.add(name + " " + r.offset() + " " + r.type() + " " + r.symbolName())));
        assertEquals(List.of(
                ".relxdp 0 R_BPF_64_64 counters",
                ".relxdp 16 R_BPF_64_64 packets",
                ".relxdp 32 R_BPF_64_32 .text",
                ".reltc 0 R_BPF_64_32 .text"), relocations);
    }

    @Test
    void clangObjectRebuiltByOurWriterKeepsEverySectionSymbolAndRelocation() throws IOException {
        ElfFile original = ElfFile.read(Fixtures.compiled("elf_sections"));
        Path object = dir.resolve("rebuilt.o");
        Files.write(object, ElfCopy.of(original).toBytes());
        Readelf readelf = Readelf.of(object);
        assertEquals("", readelf.warnings());
        ElfFile rebuilt = ElfFile.read(object);
        assertAgree(rebuilt, readelf);

        // Our layout is clang's, less .llvm_addrsig: content sections and symbols keep their indexes.
        assertEquals(original.symbols(), rebuilt.symbols());
        for (Section s : original.sections()) {
            if (s.type() == SectionType.STRTAB || s.type() == SectionType.SYMTAB || s.type() == SectionType.LLVM_ADDRSIG) {
                continue;
            }
            Section copy = rebuilt.section(s.index());
            assertEquals(withoutPlacement(s), withoutPlacement(copy), s.name());
        }
        assertEquals(original.relocationSections().size(), rebuilt.relocationSections().size());
        for (int i = 0; i < original.relocationSections().size(); i++) {
            RelocationSection a = original.relocationSections().get(i);
            RelocationSection b = rebuilt.relocationSections().get(i);
            assertEquals(List.of(a.index(), a.name(), a.targetSection(), a.relocations()),
                    List.of(b.index(), b.name(), b.targetSection(), b.relocations()));
        }
    }

    /** The section with the fields that depend on where the writer put things cleared. */
    private static Section withoutPlacement(Section s) {
        int link = s.type() == SectionType.REL ? 0 : s.link();
        return new Section(s.index(), s.name(), s.type(), s.flags(), 0, s.size(), link, s.info(), s.addralign(), s.entsize(),
                s.data());
    }

    static void assertAgree(ElfFile elf, Readelf readelf) {
        List<Runnable> checks = new ArrayList<>();
        assertEquals(readelf.sections().size(), elf.sections().size(), "section count");
        for (Readelf.SectionLine line : readelf.sections()) {
            Section s = elf.section(line.index());
            assertEquals(line, new Readelf.SectionLine(s.index(), s.name(), SectionType.name(s.type()), s.offset(), s.size(),
                    s.entsize(), SectionFlags.keys(s.flags()), s.link(), s.info(), s.addralign()));
        }
        assertEquals(readelf.symbols().size(), elf.symbols().size(), "symbol count");
        for (Readelf.SymbolLine line : readelf.symbols()) {
            Symbol s = elf.symbol(line.index());
            checks.add(() -> assertEquals(line, new Readelf.SymbolLine(s.index(), s.value(), s.size(), SymbolType.name(s.type()),
                    SymbolBinding.name(s.binding()), SymbolVisibility.name(s.visibility()), SectionIndex.name(s.sectionIndex()),
                    elf.displayName(s))));
        }
        assertEquals(readelf.relocations().keySet().stream().toList(),
                elf.relocationSections().stream().map(RelocationSection::name).toList());
        for (RelocationSection rel : elf.relocationSections()) {
            List<Readelf.RelocationLine> lines = readelf.relocations().get(rel.name());
            assertEquals(lines.size(), rel.relocations().size(), rel.name());
            for (int i = 0; i < lines.size(); i++) {
                Relocation r = rel.relocations().get(i);
                Symbol symbol = elf.symbol(r.symbolIndex());
                Readelf.RelocationLine expected = lines.get(i);
                checks.add(() -> assertEquals(expected, new Readelf.RelocationLine(r.offset(),
                        (long) r.symbolIndex() << 32 | Integer.toUnsignedLong(r.type()), r.typeName(), symbol.value(),
                        elf.displayName(symbol))));
            }
        }
        assertAll(checks.stream().map(c -> c::run));
    }
}
