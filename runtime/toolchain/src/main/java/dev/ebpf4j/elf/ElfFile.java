package dev.ebpf4j.elf;

import dev.ebpf4j.binary.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed relocatable BPF object: its header, every section (index 0 is the null section), the
 * one symbol table (index 0 is the null symbol) and every {@code SHT_REL} section, with lookups
 * that cost constant time.
 *
 * <pre>{@code
 * ElfFile elf = ElfFile.read(Files.readAllBytes(Path.of("prog.bpf.o")));
 * Section xdp = elf.section("xdp").orElseThrow();
 * for (Relocation r : elf.relocationsFor(xdp.index())) {
 *     Symbol target = elf.symbol(r.symbolIndex());
 *     System.out.println(r.typeName() + " at " + r.offset() + " -> " + elf.displayName(target));
 * }
 * }</pre>
 */
public final class ElfFile {
    private final ElfHeader header;
    private final List<Section> sections;
    private final List<Symbol> symbols;
    private final int symbolTableIndex;
    private final List<RelocationSection> relocationSections;
    private final Map<String, Section> sectionsByName = new HashMap<>();
    private final List<List<Symbol>> symbolsBySection;
    private final Map<String, List<Symbol>> symbolsByName = new HashMap<>();
    private final List<List<Relocation>> relocationsByTarget;

    /**
     * An object from its parts; {@link #read(byte[])} is the usual way to get one. Indexes must be
     * consistent: each section's and symbol's index is its position, relocation sections and
     * symbols refer to existing sections, relocations to existing symbols.
     */
    public ElfFile(ElfHeader header, List<Section> sections, List<Symbol> symbols, int symbolTableIndex,
                   List<RelocationSection> relocationSections) {
        this.header = Objects.requireNonNull(header);
        this.sections = List.copyOf(sections);
        this.symbols = List.copyOf(symbols);
        this.symbolTableIndex = symbolTableIndex;
        this.relocationSections = List.copyOf(relocationSections);
        if (symbolTableIndex < 0 || symbolTableIndex >= this.sections.size()) {
            throw new IllegalArgumentException("symbol table index " + symbolTableIndex + " is not a section");
        }
        symbolsBySection = emptyLists(this.sections.size());
        relocationsByTarget = emptyLists(this.sections.size());
        for (int i = 0; i < this.sections.size(); i++) {
            Section section = this.sections.get(i);
            if (section.index() != i) {
                throw new IllegalArgumentException("section " + section.name() + " has index " + section.index() + " at position " + i);
            }
            sectionsByName.putIfAbsent(section.name(), section);
        }
        for (int i = 0; i < this.symbols.size(); i++) {
            Symbol symbol = this.symbols.get(i);
            if (symbol.index() != i) {
                throw new IllegalArgumentException("symbol " + symbol.name() + " has index " + symbol.index() + " at position " + i);
            }
            if (symbol.isInSection()) {
                if (symbol.sectionIndex() >= this.sections.size()) {
                    throw new IllegalArgumentException("symbol " + symbol + " refers to a missing section");
                }
                if (i != 0) {
                    symbolsBySection.get(symbol.sectionIndex()).add(symbol);
                }
            }
            if (!symbol.name().isEmpty()) {
                symbolsByName.computeIfAbsent(symbol.name(), _ -> new ArrayList<>()).add(symbol);
            }
        }
        for (RelocationSection rel : this.relocationSections) {
            if (rel.targetSection() <= 0 || rel.targetSection() >= this.sections.size()) {
                throw new IllegalArgumentException("relocation section " + rel.name() + " targets a missing section");
            }
            for (Relocation r : rel.relocations()) {
                if (r.symbolIndex() >= this.symbols.size()) {
                    throw new IllegalArgumentException(rel.name() + ": relocation " + r + " refers to a missing symbol");
                }
            }
            relocationsByTarget.get(rel.targetSection()).addAll(rel.relocations());
        }
    }

    private static <T> List<List<T>> emptyLists(int count) {
        List<List<T>> lists = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    /**
     * Parses a whole object.
     *
     * @throws FormatException naming the file offset and the problem if {@code bytes} is not a
     *     well-formed ELF64 little-endian relocatable BPF object
     */
    public static ElfFile read(byte[] bytes) {
        return ElfReader.read(bytes);
    }

    /** Reads and parses the object at {@code path}. */
    public static ElfFile read(Path path) throws IOException {
        return read(Files.readAllBytes(path));
    }

    public ElfHeader header() {
        return header;
    }

    /** All sections by index, including the null section at 0 and the string, symbol and relocation tables. */
    public List<Section> sections() {
        return sections;
    }

    public Section section(int index) {
        return sections.get(index);
    }

    /** The first section called {@code name}. */
    public Optional<Section> section(String name) {
        return Optional.ofNullable(sectionsByName.get(name));
    }

    /** All symbols by index, including the null symbol at 0. */
    public List<Symbol> symbols() {
        return symbols;
    }

    public Symbol symbol(int index) {
        return symbols.get(index);
    }

    /** Symbols called {@code name} (locals of different files may share one), in table order. */
    public List<Symbol> symbols(String name) {
        return Collections.unmodifiableList(symbolsByName.getOrDefault(name, List.of()));
    }

    /** Symbols defined in section {@code sectionIndex} (section symbols included), in table order. */
    public List<Symbol> symbolsIn(int sectionIndex) {
        return Collections.unmodifiableList(symbolsBySection.get(sectionIndex));
    }

    public int symbolTableIndex() {
        return symbolTableIndex;
    }

    public Section symbolTable() {
        return sections.get(symbolTableIndex);
    }

    public List<RelocationSection> relocationSections() {
        return relocationSections;
    }

    /** The relocations that patch section {@code targetIndex}, in file order; empty if none. */
    public List<Relocation> relocationsFor(int targetIndex) {
        return Collections.unmodifiableList(relocationsByTarget.get(targetIndex));
    }

    /** The symbol's name, or for an unnamed section symbol its section's name, as llvm-readelf shows it. */
    public String displayName(Symbol symbol) {
        if (symbol.name().isEmpty() && symbol.isSectionSymbol() && symbol.isInSection()) {
            return sections.get(symbol.sectionIndex()).name();
        }
        return symbol.name();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ElfFile f && header.equals(f.header) && sections.equals(f.sections)
                && symbols.equals(f.symbols) && symbolTableIndex == f.symbolTableIndex
                && relocationSections.equals(f.relocationSections);
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, sections, symbols, relocationSections);
    }

    @Override
    public String toString() {
        return "ElfFile[" + sections.size() + " sections, " + symbols.size() + " symbols, "
                + relocationSections.size() + " relocation sections]";
    }
}
