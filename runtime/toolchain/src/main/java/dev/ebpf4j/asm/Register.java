package dev.ebpf4j.asm;

/**
 * The eleven eBPF registers. {@code R0} holds return values, {@code R1}–{@code R5} carry
 * arguments and are clobbered by calls, {@code R6}–{@code R9} are preserved across calls and
 * {@code R10} is the read-only frame pointer.
 */
public enum Register {
    R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10;

    private static final Register[] VALUES = values();

    /** The register number as encoded in an instruction's dst or src field. */
    public int number() {
        return ordinal();
    }

    /** The register with this number; throws for numbers outside 0–10. */
    public static Register of(int number) {
        if (number < 0 || number >= VALUES.length) {
            throw new IllegalArgumentException("no register r" + number + " (eBPF has r0 to r10)");
        }
        return VALUES[number];
    }
}
