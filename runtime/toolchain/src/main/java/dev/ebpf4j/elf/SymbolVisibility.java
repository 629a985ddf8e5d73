package dev.ebpf4j.elf;

/** Values of a symbol's visibility (the low two bits of {@code st_other}). */
public final class SymbolVisibility {
    public static final int DEFAULT = 0;
    public static final int INTERNAL = 1;
    public static final int HIDDEN = 2;
    public static final int PROTECTED = 3;

    private SymbolVisibility() {}

    public static String name(int visibility) {
        return switch (visibility) {
            case DEFAULT -> "DEFAULT";
            case INTERNAL -> "INTERNAL";
            case HIDDEN -> "HIDDEN";
            case PROTECTED -> "PROTECTED";
            default -> "0x" + Integer.toHexString(visibility);
        };
    }
}
