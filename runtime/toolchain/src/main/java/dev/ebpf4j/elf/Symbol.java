package dev.ebpf4j.elf;

/**
 * One symbol table entry.
 *
 * <pre>{@code
 * for (Symbol s : elf.symbolsIn(elf.section("xdp").orElseThrow().index())) {
 *     if (s.type() == SymbolType.FUNC && !s.isLocal()) { ... a program entry ... }
 * }
 * }</pre>
 *
 * @param index position in the symbol table (0 is the null symbol); relocations refer to it
 * @param name from the symbol string table; empty for section symbols as LLVM writes them
 * @param value {@code st_value}: an offset in the section for defined symbols
 * @param size {@code st_size}
 * @param binding {@link SymbolBinding}
 * @param type {@link SymbolType}
 * @param other {@code st_other}: the {@link #visibility()} in the low bits
 * @param sectionIndex the defining section, or {@link SectionIndex#UNDEF}, {@link SectionIndex#ABS},
 *     {@link SectionIndex#COMMON}
 */
public record Symbol(int index, String name, long value, long size, int binding, int type, int other,
                     int sectionIndex) {
    public Symbol {
        if (index < 0) {
            throw new IllegalArgumentException("negative symbol index " + index);
        }
        if (name == null) {
            throw new NullPointerException("name");
        }
        if (binding < 0 || binding > 15 || type < 0 || type > 15) {
            throw new IllegalArgumentException("symbol " + name + ": binding " + binding + " and type " + type
                    + " must each fit 4 bits");
        }
        if (other < 0 || other > 0xff) {
            throw new IllegalArgumentException("symbol " + name + ": st_other " + other + " does not fit a byte");
        }
        if (sectionIndex < 0 || sectionIndex > 0xffff
                || sectionIndex >= SectionIndex.LORESERVE && !SectionIndex.isSpecial(sectionIndex)) {
            throw new IllegalArgumentException("symbol " + name + ": section index 0x" + Integer.toHexString(sectionIndex)
                    + " is neither a section nor UNDEF, ABS or COMMON");
        }
    }

    /** The null symbol every symbol table starts with. */
    public static Symbol nullSymbol() {
        return new Symbol(0, "", 0, 0, SymbolBinding.LOCAL, SymbolType.NOTYPE, 0, SectionIndex.UNDEF);
    }

    public int visibility() {
        return other & 3;
    }

    public boolean isLocal() {
        return binding == SymbolBinding.LOCAL;
    }

    public boolean isUndefined() {
        return sectionIndex == SectionIndex.UNDEF;
    }

    /** Whether the symbol is defined in a real section (not UNDEF, ABS or COMMON). */
    public boolean isInSection() {
        return !SectionIndex.isSpecial(sectionIndex);
    }

    public boolean isSectionSymbol() {
        return type == SymbolType.SECTION;
    }

    @Override
    public String toString() {
        return index + ": " + (name.isEmpty() ? "\"\"" : name) + " value=0x" + Long.toHexString(value) + " size=" + size
                + " " + SymbolType.name(type) + " " + SymbolBinding.name(binding) + " "
                + SymbolVisibility.name(visibility()) + (other > 3 ? " other=0x" + Integer.toHexString(other) : "")
                + " ndx=" + SectionIndex.name(sectionIndex);
    }
}
