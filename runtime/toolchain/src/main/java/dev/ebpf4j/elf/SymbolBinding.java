package dev.ebpf4j.elf;

/** Values of a symbol's binding (the high nibble of {@code st_info}). */
public final class SymbolBinding {
    public static final int LOCAL = 0;
    public static final int GLOBAL = 1;
    public static final int WEAK = 2;

    private SymbolBinding() {}

    public static String name(int binding) {
        return switch (binding) {
            case LOCAL -> "LOCAL";
            case GLOBAL -> "GLOBAL";
            case WEAK -> "WEAK";
            default -> "0x" + Integer.toHexString(binding);
        };
    }
}
