package dev.ebpf4j.elf;

import static dev.ebpf4j.elf.ElfLayout.*;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a relocatable BPF object (ELF64, little-endian, ET_REL, EM_BPF) from sections, symbols
 * and relocations, laid out as clang lays them out: the null section, one {@code .strtab} holding
 * both section and symbol names, each content section followed by its {@code .rel<name>} section,
 * and {@code .symtab} last. Symbols are ordered as ELF requires (the null symbol, locals, then the
 * rest), so handles stand for symbols until {@link #toBytes()} fixes their indexes.
 *
 * <pre>{@code
 * ElfWriter w = new ElfWriter();
 * ElfWriter.SectionRef xdp = w.addSection("xdp", SectionType.PROGBITS,
 *         SectionFlags.ALLOC | SectionFlags.EXECINSTR, 8, 0, code);
 * ElfWriter.SectionRef maps = w.addSection(".maps", SectionType.PROGBITS,
 *         SectionFlags.ALLOC | SectionFlags.WRITE, 8, 0, new byte[32]);
 * w.addSymbol("prog", 0, code.length, SymbolBinding.GLOBAL, SymbolType.FUNC, 0, xdp);
 * ElfWriter.SymbolRef counters = w.addSymbol("counters", 0, 32, SymbolBinding.GLOBAL, SymbolType.OBJECT, 0, maps);
 * w.addRelocation(xdp, 16, counters, RelocationType.R_BPF_64_64);
 * byte[] object = w.toBytes();
 * }</pre>
 *
 * <p>Not thread-safe; a writer may be written out any number of times.
 */
public final class ElfWriter {
    private static final String STRTAB = ".strtab";
    private static final String SYMTAB = ".symtab";
    private static final long TABLE_ALIGNMENT = 8;

    /** A section added to this writer. */
    public record SectionRef(ElfWriter owner, int ordinal, String name) {
        @Override
        public boolean equals(Object other) {
            return other instanceof SectionRef s && s.owner == owner && s.ordinal == ordinal;
        }

        @Override
        public int hashCode() {
            return ordinal;
        }

        @Override
        public String toString() {
            return "section " + name;
        }
    }

    /** A symbol added to this writer; its final index is known only once the object is written. */
    public record SymbolRef(ElfWriter owner, int ordinal, String name) {
        @Override
        public boolean equals(Object other) {
            return other instanceof SymbolRef s && s.owner == owner && s.ordinal == ordinal;
        }

        @Override
        public int hashCode() {
            return ordinal;
        }

        @Override
        public String toString() {
            return "symbol " + name;
        }
    }

    private record PendingSection(String name, int type, long flags, long addralign, long entsize, long size, byte[] data,
                                  List<PendingRelocation> relocations) {}

    private record PendingSymbol(String name, long value, long size, int binding, int type, int other,
                                 SectionRef section, int specialIndex) {}

    private record PendingRelocation(long offset, SymbolRef symbol, int type) {}

    private final List<PendingSection> sections = new ArrayList<>();
    private final List<PendingSymbol> symbols = new ArrayList<>();
    private long flags;
    private int osAbi;

    /** Sets {@code e_flags} (0 unless a consumer defines a meaning). */
    public ElfWriter flags(long eFlags) {
        if (eFlags < 0 || eFlags > 0xffff_ffffL) {
            throw new IllegalArgumentException("e_flags 0x" + Long.toHexString(eFlags) + " do not fit 32 bits");
        }
        this.flags = eFlags;
        return this;
    }

    /** Sets {@code e_ident[EI_OSABI]} (0, System V, unless copying an object that says otherwise). */
    public ElfWriter osAbi(int value) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException("OS ABI " + value + " does not fit a byte");
        }
        this.osAbi = value;
        return this;
    }

    /**
     * Adds a section with bytes. The writer makes the string, symbol and relocation tables itself,
     * so {@code type} may not be NULL, SYMTAB, STRTAB, REL, RELA, SYMTAB_SHNDX or NOBITS (see
     * {@link #addNoBits}).
     */
    public SectionRef addSection(String name, int type, long flags, long addralign, long entsize, byte[] data) {
        switch (type) {
            case SectionType.NULL, SectionType.SYMTAB, SectionType.STRTAB, SectionType.REL, SectionType.RELA,
                 SectionType.SYMTAB_SHNDX ->
                    throw new IllegalArgumentException("section " + name + ": the writer makes " + SectionType.name(type)
                            + " sections itself");
            case SectionType.NOBITS -> throw new IllegalArgumentException("section " + name + ": use addNoBits");
            default -> {}
        }
        return add(name, type, flags, addralign, entsize, data.length, data.clone());
    }

    /** Adds a section that occupies {@code size} bytes in memory and none in the file, like {@code .bss}. */
    public SectionRef addNoBits(String name, long flags, long addralign, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("section " + name + ": negative size " + size);
        }
        return add(name, SectionType.NOBITS, flags, addralign, 0, size, new byte[0]);
    }

    private SectionRef add(String name, int type, long flags, long addralign, long entsize, long size, byte[] data) {
        checkName(name, "section name");
        if (name.equals(STRTAB) || name.equals(SYMTAB)) {
            throw new IllegalArgumentException("the writer makes the " + name + " section itself");
        }
        if (addralign < 0 || addralign != 0 && Long.bitCount(addralign) != 1) {
            throw new IllegalArgumentException("section " + name + ": alignment " + addralign + " is not a power of two");
        }
        if (entsize < 0) {
            throw new IllegalArgumentException("section " + name + ": negative entry size " + entsize);
        }
        sections.add(new PendingSection(name, type, flags, addralign, entsize, size, data, new ArrayList<>()));
        return new SectionRef(this, sections.size() - 1, name);
    }

    /** Adds a symbol defined in {@code section}. */
    public SymbolRef addSymbol(String name, long value, long size, int binding, int type, int other, SectionRef section) {
        own(section);
        return addSymbol(new PendingSymbol(name, value, size, binding, type, other, section, -1));
    }

    /**
     * Adds a symbol not defined in a section: {@code sectionIndex} is {@link SectionIndex#UNDEF}
     * (an extern), {@link SectionIndex#ABS} (e.g. the {@code FILE} symbol) or {@link SectionIndex#COMMON}.
     */
    public SymbolRef addSymbol(String name, long value, long size, int binding, int type, int other, int sectionIndex) {
        if (!SectionIndex.isSpecial(sectionIndex)) {
            throw new IllegalArgumentException("symbol " + name + ": section index " + sectionIndex
                    + " is not UNDEF, ABS or COMMON; pass a SectionRef for a real section");
        }
        return addSymbol(new PendingSymbol(name, value, size, binding, type, other, null, sectionIndex));
    }

    /** Adds the local, unnamed {@code SECTION} symbol of {@code section}, as relocations against a section use. */
    public SymbolRef addSectionSymbol(SectionRef section) {
        return addSymbol("", 0, 0, SymbolBinding.LOCAL, SymbolType.SECTION, 0, section);
    }

    private SymbolRef addSymbol(PendingSymbol symbol) {
        checkName(symbol.name(), "symbol name");
        // The record checks ranges once, here, rather than when the object is written.
        new Symbol(1, symbol.name(), symbol.value(), symbol.size(), symbol.binding(), symbol.type(), symbol.other(),
                symbol.section() == null ? symbol.specialIndex() : 1);
        symbols.add(symbol);
        return new SymbolRef(this, symbols.size() - 1, symbol.name());
    }

    /** Adds a relocation of {@code type} at byte {@code offset} of {@code target} against {@code symbol}. */
    public void addRelocation(SectionRef target, long offset, SymbolRef symbol, int type) {
        own(target);
        own(symbol);
        PendingSection section = sections.get(target.ordinal());
        if (section.type() == SectionType.NOBITS) {
            throw new IllegalArgumentException(target + " has no bytes to relocate");
        }
        section.relocations().add(new PendingRelocation(offset, symbol, type));
    }

    private void own(SectionRef section) {
        if (Objects.requireNonNull(section, "section").owner() != this || section.ordinal() < 0
                || section.ordinal() >= sections.size() || !sections.get(section.ordinal()).name().equals(section.name())) {
            throw new IllegalArgumentException(section + " belongs to another writer");
        }
    }

    private void own(SymbolRef symbol) {
        if (Objects.requireNonNull(symbol, "symbol").owner() != this || symbol.ordinal() < 0
                || symbol.ordinal() >= symbols.size() || !symbols.get(symbol.ordinal()).name().equals(symbol.name())) {
            throw new IllegalArgumentException(symbol + " belongs to another writer");
        }
    }

    private static void checkName(String name, String what) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " \"" + name.replace("\0", "\\0") + "\" contains a NUL character");
        }
    }

    /** A section as it will be written: the user's, or one of the tables the writer makes. */
    private record Planned(String name, int type, long flags, long addralign, long entsize, long size, byte[] data,
                           int link, int info) {}

    /** The finished object. */
    public byte[] toBytes() {
        Strings strings = new Strings();
        // Section indexes: 0 null, 1 .strtab, then each section and its relocations, .symtab last.
        int[] sectionIndex = new int[sections.size()];
        int next = 2;
        for (int i = 0; i < sections.size(); i++) {
            sectionIndex[i] = next++;
            if (!sections.get(i).relocations().isEmpty()) {
                next++;
            }
        }
        int symtabIndex = next;
        int sectionCount = symtabIndex + 1;
        if (sectionCount >= SectionIndex.LORESERVE) {
            throw new IllegalStateException(sectionCount + " sections need extended numbering, which is not supported");
        }

        // Symbols: null, locals, then the rest, each group in the order added.
        int[] symbolIndex = new int[symbols.size()];
        List<PendingSymbol> ordered = new ArrayList<>(symbols.size());
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < symbols.size(); i++) {
                PendingSymbol s = symbols.get(i);
                if ((s.binding() == SymbolBinding.LOCAL) == (pass == 0)) {
                    symbolIndex[i] = ordered.size() + 1;
                    ordered.add(s);
                }
            }
        }
        int firstNonLocal = 1 + (int) symbols.stream().filter(s -> s.binding() == SymbolBinding.LOCAL).count();
        byte[] symtab = new byte[Math.multiplyExact(ordered.size() + 1, (int) SYMBOL.byteSize())];
        MemorySegment symbolBytes = MemorySegment.ofArray(symtab);
        for (int i = 0; i < ordered.size(); i++) {
            PendingSymbol s = ordered.get(i);
            long at = (i + 1) * SYMBOL.byteSize();
            ST_NAME.set(symbolBytes, at, strings.offset(s.name()));
            ST_INFO.set(symbolBytes, at, (long) s.binding() << 4 | s.type());
            ST_OTHER.set(symbolBytes, at, s.other());
            ST_SHNDX.set(symbolBytes, at, s.section() == null ? s.specialIndex() : sectionIndex[s.section().ordinal()]);
            ST_VALUE.set(symbolBytes, at, s.value());
            ST_SIZE.set(symbolBytes, at, s.size());
        }

        List<Planned> planned = new ArrayList<>(sectionCount);
        planned.add(new Planned("", SectionType.NULL, 0, 0, 0, 0, new byte[0], 0, 0));
        planned.add(null); // .strtab, once every name is in it
        for (int i = 0; i < sections.size(); i++) {
            PendingSection s = sections.get(i);
            planned.add(new Planned(s.name(), s.type(), s.flags(), s.addralign(), s.entsize(), s.size(), s.data(), 0, 0));
            if (!s.relocations().isEmpty()) {
                byte[] rel = relocationBytes(s.relocations(), symbolIndex);
                planned.add(new Planned(".rel" + s.name(), SectionType.REL, SectionFlags.INFO_LINK, TABLE_ALIGNMENT,
                        REL.byteSize(), rel.length, rel, symtabIndex, sectionIndex[i]));
            }
        }
        planned.add(new Planned(SYMTAB, SectionType.SYMTAB, 0, TABLE_ALIGNMENT, SYMBOL.byteSize(), symtab.length, symtab,
                1, firstNonLocal));
        long[] nameOffsets = new long[sectionCount];
        for (int i = 0; i < sectionCount; i++) {
            nameOffsets[i] = strings.offset(i == 1 ? STRTAB : planned.get(i).name());
        }
        byte[] strtab = strings.bytes();
        planned.set(1, new Planned(STRTAB, SectionType.STRTAB, 0, 1, 0, strtab.length, strtab, 0, 0));
        return layOut(planned, nameOffsets);
    }

    private static byte[] relocationBytes(List<PendingRelocation> relocations, int[] symbolIndex) {
        byte[] out = new byte[Math.multiplyExact(relocations.size(), (int) REL.byteSize())];
        MemorySegment segment = MemorySegment.ofArray(out);
        for (int i = 0; i < relocations.size(); i++) {
            PendingRelocation r = relocations.get(i);
            long at = i * REL.byteSize();
            R_OFFSET.set(segment, at, r.offset());
            R_INFO.set(segment, at, (long) symbolIndex[r.symbol().ordinal()] << 32 | Integer.toUnsignedLong(r.type()));
        }
        return out;
    }

    private byte[] layOut(List<Planned> planned, long[] nameOffsets) {
        long[] offsets = new long[planned.size()];
        long position = HEADER.byteSize();
        for (int i = 1; i < planned.size(); i++) {
            Planned p = planned.get(i);
            position = align(position, p.addralign());
            offsets[i] = position;
            if (!SectionType.hasNoData(p.type())) {
                position += p.data().length;
            }
        }
        long tableOffset = align(position, TABLE_ALIGNMENT);
        long total = tableOffset + planned.size() * SECTION_HEADER.byteSize();
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("the object would be " + total + " bytes, more than a Java array holds");
        }
        byte[] out = new byte[(int) total];
        MemorySegment segment = MemorySegment.ofArray(out);
        MemorySegment.copy(MemorySegment.ofArray(MAGIC), 0, segment, EI_MAG.offset(), MAGIC.length);
        EI_CLASS.set(segment, 0, ElfHeader.ELFCLASS64);
        EI_DATA.set(segment, 0, ElfHeader.ELFDATA2LSB);
        EI_VERSION.set(segment, 0, ElfHeader.EV_CURRENT);
        EI_OSABI.set(segment, 0, osAbi);
        E_TYPE.set(segment, 0, ElfHeader.ET_REL);
        E_MACHINE.set(segment, 0, ElfHeader.EM_BPF);
        E_VERSION.set(segment, 0, ElfHeader.EV_CURRENT);
        E_SHOFF.set(segment, 0, tableOffset);
        E_FLAGS.set(segment, 0, flags);
        E_EHSIZE.set(segment, 0, HEADER.byteSize());
        E_SHENTSIZE.set(segment, 0, SECTION_HEADER.byteSize());
        E_SHNUM.set(segment, 0, planned.size());
        E_SHSTRNDX.set(segment, 0, 1);
        for (int i = 1; i < planned.size(); i++) {
            Planned p = planned.get(i);
            System.arraycopy(p.data(), 0, out, (int) offsets[i], p.data().length);
            long at = tableOffset + i * SECTION_HEADER.byteSize();
            SH_NAME.set(segment, at, nameOffsets[i]);
            SH_TYPE.set(segment, at, p.type());
            SH_FLAGS.set(segment, at, p.flags());
            SH_OFFSET.set(segment, at, offsets[i]);
            SH_SIZE.set(segment, at, p.size());
            SH_LINK.set(segment, at, p.link());
            SH_INFO.set(segment, at, p.info());
            SH_ADDRALIGN.set(segment, at, p.addralign());
            SH_ENTSIZE.set(segment, at, p.entsize());
        }
        return out;
    }

    private static long align(long position, long alignment) {
        return alignment <= 1 ? position : (position + alignment - 1) & -alignment;
    }

    /** A string table under construction: each distinct name stored once, offset 0 the empty name. */
    private static final class Strings {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Map<String, Integer> offsets = new HashMap<>();

        Strings() {
            bytes.write(0);
            offsets.put("", 0);
        }

        int offset(String name) {
            return offsets.computeIfAbsent(name, n -> {
                int at = bytes.size();
                bytes.writeBytes(n.getBytes(StandardCharsets.UTF_8));
                bytes.write(0);
                return at;
            });
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
