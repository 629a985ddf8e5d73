package dev.ebpf4j.asm;

import java.util.Objects;

/**
 * A symbolic operand of one instruction of a {@link Code}: a map, a global variable, a function
 * or a kfunc named by its symbol, which the object writer turns into an ELF relocation and the
 * loader into a file descriptor, an address or a BTF id.
 *
 * <p>The instruction at {@code instructionIndex} holds a placeholder of the right form:
 * {@code ld_imm64} with {@link PseudoSource#MAP_FD} for {@link Kind#MAP},
 * {@link PseudoSource#MAP_VALUE} (the offset in the high 32 bits) for {@link Kind#GLOBAL},
 * {@link PseudoSource#FUNC} for {@link Kind#FUNCTION_POINTER}; a call with
 * {@link CallKind#FUNCTION} for {@link Kind#FUNCTION} and {@link CallKind#KFUNC} for
 * {@link Kind#KFUNC}.
 *
 * <pre>{@code
 * new Reference(3, "counters", Reference.Kind.MAP, 0)    // instruction 3 loads the map "counters"
 * new Reference(7, ".bss", Reference.Kind.GLOBAL, 16)    // instruction 7 points 16 bytes into .bss
 * }</pre>
 *
 * @param instructionIndex the index of the instruction in {@link Code#instructions()} (not a slot)
 * @param symbol the name of the map, data section or variable, function or kfunc
 * @param kind what the symbol is and how the instruction uses it
 * @param offset for {@link Kind#GLOBAL}, the byte offset into the symbol's data; 0 for the others
 */
public record Reference(int instructionIndex, String symbol, Kind kind, int offset) {
    /** What a reference refers to. */
    public enum Kind {
        /** {@code ld_imm64} of a map (pseudo source {@code MAP_FD}). */
        MAP,
        /** {@code ld_imm64} of a pointer into a global variable's data section (pseudo source {@code MAP_VALUE}). */
        GLOBAL,
        /** A bpf-to-bpf {@code call} of a function. */
        FUNCTION,
        /** {@code ld_imm64} of a function's address (pseudo source {@code FUNC}), for callbacks. */
        FUNCTION_POINTER,
        /** A {@code call} of a kernel function by name, resolved to a BTF id at load time. */
        KFUNC
    }

    public Reference {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(kind, "kind");
        if (instructionIndex < 0) {
            throw new IllegalArgumentException("instruction index " + instructionIndex + " is negative");
        }
        if (symbol.isBlank()) {
            throw new IllegalArgumentException("a reference needs a symbol name");
        }
        if (kind == Kind.GLOBAL ? offset < 0 : offset != 0) {
            throw new IllegalArgumentException(kind == Kind.GLOBAL
                    ? "global \"" + symbol + "\": offset " + offset + " is negative"
                    : "only a global reference has an offset, not " + kind + " \"" + symbol + "\"");
        }
    }

    /** Whether {@code instruction} is the placeholder form this reference expects. */
    public boolean fits(Instruction instruction) {
        return switch (kind) {
            case MAP -> instruction instanceof Instruction.LoadImm64(var dst, var source, var imm) && source == PseudoSource.MAP_FD;
            case GLOBAL -> instruction instanceof Instruction.LoadImm64(var dst, var source, var imm) && source == PseudoSource.MAP_VALUE;
            case FUNCTION_POINTER -> instruction instanceof Instruction.LoadImm64(var dst, var source, var imm) && source == PseudoSource.FUNC;
            case FUNCTION -> instruction instanceof Instruction.Call(var callKind, var imm, var module) && callKind == CallKind.FUNCTION;
            case KFUNC -> instruction instanceof Instruction.Call(var callKind, var imm, var module) && callKind == CallKind.KFUNC;
        };
    }
}
