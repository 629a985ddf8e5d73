package dev.ebpf4j.elf;

/** Values of a symbol's type (the low nibble of {@code st_info}). */
public final class SymbolType {
    public static final int NOTYPE = 0;
    public static final int OBJECT = 1;
    public static final int FUNC = 2;
    public static final int SECTION = 3;
    public static final int FILE = 4;
    public static final int COMMON = 5;
    public static final int TLS = 6;

    private SymbolType() {}

    public static String name(int type) {
        return switch (type) {
            case NOTYPE -> "NOTYPE";
            case OBJECT -> "OBJECT";
            case FUNC -> "FUNC";
            case SECTION -> "SECTION";
            case FILE -> "FILE";
            case COMMON -> "COMMON";
            case TLS -> "TLS";
            default -> "0x" + Integer.toHexString(type);
        };
    }
}
