package dev.ebpf4j.elf;

import static dev.ebpf4j.elf.ElfLayout.*;

import dev.ebpf4j.binary.ByteReader;
import dev.ebpf4j.binary.FormatException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses a whole relocatable BPF object. Every count, offset and size taken from the input is
 * checked against the file before anything is allocated for it, so hostile input ends in a
 * {@link FormatException}, never in an index error or an {@link OutOfMemoryError}.
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

    private ElfFile read() {
        ElfHeader header = readHeader();
        List<RawSection> raw = readSectionHeaders();
        int namesIndex = header.sectionNamesIndex();
        if (namesIndex == SectionIndex.XINDEX) {
            namesIndex = raw.getFirst().link();
        }
        if (namesIndex == SectionIndex.UNDEF || namesIndex >= raw.size() || raw.get(namesIndex).type() != SectionType.STRTAB) {
            throw error(E_SHSTRNDX.offset(), "e_shstrndx " + namesIndex + " is not a string table among the "
                    + raw.size() + " sections");
        }
        header = new ElfHeader(header.osAbi(), header.type(), header.machine(), header.flags(), namesIndex);
        StringTable sectionNames = stringTable(raw.get(namesIndex));
        List<Section> sections = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            RawSection r = raw.get(i);
            String name = sectionNames.get(r.name(), "name of section [" + i + "]");
            byte[] data = SectionType.hasNoData(r.type())
                    ? new byte[0]
                    : Arrays.copyOfRange(bytes, (int) r.offset(), (int) (r.offset() + r.size()));
            sections.add(new Section(i, name, r.type(), r.flags(), r.offset(), r.size(), r.link(), r.info(),
                    r.addralign(), r.entsize(), data));
        }
        int symbolTableIndex = findSymbolTable(raw);
        List<Symbol> symbols = readSymbols(raw, symbolTableIndex);
        List<RelocationSection> relocations = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            if (raw.get(i).type() == SectionType.REL) {
                relocations.add(readRelocations(sections.get(i), raw.get(i), raw.size(), symbolTableIndex, symbols.size()));
            }
        }
        return new ElfFile(header, sections, symbols, symbolTableIndex, relocations);
    }

    private ElfHeader readHeader() {
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw error(0, "not an ELF file: it does not start with the bytes 7f 45 4c 46 (\\x7fELF)");
        }
        file.require(HEADER.byteSize(), "the ELF header");
        long elfClass = EI_CLASS.get(segment, 0);
        if (elfClass != ElfHeader.ELFCLASS64) {
            throw error(EI_CLASS.offset(), "ELF class " + elfClass + (elfClass == 1 ? " (32-bit)" : "")
                    + " is not ELFCLASS64: BPF objects are 64-bit");
        }
        long data = EI_DATA.get(segment, 0);
        if (data != ElfHeader.ELFDATA2LSB) {
            throw error(EI_DATA.offset(), "data encoding " + data + (data == 2 ? " (big-endian)" : "")
                    + " is not little-endian (ELFDATA2LSB); only little-endian BPF objects are supported");
        }
        long version = EI_VERSION.get(segment, 0);
        if (version != ElfHeader.EV_CURRENT) {
            throw error(EI_VERSION.offset(), "ELF version " + version + " is not 1 (EV_CURRENT)");
        }
        int type = (int) E_TYPE.get(segment, 0);
        if (type != ElfHeader.ET_REL) {
            throw error(E_TYPE.offset(), "e_type " + type + " is not ET_REL (1): expected a relocatable object such as "
                    + "`clang -target bpf -c` writes, not " + switch (type) {
                        case 2 -> "an executable";
                        case 3 -> "a shared object";
                        case 4 -> "a core file";
                        default -> "an unknown file type";
                    });
        }
        int machine = (int) E_MACHINE.get(segment, 0);
        if (machine != ElfHeader.EM_BPF) {
            throw error(E_MACHINE.offset(), "e_machine " + machine + " (" + ElfHeader.machineName(machine)
                    + ") is not EM_BPF (247): this object was not compiled for BPF (use clang -target bpf)");
        }
        return new ElfHeader((int) EI_OSABI.get(segment, 0), type, machine, E_FLAGS.get(segment, 0),
                (int) E_SHSTRNDX.get(segment, 0));
    }

    private List<RawSection> readSectionHeaders() {
        long tableOffset = E_SHOFF.get(segment, 0);
        long entrySize = SECTION_HEADER.byteSize();
        if (tableOffset == 0) {
            throw error(E_SHOFF.offset(), "the object has no section header table (e_shoff is 0)");
        }
        long declaredEntrySize = E_SHENTSIZE.get(segment, 0);
        if (declaredEntrySize != entrySize) {
            throw error(E_SHENTSIZE.offset(), "e_shentsize " + declaredEntrySize + " is not " + entrySize
                    + ", the size of an ELF64 section header");
        }
        long count = E_SHNUM.get(segment, 0);
        long countAt = E_SHNUM.offset();
        if (count == 0) {
            // Extended numbering: more than 0xff00 sections, the count is in section 0's sh_size.
            file.slice(tableOffset, entrySize, "section header 0");
            count = SH_SIZE.get(segment, tableOffset);
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
            RawSection s = new RawSection(at, SH_NAME.get(segment, at), (int) SH_TYPE.get(segment, at),
                    SH_FLAGS.get(segment, at), SH_OFFSET.get(segment, at), SH_SIZE.get(segment, at),
                    (int) SH_LINK.get(segment, at), (int) SH_INFO.get(segment, at),
                    SH_ADDRALIGN.get(segment, at), SH_ENTSIZE.get(segment, at));
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
        return sections;
    }

    private StringTable stringTable(RawSection table) {
        return new StringTable(file.slice(table.offset(), table.size(), "string table"), budget);
    }

    private int findSymbolTable(List<RawSection> raw) {
        int found = -1;
        for (int i = 0; i < raw.size(); i++) {
            if (raw.get(i).type() == SectionType.SYMTAB) {
                if (found >= 0) {
                    throw error(raw.get(i).at() + SH_TYPE.offset(), "sections [" + found + "] and [" + i
                            + "] are both symbol tables (SHT_SYMTAB); an object has exactly one");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw error(E_SHOFF.offset(), "the object has no symbol table (SHT_SYMTAB)");
        }
        return found;
    }

    private List<Symbol> readSymbols(List<RawSection> raw, int tableIndex) {
        RawSection table = raw.get(tableIndex);
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
        int stringsIndex = table.link();
        if (stringsIndex <= 0 || stringsIndex >= raw.size() || raw.get(stringsIndex).type() != SectionType.STRTAB) {
            throw error(table.at() + SH_LINK.offset(), where + " links to section " + Integer.toUnsignedString(stringsIndex)
                    + ", which is not a string table");
        }
        int count = (int) (table.size() / entrySize);
        if (Integer.toUnsignedLong(table.info()) > count) {
            throw error(table.at() + SH_INFO.offset(), where + " says its first non-local symbol is "
                    + Integer.toUnsignedString(table.info()) + " but it has only " + count + " symbols");
        }
        StringTable names = stringTable(raw.get(stringsIndex));
        List<Symbol> symbols = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = table.offset() + i * entrySize;
            String name = names.get(ST_NAME.get(segment, at), "name of symbol " + i);
            int info = (int) ST_INFO.get(segment, at);
            int section = (int) ST_SHNDX.get(segment, at);
            if (section == SectionIndex.XINDEX) {
                throw error(at + ST_SHNDX.offset(), "symbol " + i + " (" + name
                        + ") uses extended section indexes (SHN_XINDEX), which BPF objects never need");
            }
            if (section >= SectionIndex.LORESERVE ? !SectionIndex.isSpecial(section) : section >= raw.size()) {
                throw error(at + ST_SHNDX.offset(), "symbol " + i + " (" + name + ") is in section 0x"
                        + Integer.toHexString(section) + ", which is neither one of the " + raw.size()
                        + " sections nor UNDEF, ABS or COMMON");
            }
            symbols.add(new Symbol(i, name, ST_VALUE.get(segment, at), ST_SIZE.get(segment, at), info >>> 4,
                    info & 0xf, (int) ST_OTHER.get(segment, at), section));
        }
        return symbols;
    }

    private RelocationSection readRelocations(Section section, RawSection raw, int sectionCount, int symbolTableIndex,
                                              int symbolCount) {
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
            long info = R_INFO.get(segment, at);
            long symbol = info >>> 32;
            if (symbol >= symbolCount) {
                throw error(at + R_INFO.offset(), where + " entry " + i + " refers to symbol " + symbol + " but the symbol "
                        + "table has only " + symbolCount + " symbols");
            }
            relocations.add(new Relocation(R_OFFSET.get(segment, at), (int) symbol, (int) info));
        }
        return new RelocationSection(section.index(), section.name(), raw.info(), raw.link(), relocations);
    }

    private static FormatException error(long offset, String problem) {
        return new FormatException(offset, problem);
    }
}
