package dev.ebpf4j.elf;

import java.util.HashMap;
import java.util.Map;

/** Rebuilds a read object through {@link ElfWriter}: the content sections, symbols and relocations. */
final class ElfCopy {
    private ElfCopy() {}

    /**
     * A writer holding {@code elf}'s sections except the tables the writer makes itself, and
     * {@code .llvm_addrsig}, whose symbol indexes would not survive reordering.
     */
    static ElfWriter of(ElfFile elf) {
        return of(elf, new HashMap<>());
    }

    /** As {@link #of(ElfFile)}, filling {@code sections} with the writer's handle for each copied section index. */
    static ElfWriter of(ElfFile elf, Map<Integer, ElfWriter.SectionRef> sections) {
        ElfWriter w = new ElfWriter().flags(elf.header().flags()).osAbi(elf.header().osAbi());
        for (Section s : elf.sections()) {
            switch (s.type()) {
                case SectionType.NULL, SectionType.STRTAB, SectionType.SYMTAB, SectionType.REL, SectionType.LLVM_ADDRSIG -> {}
                case SectionType.NOBITS -> sections.put(s.index(), w.addNoBits(s.name(), s.flags(), s.addralign(), s.size()));
                default -> sections.put(s.index(), w.addSection(s.name(), s.type(), s.flags(), s.addralign(), s.entsize(), s.data()));
            }
        }
        ElfWriter.SymbolRef[] symbols = new ElfWriter.SymbolRef[elf.symbols().size()];
        for (Symbol s : elf.symbols().subList(1, elf.symbols().size())) {
            symbols[s.index()] = s.isInSection()
                    ? w.addSymbol(s.name(), s.value(), s.size(), s.binding(), s.type(), s.other(), sections.get(s.sectionIndex()))
                    : w.addSymbol(s.name(), s.value(), s.size(), s.binding(), s.type(), s.other(), s.sectionIndex());
        }
        for (RelocationSection rel : elf.relocationSections()) {
            for (Relocation r : rel.relocations()) {
                w.addRelocation(sections.get(rel.targetSection()), r.offset(), symbols[r.symbolIndex()], r.type());
            }
        }
        return w;
    }
}
