package dev.ebpf4j.elf;

/** The BPF relocation types ({@code ELF64_R_TYPE} of {@code r_info}). */
public final class RelocationType {
    public static final int R_BPF_NONE = 0;
    /** The 64-bit immediate of an {@code ld_imm64}: maps, globals, data sections. */
    public static final int R_BPF_64_64 = 1;
    /** A 64-bit absolute address in data (DWARF). */
    public static final int R_BPF_64_ABS64 = 2;
    /** A 32-bit absolute address in data (DWARF, BTF). */
    public static final int R_BPF_64_ABS32 = 3;
    /** A 32-bit value the dynamic loader must not touch (BTF, .BTF.ext). */
    public static final int R_BPF_64_NODYLD32 = 4;
    /** The 32-bit immediate of a bpf-to-bpf {@code call}. */
    public static final int R_BPF_64_32 = 10;

    private RelocationType() {}

    /** The name llvm-readelf prints, or the decimal value for an unknown type. */
    public static String name(int type) {
        return switch (type) {
            case R_BPF_NONE -> "R_BPF_NONE";
            case R_BPF_64_64 -> "R_BPF_64_64";
            case R_BPF_64_ABS64 -> "R_BPF_64_ABS64";
            case R_BPF_64_ABS32 -> "R_BPF_64_ABS32";
            case R_BPF_64_NODYLD32 -> "R_BPF_64_NODYLD32";
            case R_BPF_64_32 -> "R_BPF_64_32";
            default -> Integer.toUnsignedString(type);
        };
    }
}
