package dev.ebpf4j.elf;

/**
 * The ELF file header fields that matter for a relocatable BPF object; the rest (class, byte
 * order, version, entry point, program headers) are fixed for such objects and checked on reading.
 *
 * @param osAbi {@code e_ident[EI_OSABI]}, 0 (System V) for what clang emits
 * @param type {@code e_type}, always {@link #ET_REL} after reading
 * @param machine {@code e_machine}, always {@link #EM_BPF} after reading
 * @param flags {@code e_flags} (unsigned 32 bits), 0 for what clang emits
 * @param sectionNamesIndex {@code e_shstrndx}: the string table holding the section names
 */
public record ElfHeader(int osAbi, int type, int machine, long flags, int sectionNamesIndex) {
    public static final int ET_REL = 1;
    public static final int EM_BPF = 247;
    public static final int ELFCLASS64 = 2;
    public static final int ELFDATA2LSB = 1;
    public static final int EV_CURRENT = 1;

    public ElfHeader {
        if (osAbi < 0 || osAbi > 0xff) {
            throw new IllegalArgumentException("osAbi " + osAbi + " does not fit a byte");
        }
        if (flags < 0 || flags > 0xffff_ffffL) {
            throw new IllegalArgumentException("flags 0x" + Long.toHexString(flags) + " do not fit 32 bits");
        }
    }

    /** The name of an {@code e_machine} value a user may have given us by mistake. */
    static String machineName(int machine) {
        return switch (machine) {
            case 0 -> "none";
            case 3 -> "x86";
            case 8 -> "MIPS";
            case 20 -> "PowerPC";
            case 21 -> "PowerPC64";
            case 22 -> "S/390";
            case 40 -> "ARM";
            case 62 -> "x86-64";
            case 183 -> "AArch64";
            case 243 -> "RISC-V";
            case 247 -> "BPF";
            case 258 -> "LoongArch";
            default -> "unknown";
        };
    }
}
