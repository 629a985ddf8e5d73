package dev.ebpf4j.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The parts of {@code union bpf_attr} (and of the info structs) we use, one struct layout per
 * command, transcribed from the kernel's {@code include/uapi/linux/bpf.h}. {@code __aligned_u64}
 * pointers are 8-byte longs holding an address. A struct layout refuses a misaligned member, so a
 * missing padding field fails at class initialisation rather than in the kernel.
 *
 * <p>Layouts may end with fields newer than the running kernel: the kernel accepts an attr larger
 * than its own as long as the bytes it does not know are zero, which they are unless we set them.
 */
final class Attr {
    private Attr() {}

    static final int OBJ_NAME_LEN = 16;

    static ValueLayout.OfInt u32(String name) {
        return ValueLayout.JAVA_INT.withName(name);
    }

    static ValueLayout.OfLong u64(String name) {
        return ValueLayout.JAVA_LONG.withName(name);
    }

    static MemoryLayout chars(String name, int length) {
        return MemoryLayout.sequenceLayout(length, ValueLayout.JAVA_BYTE).withName(name);
    }

    static MemoryLayout pad(int bytes) {
        return MemoryLayout.paddingLayout(bytes);
    }

    static VarHandle field(StructLayout layout, String name) {
        return MethodHandles.insertCoordinates(layout.varHandle(groupElement(name)), 1, 0L);
    }

    static long offset(StructLayout layout, String name) {
        return layout.byteOffset(groupElement(name));
    }

    /** Writes {@code name} NUL-terminated into the char array field, truncated to fit. */
    static void putName(MemorySegment attr, StructLayout layout, String field, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        int length = Math.min(bytes.length, OBJ_NAME_LEN - 1);
        MemorySegment.copy(bytes, 0, attr, ValueLayout.JAVA_BYTE, offset(layout, field), length);
    }

    /** Reads a NUL-terminated char array field. */
    static String getName(MemorySegment struct, StructLayout layout, String field) {
        long base = offset(layout, field);
        int length = 0;
        while (length < OBJ_NAME_LEN && struct.get(ValueLayout.JAVA_BYTE, base + length) != 0) {
            length++;
        }
        byte[] bytes = new byte[length];
        MemorySegment.copy(struct, ValueLayout.JAVA_BYTE, base, bytes, 0, length);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** BPF_MAP_CREATE. */
    static final class MapCreate {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                u32("map_type"), u32("key_size"), u32("value_size"), u32("max_entries"),
                u32("map_flags"), u32("inner_map_fd"), u32("numa_node"), chars("map_name", OBJ_NAME_LEN),
                u32("map_ifindex"), u32("btf_fd"), u32("btf_key_type_id"), u32("btf_value_type_id"),
                u32("btf_vmlinux_value_type_id"), u64("map_extra"));
        static final VarHandle MAP_TYPE = field(LAYOUT, "map_type");
        static final VarHandle KEY_SIZE = field(LAYOUT, "key_size");
        static final VarHandle VALUE_SIZE = field(LAYOUT, "value_size");
        static final VarHandle MAX_ENTRIES = field(LAYOUT, "max_entries");
        static final VarHandle MAP_FLAGS = field(LAYOUT, "map_flags");
        static final VarHandle INNER_MAP_FD = field(LAYOUT, "inner_map_fd");
        static final VarHandle MAP_IFINDEX = field(LAYOUT, "map_ifindex");
        static final VarHandle BTF_FD = field(LAYOUT, "btf_fd");
        static final VarHandle BTF_KEY_TYPE_ID = field(LAYOUT, "btf_key_type_id");
        static final VarHandle BTF_VALUE_TYPE_ID = field(LAYOUT, "btf_value_type_id");
        static final VarHandle MAP_EXTRA = field(LAYOUT, "map_extra");
    }

