package dev.ebpf4j.elf;

/** The reserved values of a symbol's {@code st_shndx}, which name no section. */
public final class SectionIndex {
    /** The symbol is not defined in this object. */
    public static final int UNDEF = 0;
    /** Start of the reserved range: no section has an index at or above it. */
    public static final int LORESERVE = 0xff00;
    /** The symbol's value is absolute (file symbols use it). */
    public static final int ABS = 0xfff1;
    /** A common block not yet allocated. */
    public static final int COMMON = 0xfff2;
    /** The real index is in an {@code SHT_SYMTAB_SHNDX} section (not supported here). */
    public static final int XINDEX = 0xffff;

    private SectionIndex() {}

    /** Whether {@code index} is one of the special values this package accepts in a symbol. */
    public static boolean isSpecial(int index) {
        return index == UNDEF || index == ABS || index == COMMON;
    }

    /** {@code UND}, {@code ABS}, {@code COM} as llvm-readelf prints them, or the decimal index. */
    public static String name(int index) {
        return switch (index) {
            case UNDEF -> "UND";
            case ABS -> "ABS";
            case COMMON -> "COM";
            default -> Integer.toString(index);
        };
    }
}
