package dev.ebpf4j.features;

/**
 * LLVM's BPF cpu levels, the instruction set a kernel's verifier accepts.
 */
public enum InstructionSetLevel {
    /** The base instruction set. */
    V1,
    /** Adds the unsigned and signed "less than" conditional jumps ({@code jlt}, {@code jle}, {@code jslt}, {@code jsle}); 4.14. */
    V2,
    /** Adds the JMP32 class, 32-bit compares; 5.1. */
    V3,
    /** Adds sign-extending loads and moves, signed division and modulo, unconditional byte swaps and {@code gotol}; 6.6. */
    V4;

    /** Whether code for {@code level} runs here. */
    public boolean atLeast(InstructionSetLevel level) {
        return compareTo(level) >= 0;
    }
}