    /** BPF_MAP_{LOOKUP,UPDATE,DELETE}_ELEM, BPF_MAP_GET_NEXT_KEY, BPF_MAP_LOOKUP_AND_DELETE_ELEM, BPF_MAP_FREEZE. */
    static final class MapElem {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                u32("map_fd"), pad(4), u64("key"), u64("value_or_next_key"), u64("flags"));
        // offsets, not field handles: see MapCalls.elem
        static final long MAP_FD_AT = offset(LAYOUT, "map_fd");
        static final long KEY_AT = offset(LAYOUT, "key");
        static final long VALUE_AT = offset(LAYOUT, "value_or_next_key");
        static final long FLAGS_AT = offset(LAYOUT, "flags");
    }

    /** BPF_MAP_*_BATCH ({@code attr.batch}). */
    static final class MapBatch {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                u64("in_batch"), u64("out_batch"), u64("keys"), u64("values"),
                u32("count"), u32("map_fd"), u64("elem_flags"), u64("flags"));
        static final VarHandle IN_BATCH = field(LAYOUT, "in_batch");
        static final VarHandle OUT_BATCH = field(LAYOUT, "out_batch");
        static final VarHandle KEYS = field(LAYOUT, "keys");
        static final VarHandle VALUES = field(LAYOUT, "values");
        static final VarHandle COUNT = field(LAYOUT, "count");
        static final VarHandle MAP_FD = field(LAYOUT, "map_fd");
        static final VarHandle ELEM_FLAGS = field(LAYOUT, "elem_flags");
    }

    /** BPF_PROG_LOAD, up to {@code log_true_size} (6.4+; zero and ignored before). */
    static final class ProgLoad {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                u32("prog_type"), u32("insn_cnt"), u64("insns"), u64("license"),
                u32("log_level"), u32("log_size"), u64("log_buf"),
                u32("kern_version"), u32("prog_flags"), chars("prog_name", OBJ_NAME_LEN),
                u32("prog_ifindex"), u32("expected_attach_type"), u32("prog_btf_fd"), u32("func_info_rec_size"),
                u64("func_info"), u32("func_info_cnt"), u32("line_info_rec_size"),
                u64("line_info"), u32("line_info_cnt"), u32("attach_btf_id"),
                u32("attach_prog_fd"), u32("core_relo_cnt"), u64("fd_array"), u64("core_relos"),
                u32("core_relo_rec_size"), u32("log_true_size"));
        static final VarHandle PROG_TYPE = field(LAYOUT, "prog_type");
        static final VarHandle INSN_CNT = field(LAYOUT, "insn_cnt");
        static final VarHandle INSNS = field(LAYOUT, "insns");
        static final VarHandle LICENSE = field(LAYOUT, "license");
        static final VarHandle LOG_LEVEL = field(LAYOUT, "log_level");
        static final VarHandle LOG_SIZE = field(LAYOUT, "log_size");
        static final VarHandle LOG_BUF = field(LAYOUT, "log_buf");
        static final VarHandle PROG_FLAGS = field(LAYOUT, "prog_flags");
        static final VarHandle EXPECTED_ATTACH_TYPE = field(LAYOUT, "expected_attach_type");
        static final VarHandle PROG_BTF_FD = field(LAYOUT, "prog_btf_fd");
        static final VarHandle FUNC_INFO_REC_SIZE = field(LAYOUT, "func_info_rec_size");
        static final VarHandle FUNC_INFO = field(LAYOUT, "func_info");
        static final VarHandle FUNC_INFO_CNT = field(LAYOUT, "func_info_cnt");
        static final VarHandle LINE_INFO_REC_SIZE = field(LAYOUT, "line_info_rec_size");
        static final VarHandle LINE_INFO = field(LAYOUT, "line_info");
        static final VarHandle LINE_INFO_CNT = field(LAYOUT, "line_info_cnt");
        static final VarHandle LOG_TRUE_SIZE = field(LAYOUT, "log_true_size");
    }

    /** BPF_OBJ_PIN, BPF_OBJ_GET. */
    static final class Obj {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                u64("pathname"), u32("bpf_fd"), u32("file_flags"));
        static final VarHandle PATHNAME = field(LAYOUT, "pathname");
        static final VarHandle BPF_FD = field(LAYOUT, "bpf_fd");
        static final VarHandle FILE_FLAGS = field(LAYOUT, "file_flags");
    }

    /** BPF_PROG_TEST_RUN ({@code attr.test}). */
    static final class TestRun {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                u32("prog_fd"), u32("retval"), u32("data_size_in"), u32("data_size_out"),
                u64("data_in"), u64("data_out"), u32("repeat"), u32("duration"),
                u32("ctx_size_in"), u32("ctx_size_out"), u64("ctx_in"), u64("ctx_out"),
                u32("flags"), u32("cpu"), u32("batch_size"), pad(4));
        static final VarHandle PROG_FD = field(LAYOUT, "prog_fd");
        static final VarHandle RETVAL = field(LAYOUT, "retval");
        static final VarHandle DATA_SIZE_IN = field(LAYOUT, "data_size_in");
        static final VarHandle DATA_SIZE_OUT = field(LAYOUT, "data_size_out");
        static final VarHandle DATA_IN = field(LAYOUT, "data_in");
        static final VarHandle DATA_OUT = field(LAYOUT, "data_out");
        static final VarHandle REPEAT = field(LAYOUT, "repeat");
        static final VarHandle DURATION = field(LAYOUT, "duration");
        static final VarHandle CTX_SIZE_IN = field(LAYOUT, "ctx_size_in");
        static final VarHandle CTX_SIZE_OUT = field(LAYOUT, "ctx_size_out");
        static final VarHandle CTX_IN = field(LAYOUT, "ctx_in");
        static final VarHandle CTX_OUT = field(LAYOUT, "ctx_out");
        static final VarHandle FLAGS = field(LAYOUT, "flags");
    }

    /** BPF_*_GET_FD_BY_ID and BPF_*_GET_NEXT_ID. */
    static final class GetId {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                u32("id"), u32("next_id"), u32("open_flags"));
        static final VarHandle ID = field(LAYOUT, "id");
        static final VarHandle NEXT_ID = field(LAYOUT, "next_id");
        static final VarHandle OPEN_FLAGS = field(LAYOUT, "open_flags");
    }

    /** BPF_OBJ_GET_INFO_BY_FD ({@code attr.info}). */
    static final class Info {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                u32("bpf_fd"), u32("info_len"), u64("info"));
        static final VarHandle BPF_FD = field(LAYOUT, "bpf_fd");
        static final VarHandle INFO_LEN = field(LAYOUT, "info_len");
        static final VarHandle INFO = field(LAYOUT, "info");
    }

    /** BPF_BTF_LOAD, up to {@code btf_log_true_size} (6.4+). */
    static final class BtfLoad {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                u64("btf"), u64("btf_log_buf"), u32("btf_size"), u32("btf_log_size"),
                u32("btf_log_level"), u32("btf_log_true_size"));
        static final VarHandle BTF = field(LAYOUT, "btf");
        static final VarHandle LOG_BUF = field(LAYOUT, "btf_log_buf");
        static final VarHandle BTF_SIZE = field(LAYOUT, "btf_size");
        static final VarHandle LOG_SIZE = field(LAYOUT, "btf_log_size");
        static final VarHandle LOG_LEVEL = field(LAYOUT, "btf_log_level");
        static final VarHandle LOG_TRUE_SIZE = field(LAYOUT, "btf_log_true_size");
    }

    /** {@code struct bpf_btf_info}, up to {@code kernel_btf} (5.11; the first three fields since 5.0). */
    static final class BtfInfo {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                u64("btf"), u32("btf_size"), u32("id"), u64("name"), u32("name_len"), u32("kernel_btf"));
        static final VarHandle BTF = field(LAYOUT, "btf");
        static final VarHandle BTF_SIZE = field(LAYOUT, "btf_size");
        static final VarHandle ID = field(LAYOUT, "id");
        static final VarHandle NAME = field(LAYOUT, "name");
        static final VarHandle NAME_LEN = field(LAYOUT, "name_len");
        static final VarHandle KERNEL_BTF = field(LAYOUT, "kernel_btf");
        /** Where the 5.0 struct ends: kernels before 5.11 refuse a longer one whose extra bytes are set. */
        static final long V5_0_SIZE = offset(LAYOUT, "name");
    }

    /**
     * BPF_LINK_CREATE ({@code attr.link_create}) with the {@code tcx} member of its trailing union;
     * for XDP that member stays zero, which is what the kernel wants there.
     */
    static final class LinkCreate {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                u32("prog_fd"), u32("target_fd_or_ifindex"), u32("attach_type"), u32("flags"),
                u32("relative_fd_or_id"), pad(4), u64("expected_revision"));
        static final VarHandle PROG_FD = field(LAYOUT, "prog_fd");
        static final VarHandle TARGET = field(LAYOUT, "target_fd_or_ifindex");
        static final VarHandle ATTACH_TYPE = field(LAYOUT, "attach_type");
        static final VarHandle FLAGS = field(LAYOUT, "flags");
        static final VarHandle RELATIVE_FD_OR_ID = field(LAYOUT, "relative_fd_or_id");
        static final VarHandle EXPECTED_REVISION = field(LAYOUT, "expected_revision");
    }

    /** BPF_LINK_UPDATE. */
    static final class LinkUpdate {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                u32("link_fd"), u32("new_prog_fd"), u32("flags"), u32("old_prog_fd"));
        static final VarHandle LINK_FD = field(LAYOUT, "link_fd");
        static final VarHandle NEW_PROG_FD = field(LAYOUT, "new_prog_fd");
        static final VarHandle FLAGS = field(LAYOUT, "flags");
        static final VarHandle OLD_PROG_FD = field(LAYOUT, "old_prog_fd");
    }

    /** BPF_LINK_DETACH. */
    static final class LinkDetach {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(u32("link_fd"));
        static final VarHandle LINK_FD = field(LAYOUT, "link_fd");
    }

    /** {@code struct bpf_prog_info}, up to {@code attach_btf_id} (6.0). */
    static final class ProgInfo {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                u32("type"), u32("id"), chars("tag", 8), u32("jited_prog_len"), u32("xlated_prog_len"),
                u64("jited_prog_insns"), u64("xlated_prog_insns"), u64("load_time"),
                u32("created_by_uid"), u32("nr_map_ids"), u64("map_ids"), chars("name", OBJ_NAME_LEN),
                u32("ifindex"), u32("gpl_compatible"), u64("netns_dev"), u64("netns_ino"),
                u32("nr_jited_ksyms"), u32("nr_jited_func_lens"), u64("jited_ksyms"), u64("jited_func_lens"),
                u32("btf_id"), u32("func_info_rec_size"), u64("func_info"), u32("nr_func_info"),
                u32("nr_line_info"), u64("line_info"), u64("jited_line_info"), u32("nr_jited_line_info"),
                u32("line_info_rec_size"), u32("jited_line_info_rec_size"), u32("nr_prog_tags"),
                u64("prog_tags"), u64("run_time_ns"), u64("run_cnt"), u64("recursion_misses"),
                u32("verified_insns"), u32("attach_btf_obj_id"), u32("attach_btf_id"), pad(4));
        static final VarHandle TYPE = field(LAYOUT, "type");
        static final VarHandle ID = field(LAYOUT, "id");
        static final VarHandle JITED_PROG_LEN = field(LAYOUT, "jited_prog_len");
        static final VarHandle XLATED_PROG_LEN = field(LAYOUT, "xlated_prog_len");
        static final VarHandle LOAD_TIME = field(LAYOUT, "load_time");
        static final VarHandle CREATED_BY_UID = field(LAYOUT, "created_by_uid");
        static final VarHandle NR_MAP_IDS = field(LAYOUT, "nr_map_ids");
        static final VarHandle MAP_IDS = field(LAYOUT, "map_ids");
        static final VarHandle GPL_COMPATIBLE = field(LAYOUT, "gpl_compatible");
        static final VarHandle BTF_ID = field(LAYOUT, "btf_id");
        static final VarHandle RUN_TIME_NS = field(LAYOUT, "run_time_ns");
        static final VarHandle RUN_CNT = field(LAYOUT, "run_cnt");
        static final VarHandle VERIFIED_INSNS = field(LAYOUT, "verified_insns");
        static final long TAG_OFFSET = offset(LAYOUT, "tag");
        static final long VERIFIED_INSNS_END = offset(LAYOUT, "verified_insns") + Integer.BYTES;
    }

    /** {@code struct bpf_map_info}, up to {@code map_extra} (5.16). */
    static final class MapInfo {
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                u32("type"), u32("id"), u32("key_size"), u32("value_size"), u32("max_entries"),
                u32("map_flags"), chars("name", OBJ_NAME_LEN), u32("ifindex"), u32("btf_vmlinux_value_type_id"),
                u64("netns_dev"), u64("netns_ino"), u32("btf_id"), u32("btf_key_type_id"),
                u32("btf_value_type_id"), pad(4), u64("map_extra"));
        static final VarHandle TYPE = field(LAYOUT, "type");
        static final VarHandle ID = field(LAYOUT, "id");
        static final VarHandle KEY_SIZE = field(LAYOUT, "key_size");
        static final VarHandle VALUE_SIZE = field(LAYOUT, "value_size");
        static final VarHandle MAX_ENTRIES = field(LAYOUT, "max_entries");
        static final VarHandle MAP_FLAGS = field(LAYOUT, "map_flags");
        static final VarHandle BTF_ID = field(LAYOUT, "btf_id");
        static final VarHandle BTF_KEY_TYPE_ID = field(LAYOUT, "btf_key_type_id");
        static final VarHandle BTF_VALUE_TYPE_ID = field(LAYOUT, "btf_value_type_id");
    }
}
