package dev.ebpf4j.btf;

import dev.ebpf4j.binary.ByteReader;
import dev.ebpf4j.binary.FormatException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads .BTF.ext, resolving its strings through the .BTF section it belongs to. Records larger than
 * the sizes known here are accepted and their extra bytes skipped, as libbpf does; a header too
 * short for CO-RE relocations simply has none.
 *
 * <pre>{@code
 * BtfExt ext = BtfExtDecoder.decode(extBytes, btfBytes);
 * for (var section : ext.lineInfos()) { ... }
 * }</pre>
 */
public final class BtfExtDecoder {
    private static final long MIN_HEADER = BtfFormat.EXT_HEADER_WITHOUT_CORE;

    private final ByteReader strings;

    private BtfExtDecoder(ByteReader strings) {
        this.strings = strings;
    }

    public static BtfExt decode(byte[] ext, byte[] btf) {
        return decode(ByteBuffer.wrap(ext), 0, ByteBuffer.wrap(btf), 0);
    }

    /** Decodes .BTF.ext at {@code extBase} in the file, whose strings are in the .BTF section at {@code btfBase}. */
    public static BtfExt decode(ByteBuffer ext, long extBase, ByteBuffer btf, long btfBase) {
        ByteReader strings = BtfDecoder.sections(ByteReader.of(btf, btfBase)).strings();
        return new BtfExtDecoder(strings).decode(ByteReader.of(ext, extBase));
    }

    private BtfExt decode(ByteReader ext) {
        ext.require(MIN_HEADER, "the .BTF.ext header");
        int magic = ext.u16();
        if (magic != BtfFormat.MAGIC) {
            throw ext.error(0, "not .BTF.ext: magic 0x" + Integer.toHexString(magic) + " instead of 0xeb9f");
        }
        int version = ext.u8();
        if (version != BtfFormat.VERSION) {
            throw ext.error(2, "unsupported .BTF.ext version " + version);
        }
        int flags = ext.u8();
        if (flags != 0) {
            throw ext.error(3, "unsupported .BTF.ext flags 0x" + Integer.toHexString(flags));
        }
        long headerLength = ext.u32();
        if (headerLength < MIN_HEADER || headerLength > ext.size()) {
            throw ext.error(4, ".BTF.ext header length " + headerLength + " is not between " + MIN_HEADER + " and the section size " + ext.size());
        }
        ByteReader funcBlock = block(ext, headerLength, "func_info");
        ByteReader lineBlock = block(ext, headerLength, "line_info");
        ByteReader reloBlock = headerLength >= BtfFormat.EXT_HEADER.byteSize() ? block(ext, headerLength, "core_relo") : null;

        List<BtfExt.Section<BtfExt.FuncInfo>> funcs = sections(funcBlock, BtfFormat.FUNC_INFO.byteSize(), "func_info",
                r -> new BtfExt.FuncInfo(offset(r), typeId(r)));
        List<BtfExt.Section<BtfExt.LineInfo>> lines = sections(lineBlock, BtfFormat.LINE_INFO.byteSize(), "line_info", r -> {
            int insn = offset(r);
            String file = string(r, "file name");
            String text = string(r, "line text");
            long lineCol = r.u32();
            return new BtfExt.LineInfo(insn, file, text, (int) (lineCol >>> 10), (int) (lineCol & 0x3ff));
        });
        List<BtfExt.Section<BtfExt.CoreRelo>> relos = reloBlock == null ? List.of()
                : sections(reloBlock, BtfFormat.CORE_RELO.byteSize(), "core_relo", r -> {
                    int insn = offset(r);
                    int type = typeId(r);
                    String access = string(r, "access string");
                    return new BtfExt.CoreRelo(insn, type, access, r.u32AsInt("CO-RE relocation kind"));
                });
        return new BtfExt(funcs, lines, relos);
    }

    /** Reads an (offset, length) header pair, which the cursor is at, and returns the block it names. */
    private static ByteReader block(ByteReader ext, long headerLength, String what) {
        long offset = ext.u32();
        long length = ext.u32();
        return ext.slice(headerLength + offset, length, what + " block");
    }

    private interface RecordReader<T> {
        T read(ByteReader record);
    }

    private <T> List<BtfExt.Section<T>> sections(ByteReader block, long minRecordSize, String what, RecordReader<T> reader) {
        List<BtfExt.Section<T>> sections = new ArrayList<>();
        if (block.size() == 0) {
            return sections;
        }
        long recordSize = block.u32();
        if (recordSize < minRecordSize || recordSize % 4 != 0) {
            throw block.error(0, what + " record size " + recordSize + " is not a multiple of 4 of at least " + minRecordSize);
        }
        while (block.remaining() > 0) {
            block.require(BtfFormat.INFO_SECTION.byteSize(), what + " section header");
            long nameAt = block.position();
            String name = string(block, what + " section name");
            long count = block.u32();
            if (count > block.remaining() / recordSize) {
                throw block.error(nameAt + 4, what + " section '" + name + "' claims " + count + " records of " + recordSize
                        + " bytes but only " + block.remaining() + " bytes remain");
            }
            List<T> records = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                int start = block.position();
                ByteReader record = block.slice(start, recordSize, what + " record");
                try {
                    records.add(reader.read(record));
                } catch (IllegalArgumentException e) {
                    throw block.error(start, what + " record: " + e.getMessage());
                }
                block.skip(recordSize);
            }
            sections.add(new BtfExt.Section<>(name, records));
        }
        return sections;
    }

    private static int offset(ByteReader r) {
        return r.u32AsInt("instruction offset");
    }

    private static int typeId(ByteReader r) {
        return r.u32AsInt("type id");
    }

    private String string(ByteReader r, String what) {
        long at = r.position();
        long offset = r.u32();
        if (offset >= strings.size()) {
            throw r.error(at, what + " offset " + offset + " is outside the " + strings.size() + "-byte .BTF string section");
        }
        try {
            return strings.cString(offset, what);
        } catch (FormatException e) {
            throw r.error(at, e.problem());
        }
    }
}
