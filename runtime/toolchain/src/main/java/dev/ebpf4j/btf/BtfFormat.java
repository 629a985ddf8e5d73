package dev.ebpf4j.btf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/** The record layouts of .BTF and .BTF.ext (include/uapi/linux/btf.h and libbpf's btf.h). */
final class BtfFormat {
    static final int MAGIC = 0xeb9f;
    static final int VERSION = 1;

    static final StructLayout HEADER = MemoryLayout.structLayout(
            JAVA_SHORT.withName("magic"), JAVA_BYTE.withName("version"), JAVA_BYTE.withName("flags"),
            JAVA_INT.withName("hdr_len"),
            JAVA_INT.withName("type_off"), JAVA_INT.withName("type_len"),
            JAVA_INT.withName("str_off"), JAVA_INT.withName("str_len"));

    /** struct btf_type: the name, the info word (vlen, kind, kind flag) and a size or a type id. */
    static final StructLayout TYPE = MemoryLayout.structLayout(
            JAVA_INT.withName("name_off"), JAVA_INT.withName("info"), JAVA_INT.withName("size_or_type"));
    static final StructLayout ARRAY = MemoryLayout.structLayout(
            JAVA_INT.withName("type"), JAVA_INT.withName("index_type"), JAVA_INT.withName("nelems"));
    static final StructLayout MEMBER = MemoryLayout.structLayout(
            JAVA_INT.withName("name_off"), JAVA_INT.withName("type"), JAVA_INT.withName("offset"));
    static final StructLayout ENUM = MemoryLayout.structLayout(JAVA_INT.withName("name_off"), JAVA_INT.withName("val"));
    static final StructLayout ENUM64 = MemoryLayout.structLayout(
            JAVA_INT.withName("name_off"), JAVA_INT.withName("val_lo32"), JAVA_INT.withName("val_hi32"));
    static final StructLayout PARAM = MemoryLayout.structLayout(JAVA_INT.withName("name_off"), JAVA_INT.withName("type"));
    static final StructLayout VAR_SECINFO = MemoryLayout.structLayout(
            JAVA_INT.withName("type"), JAVA_INT.withName("offset"), JAVA_INT.withName("size"));

    /** The .BTF.ext header; the core_relo pair is present when hdr_len reaches it. */
    static final StructLayout EXT_HEADER = MemoryLayout.structLayout(
            JAVA_SHORT.withName("magic"), JAVA_BYTE.withName("version"), JAVA_BYTE.withName("flags"),
            JAVA_INT.withName("hdr_len"),
            JAVA_INT.withName("func_info_off"), JAVA_INT.withName("func_info_len"),
            JAVA_INT.withName("line_info_off"), JAVA_INT.withName("line_info_len"),
            JAVA_INT.withName("core_relo_off"), JAVA_INT.withName("core_relo_len"));
    static final long EXT_HEADER_WITHOUT_CORE = EXT_HEADER.byteOffset(MemoryLayout.PathElement.groupElement("core_relo_off"));

    static final StructLayout FUNC_INFO = MemoryLayout.structLayout(JAVA_INT.withName("insn_off"), JAVA_INT.withName("type_id"));
    static final StructLayout LINE_INFO = MemoryLayout.structLayout(
            JAVA_INT.withName("insn_off"), JAVA_INT.withName("file_name_off"),
            JAVA_INT.withName("line_off"), JAVA_INT.withName("line_col"));
    static final StructLayout CORE_RELO = MemoryLayout.structLayout(
            JAVA_INT.withName("insn_off"), JAVA_INT.withName("type_id"),
            JAVA_INT.withName("access_str_off"), JAVA_INT.withName("kind"));
    /** The per-section header of an info block: sec_name_off, num_info. */
    static final StructLayout INFO_SECTION = MemoryLayout.structLayout(JAVA_INT.withName("sec_name_off"), JAVA_INT.withName("num_info"));

    private BtfFormat() {}

    static int info(BtfKind kind, int vlen, boolean kindFlag) {
        return (kindFlag ? 1 << 31 : 0) | kind.code() << 24 | vlen;
    }
}
