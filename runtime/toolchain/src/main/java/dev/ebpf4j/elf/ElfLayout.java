package dev.ebpf4j.elf;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The on-disk ELF64 structures as memory layouts, so that the reader and the writer take every
 * offset and size from one description instead of repeating numbers.
 */
final class ElfLayout {
    private static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static final StructLayout HEADER = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(4, U8).withName("ei_mag"),
            U8.withName("ei_class"),
            U8.withName("ei_data"),
            U8.withName("ei_version"),
            U8.withName("ei_osabi"),
            MemoryLayout.sequenceLayout(8, U8).withName("ei_pad"),
            U16.withName("e_type"),
            U16.withName("e_machine"),
            U32.withName("e_version"),
            U64.withName("e_entry"),
            U64.withName("e_phoff"),
            U64.withName("e_shoff"),
            U32.withName("e_flags"),
            U16.withName("e_ehsize"),
            U16.withName("e_phentsize"),
            U16.withName("e_phnum"),
            U16.withName("e_shentsize"),
            U16.withName("e_shnum"),
            U16.withName("e_shstrndx"));

    static final StructLayout SECTION_HEADER = MemoryLayout.structLayout(
            U32.withName("sh_name"),
            U32.withName("sh_type"),
            U64.withName("sh_flags"),
            U64.withName("sh_addr"),
            U64.withName("sh_offset"),
            U64.withName("sh_size"),
            U32.withName("sh_link"),
            U32.withName("sh_info"),
            U64.withName("sh_addralign"),
            U64.withName("sh_entsize"));

    static final StructLayout SYMBOL = MemoryLayout.structLayout(
            U32.withName("st_name"),
            U8.withName("st_info"),
            U8.withName("st_other"),
            U16.withName("st_shndx"),
            U64.withName("st_value"),
            U64.withName("st_size"));

    static final StructLayout REL = MemoryLayout.structLayout(
            U64.withName("r_offset"),
            U64.withName("r_info"));

    static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};

    static final Field EI_MAG = Field.of(HEADER, "ei_mag", U8);
    static final Field EI_CLASS = Field.of(HEADER, "ei_class");
    static final Field EI_DATA = Field.of(HEADER, "ei_data");
    static final Field EI_VERSION = Field.of(HEADER, "ei_version");
    static final Field EI_OSABI = Field.of(HEADER, "ei_osabi");
    static final Field E_TYPE = Field.of(HEADER, "e_type");
    static final Field E_MACHINE = Field.of(HEADER, "e_machine");
    static final Field E_VERSION = Field.of(HEADER, "e_version");
    static final Field E_SHOFF = Field.of(HEADER, "e_shoff");
    static final Field E_FLAGS = Field.of(HEADER, "e_flags");
    static final Field E_EHSIZE = Field.of(HEADER, "e_ehsize");
    static final Field E_SHENTSIZE = Field.of(HEADER, "e_shentsize");
    static final Field E_SHNUM = Field.of(HEADER, "e_shnum");
    static final Field E_SHSTRNDX = Field.of(HEADER, "e_shstrndx");

    static final Field SH_NAME = Field.of(SECTION_HEADER, "sh_name");
    static final Field SH_TYPE = Field.of(SECTION_HEADER, "sh_type");
    static final Field SH_FLAGS = Field.of(SECTION_HEADER, "sh_flags");
    static final Field SH_OFFSET = Field.of(SECTION_HEADER, "sh_offset");
    static final Field SH_SIZE = Field.of(SECTION_HEADER, "sh_size");
    static final Field SH_LINK = Field.of(SECTION_HEADER, "sh_link");
    static final Field SH_INFO = Field.of(SECTION_HEADER, "sh_info");
    static final Field SH_ADDRALIGN = Field.of(SECTION_HEADER, "sh_addralign");
    static final Field SH_ENTSIZE = Field.of(SECTION_HEADER, "sh_entsize");

    static final Field ST_NAME = Field.of(SYMBOL, "st_name");
    static final Field ST_INFO = Field.of(SYMBOL, "st_info");
    static final Field ST_OTHER = Field.of(SYMBOL, "st_other");
    static final Field ST_SHNDX = Field.of(SYMBOL, "st_shndx");
    static final Field ST_VALUE = Field.of(SYMBOL, "st_value");
    static final Field ST_SIZE = Field.of(SYMBOL, "st_size");

    static final Field R_OFFSET = Field.of(REL, "r_offset");
    static final Field R_INFO = Field.of(REL, "r_info");

    private ElfLayout() {}

    /** One unsigned integer field of a structure, read and written at a structure's base offset. */
    record Field(String name, ValueLayout layout, long offset) {
        static Field of(StructLayout struct, String name) {
            var element = struct.select(PathElement.groupElement(name));
            if (!(element instanceof ValueLayout value)) {
                throw new IllegalArgumentException(name + " is not a scalar field");
            }
            return new Field(name, value, struct.byteOffset(PathElement.groupElement(name)));
        }

        /** The first element of an array field. */
        static Field of(StructLayout struct, String name, ValueLayout element) {
            return new Field(name, element, struct.byteOffset(PathElement.groupElement(name)));
        }

        /** The field's value, zero-extended; a 64-bit field comes back as its raw bits. */
        long get(MemorySegment segment, long base) {
            long at = base + offset;
            return switch (layout) {
                case ValueLayout.OfByte b -> Byte.toUnsignedLong(segment.get(b, at));
                case ValueLayout.OfShort s -> Short.toUnsignedLong(segment.get(s, at));
                case ValueLayout.OfInt i -> Integer.toUnsignedLong(segment.get(i, at));
                case ValueLayout.OfLong l -> segment.get(l, at);
                default -> throw new IllegalStateException("no unsigned field " + name);
            };
        }

        void set(MemorySegment segment, long base, long value) {
            long at = base + offset;
            switch (layout) {
                case ValueLayout.OfByte b -> segment.set(b, at, (byte) value);
                case ValueLayout.OfShort s -> segment.set(s, at, (short) value);
                case ValueLayout.OfInt i -> segment.set(i, at, (int) value);
                case ValueLayout.OfLong l -> segment.set(l, at, value);
                default -> throw new IllegalStateException("no unsigned field " + name);
            }
        }
    }
}
