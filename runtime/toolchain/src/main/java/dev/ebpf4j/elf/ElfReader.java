package dev.ebpf4j.elf;

import static dev.ebpf4j.elf.ElfLayout.*;

import dev.ebpf4j.binary.ByteReader;
import dev.ebpf4j.binary.FormatException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses a whole relocatable BPF object. Every count, offset and size taken from the input is
 * checked against the file before anything is allocated for it, so hostile input ends in a
 * {@link FormatException}, never in an index error or an {@link OutOfMemoryError}. That holds by
 * construction: fields are read only through {@link #struct} views checked against the file, and
 * a section is reached by an index from the input only through {@link SectionTable#get}, which
 * names the field that held the index.
 */
final class ElfReader {
    private final byte[] bytes;
    private final ByteReader file;
    private final MemorySegment segment;
    private final StringTable.Budget budget;

    private ElfReader(byte[] bytes) {
        this.bytes = bytes;
        this.file = ByteReader.of(bytes);
        this.segment = MemorySegment.ofArray(bytes);
        this.budget = new StringTable.Budget(bytes.length);
    }

    static ElfFile read(byte[] bytes) {
        return new ElfReader(bytes).read();
    }

    /** One section header's fields, before names and data are resolved. */
    private record RawSection(long at, long name, int type, long flags, long offset, long size, int link, int info,
                              long addralign, long entsize) {}

    /**
     * The section header table. The one way to a section by an index read from the input is
     * {@link #get}, which names the field that held the index when there is no such section.
     */
    private record SectionTable(List<RawSection> entries) {
        int size() {
            return entries.size();
        }

        /** The section that {@code field}, stored at file offset {@code at}, names. */
        RawSection get(long index, long at, String field) {
            if (index < 0 || index >= entries.size()) {
                throw error(at, field + " names section " + Long.toUnsignedString(index) + ", but the object has "
                        + (entries.isEmpty() ? "no sections" : "only " + entries.size() + " sections"));
            }
            return entries.get((int) index);
        }

        /** As {@link #get}, and the section must be a string table. */
        RawSection strings(long index, long at, String field) {
            RawSection table = get(index, at, field);
            if (index == 0 || table.type() != SectionType.STRTAB) {
                throw error(at, field + " names section " + index + ", which is not a string table");
            }
            return table;
        }
    }

    private ElfFile read() {
        ElfHeader header = readHeader();
        SectionTable table = readSectionHeaders();
        long namesIndex = header.sectionNamesIndex();
        long namesIndexAt = E_SHSTRNDX.offset();
        String namesField = "e_shstrndx";
        if (namesIndex == SectionIndex.XINDEX) {
            RawSection first = table.get(0, namesIndexAt, "e_shstrndx (SHN_XINDEX: the index is in section 0's sh_link)");
            namesIndex = Integer.toUnsignedLong(first.link());
            namesIndexAt = first.at() + SH_LINK.offset();
            namesField = "section 0's sh_link (the extended e_shstrndx)";
        }
        StringTable sectionNames = stringTable(table.strings(namesIndex, namesIndexAt, namesField));
        header = new ElfHeader(header.osAbi(), header.type(), header.machine(), header.flags(), (int) namesIndex);
        List<Section> sections = new ArrayList<>(table.size());
        for (RawSection r : table.entries()) {
            int i = sections.size();
            String name = sectionNames.get(r.name(), "name of section [" + i + "]");
            byte[] data = SectionType.hasNoData(r.type())
                    ? new byte[0]
                    : file.slice(r.offset(), r.size(), "section [" + i + "] data").bytes(r.size(), "section [" + i + "] data");
            sections.add(new Section(i, name, r.type(), r.flags(), r.offset(), r.size(), r.link(), r.info(),
                    r.addralign(), r.entsize(), data));
        }
        int symbolTableIndex = findSymbolTable(table);
        List<Symbol> symbols = readSymbols(table, symbolTableIndex);
        List<RelocationSection> relocations = new ArrayList<>();
        for (Section section : sections) {
            if (section.type() == SectionType.REL) {
                relocations.add(readRelocations(section, table, symbolTableIndex, symbols.size()));
            }
        }
        return new ElfFile(header, sections, symbols, symbolTableIndex, relocations);
    }

    private ElfHeader readHeader() {
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw error(0, "not an ELF file: it does not start with the bytes 7f 45 4c 46 (\\x7fELF)");
        }
        file.require(HEADER.byteSize(), "the ELF header");
        MemorySegment h = struct(0, HEADER, "the ELF header");
        long elfClass = EI_CLASS.get(h, 0);
        if (elfClass != ElfHeader.ELFCLASS64) {
            throw error(EI_CLASS.offset(), "ELF class " + elfClass + (elfClass == 1 ? " (32-bit)" : "")
                    + " is not ELFCLASS64: BPF objects are 64-bit");
        }
        long data = EI_DATA.get(h, 0);
        if (data != ElfHeader.ELFDATA2LSB) {
            throw error(EI_DATA.offset(), "data encoding " + data + (data == 2 ? " (big-endian)" : "")
                    + " is not little-endian (ELFDATA2LSB); only little-endian BPF objects are supported");
        }
        long version = EI_VERSION.get(h, 0);
        if (version != ElfHeader.EV_CURRENT) {
            throw error(EI_VERSION.offset(), "ELF version " + version + " is not 1 (EV_CURRENT)");
        }
        int type = (int) E_TYPE.get(h, 0);
        if (type != ElfHeader.ET_REL) {
            throw error(E_TYPE.offset(), "e_type " + type + " is not ET_REL (1): expected a relocatable object such as "
                    + "`clang -target bpf -c` writes, not " + switch (type) {
                        case 2 -> "an executable";
                        case 3 -> "a shared object";
                        case 4 -> "a core file";
                        default -> "an unknown file type";
                    });
        }
        int machine = (int) E_MACHINE.get(h, 0);
        if (machine != ElfHeader.EM_BPF) {
            throw error(E_MACHINE.offset(), "e_machine " + machine + " (" + ElfHeader.machineName(machine)
                    + ") is not EM_BPF (247): this object was not compiled for BPF (use clang -target bpf)");
        }
        return new ElfHeader((int) EI_OSABI.get(h, 0), type, machine, E_FLAGS.get(h, 0),
                (int) E_SHSTRNDX.get(h, 0));
    }

    private SectionTable readSectionHeaders() {
        MemorySegment h = struct(0, HEADER, "the ELF header");
        long tableOffset = E_SHOFF.get(h, 0);
        long entrySize = SECTION_HEADER.byteSize();
        if (tableOffset == 0) {
            throw error(E_SHOFF.offset(), "the object has no section header table (e_shoff is 0)");
        }
        long declaredEntrySize = E_SHENTSIZE.get(h, 0);
        if (declaredEntrySize != entrySize) {
            throw error(E_SHENTSIZE.offset(), "e_shentsize " + declaredEntrySize + " is not " + entrySize
                    + ", the size of an ELF64 section header");
        }
        long count = E_SHNUM.get(h, 0);
        long countAt = E_SHNUM.offset();
        if (count == 0) {
            // Extended numbering: more than 0xff00 sections, the count is in section 0's sh_size.
            count = SH_SIZE.get(struct(tableOffset, SECTION_HEADER, "section header 0"), 0);
            countAt = tableOffset + SH_SIZE.offset();
        }
        if (tableOffset < 0 || count < 0 || tableOffset > bytes.length || count > (bytes.length - tableOffset) / entrySize) {
            throw error(countAt, "the section header table of " + Long.toUnsignedString(count) + " entries at offset "
                    + Long.toUnsignedString(tableOffset) + " does not fit in the " + bytes.length + "-byte file");
        }
        long claimed = 0;
        List<RawSection> sections = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long at = tableOffset + i * entrySize;
            MemorySegment e = struct(at, SECTION_HEADER, "section header " + i);
            RawSection s = new RawSection(at, SH_NAME.get(e, 0), (int) SH_TYPE.get(e, 0), SH_FLAGS.get(e, 0),
                    SH_OFFSET.get(e, 0), SH_SIZE.get(e, 0), (int) SH_LINK.get(e, 0), (int) SH_INFO.get(e, 0),
                    SH_ADDRALIGN.get(e, 0), SH_ENTSIZE.get(e, 0));
            if (s.addralign() != 0 && Long.bitCount(s.addralign()) != 1) {
                throw error(at + SH_ADDRALIGN.offset(), "section [" + i + "] alignment "
                        + Long.toUnsignedString(s.addralign()) + " is not a power of two");
            }
            if (!SectionType.hasNoData(s.type())) {
                if (s.offset() < 0 || s.size() < 0 || s.offset() > bytes.length || s.size() > bytes.length - s.offset()) {
                    throw error(at + SH_OFFSET.offset(), "section [" + i + "] data at offset "
                            + Long.toUnsignedString(s.offset()) + " with size " + Long.toUnsignedString(s.size())
                            + " does not fit in the " + bytes.length + "-byte file");
                }
                claimed += s.size();
                if (claimed > bytes.length) {
                    throw error(at + SH_SIZE.offset(), "sections [0.." + i + "] claim " + claimed
                            + " bytes of data in a " + bytes.length + "-byte file: their data overlap");
                }
            }
            sections.add(s);
        }
        return new SectionTable(sections);
    }

    /**
     * The bytes of one {@code layout} structure at file offset {@code at}: the only way fields are
     * read, so a structure reaching past the file ends in a FormatException naming it.
     */
    private MemorySegment struct(long at, MemoryLayout layout, String what) {
        long size = layout.byteSize();
        if (at < 0 || at > bytes.length - size) {
            throw error(Math.max(0, Math.min(at, bytes.length)), what + " at offset " + Long.toUnsignedString(at)
                    + " with size " + size + " does not fit in the " + bytes.length + "-byte file");
        }
        return segment.asSlice(at, size);
    }

    private StringTable stringTable(RawSection table) {
        return new StringTable(file.slice(table.offset(), table.size(), "string table"), budget);
    }

    private int findSymbolTable(SectionTable table) {
        int found = -1;
        int i = 0;
        for (RawSection section : table.entries()) {
            if (section.type() == SectionType.SYMTAB) {
                if (found >= 0) {
                    throw error(section.at() + SH_TYPE.offset(), "sections [" + found + "] and [" + i
                            + "] are both symbol tables (SHT_SYMTAB); an object has exactly one");
                }
                found = i;
            }
            i++;
        }
        if (found < 0) {
            throw error(E_SHOFF.offset(), "the object has no symbol table (SHT_SYMTAB)");
        }
        return found;
    }

    private List<Symbol> readSymbols(SectionTable sections, int tableIndex) {
        RawSection table = sections.get(tableIndex, E_SHOFF.offset(), "the symbol table index");
        long entrySize = SYMBOL.byteSize();
        String where = "symbol table [" + tableIndex + "]";
        if (table.entsize() != entrySize) {
            throw error(table.at() + SH_ENTSIZE.offset(), where + " entry size " + Long.toUnsignedString(table.entsize())
                    + " is not " + entrySize + ", the size of an ELF64 symbol");
        }
        if (table.size() % entrySize != 0) {
            throw error(table.at() + SH_SIZE.offset(), where + " size " + table.size() + " is not a multiple of "
                    + entrySize);
        }
        int count = (int) (table.size() / entrySize);
        if (Integer.toUnsignedLong(table.info()) > count) {
            throw error(table.at() + SH_INFO.offset(), where + " says its first non-local symbol is "
                    + Integer.toUnsignedString(table.info()) + " but it has only " + count + " symbols");
        }
        StringTable names = stringTable(sections.strings(Integer.toUnsignedLong(table.link()), table.at() + SH_LINK.offset(),
                where + " sh_link (its string table)"));
        List<Symbol> symbols = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = table.offset() + i * entrySize;
            MemorySegment e = struct(at, SYMBOL, "symbol " + i);
            String name = names.get(ST_NAME.get(e, 0), "name of symbol " + i);
            int info = (int) ST_INFO.get(e, 0);
            int section = (int) ST_SHNDX.get(e, 0);
            if (section == SectionIndex.XINDEX) {
                throw error(at + ST_SHNDX.offset(), "symbol " + i + " (" + name
                        + ") uses extended section indexes (SHN_XINDEX), which BPF objects never need");
            }
            if (section >= SectionIndex.LORESERVE ? !SectionIndex.isSpecial(section) : section >= sections.size()) {
                throw error(at + ST_SHNDX.offset(), "symbol " + i + " (" + name + ") is in section 0x"
                        + Integer.toHexString(section) + ", which is neither one of the " + sections.size()
                        + " sections nor UNDEF, ABS or COMMON");
            }
            symbols.add(new Symbol(i, name, ST_VALUE.get(e, 0), ST_SIZE.get(e, 0), info >>> 4, info & 0xf,
                    (int) ST_OTHER.get(e, 0), section));
        }
        return symbols;
    }

    private RelocationSection readRelocations(Section section, SectionTable table, int symbolTableIndex, int symbolCount) {
        RawSection raw = table.get(section.index(), E_SHOFF.offset(), "relocation section index");
        int sectionCount = table.size();
        long entrySize = REL.byteSize();
        String where = "relocation section [" + section.index() + "] " + section.name();
        if (raw.entsize() != entrySize) {
            throw error(raw.at() + SH_ENTSIZE.offset(), where + " entry size " + Long.toUnsignedString(raw.entsize())
                    + " is not " + entrySize + ", the size of an Elf64_Rel");
        }
        if (raw.size() % entrySize != 0) {
            throw error(raw.at() + SH_SIZE.offset(), where + " size " + raw.size() + " is not a multiple of " + entrySize);
        }
        if (raw.link() != symbolTableIndex) {
            throw error(raw.at() + SH_LINK.offset(), where + " links to section " + Integer.toUnsignedString(raw.link())
                    + ", not to the symbol table [" + symbolTableIndex + "]");
        }
        if (raw.info() <= 0 || raw.info() >= sectionCount) {
            throw error(raw.at() + SH_INFO.offset(), where + " applies to section " + Integer.toUnsignedString(raw.info())
                    + ", which is not one of sections 1.." + (sectionCount - 1));
        }
        int count = (int) (raw.size() / entrySize);
        List<Relocation> relocations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = raw.offset() + i * entrySize;
            MemorySegment e = struct(at, REL, where + " entry " + i);
            long info = R_INFO.get(e, 0);
            long symbol = info >>> 32;
            if (symbol >= symbolCount) {
                throw error(at + R_INFO.offset(), where + " entry " + i + " refers to symbol " + symbol + " but the symbol "
                        + "table has only " + symbolCount + " symbols");
            }
            relocations.add(new Relocation(R_OFFSET.get(e, 0), (int) symbol, (int) info));
        }
        return new RelocationSection(section.index(), section.name(), raw.info(), raw.link(), relocations);
    }

    private static FormatException error(long offset, String problem) {
        return new FormatException(offset, problem);
    }
}
