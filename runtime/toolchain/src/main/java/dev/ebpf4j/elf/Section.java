package dev.ebpf4j.elf;

import dev.ebpf4j.binary.ByteReader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One section header and its bytes, as read from a file.
 *
 * <p>{@code NOBITS} (and {@code NULL}) sections have a {@link #size()} but no {@link #data()}; for
 * every other section the data is exactly {@code size} bytes. The bytes are copied in and out, so
 * a section is immutable; {@link #reader()} reads them without copying, reporting offsets in the
 * file.
 *
 * <pre>{@code
 * Section btf = elf.section(".BTF").orElseThrow();
 * ByteReader in = btf.reader();   // FormatException offsets are file offsets
 * int magic = in.u16();
 * }</pre>
 *
 * @param index position in the section header table (0 is the null section)
 * @param name from the section-name string table
 * @param type {@link SectionType}
 * @param flags {@link SectionFlags} bits
 * @param offset {@code sh_offset}: where the data starts in the file (only meaningful once written)
 * @param size {@code sh_size}
 * @param link {@code sh_link} (for {@code REL}: the symbol table; for {@code SYMTAB}: its strings)
 * @param info {@code sh_info} (for {@code REL}: the section relocated; for {@code SYMTAB}: the
 *     index of the first non-local symbol)
 * @param addralign {@code sh_addralign}: 0, 1 or a power of two
 * @param entsize {@code sh_entsize}: size of one entry for tables, else 0
 * @param data the bytes; empty for sections without data
 */
public record Section(int index, String name, int type, long flags, long offset, long size, int link, int info,
                      long addralign, long entsize, byte[] data) {
    public Section {
        if (index < 0) {
            throw new IllegalArgumentException("negative section index " + index);
        }
        if (name == null) {
            throw new NullPointerException("name");
        }
        if (size < 0 && !SectionType.hasNoData(type)) {
            throw new IllegalArgumentException("section " + name + " has a negative size");
        }
        if (addralign != 0 && Long.bitCount(addralign) != 1) {
            throw new IllegalArgumentException("section " + name + ": alignment " + addralign + " is not a power of two");
        }
        data = data.clone();
        if (SectionType.hasNoData(type) ? data.length != 0 : data.length != size) {
            throw new IllegalArgumentException("section " + name + " of type " + SectionType.name(type) + " and size "
                    + size + " cannot hold " + data.length + " bytes of data");
        }
    }

    /** A copy of the bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** A read-only view of the bytes. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer();
    }

    /** A reader over the bytes whose error offsets are offsets in the file. */
    public ByteReader reader() {
        return ByteReader.of(buffer(), offset);
    }

    public boolean hasData() {
        return !SectionType.hasNoData(type);
    }

    public boolean isAllocated() {
        return (flags & SectionFlags.ALLOC) != 0;
    }

    public boolean isExecutable() {
        return (flags & SectionFlags.EXECINSTR) != 0;
    }

    public boolean isWritable() {
        return (flags & SectionFlags.WRITE) != 0;
    }

    /** Equal when every component is, comparing data by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Section s
                && index == s.index && name.equals(s.name) && type == s.type && flags == s.flags
                && offset == s.offset && size == s.size && link == s.link && info == s.info
                && addralign == s.addralign && entsize == s.entsize && Arrays.equals(data, s.data);
    }

    @Override
    public int hashCode() {
        return (31 * index + name.hashCode()) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        String bytes = data.length <= 16 ? HexFormat.of().formatHex(data) : data.length + " bytes";
        return "[" + index + "] " + name + " " + SectionType.name(type) + " flags=" + SectionFlags.keys(flags)
                + " offset=0x" + Long.toHexString(offset) + " size=" + size + " link=" + link + " info=" + info
                + " align=" + addralign + " entsize=" + entsize + " data=" + bytes;
    }
}
