package dev.ebpf4j.asm;

/** The source operand of an ALU or jump instruction: a register ({@code BPF_X}) or a 32-bit immediate ({@code BPF_K}). */
public sealed interface Operand {
    /** A register source. */
    record Reg(Register register) implements Operand {
        public Reg {
            java.util.Objects.requireNonNull(register, "register");
        }
    }

    /** A 32-bit immediate source, sign-extended to 64 bits by ALU64 and JMP instructions. */
    record Imm(int value) implements Operand {}

    static Operand of(Register register) {
        return new Reg(register);
    }

    static Operand of(int value) {
        return new Imm(value);
    }
}
