package dev.ebpf4j.asm;

/**
 * Arithmetic and logic operations of the ALU and ALU64 classes. Signed division and modulo and
 * the sign-extending moves (cpu v4) share an opcode with their plain forms and are told apart by
 * the instruction's offset field, which {@link #offset()} gives.
 */
public enum AluOp {
    ADD(0x00, 0),
    SUB(0x10, 0),
    MUL(0x20, 0),
    /** Unsigned division; division by zero yields 0. */
    DIV(0x30, 0),
    /** Signed division (cpu v4). */
    SDIV(0x30, 1),
    OR(0x40, 0),
    AND(0x50, 0),
    LSH(0x60, 0),
    RSH(0x70, 0),
    /** Negation; takes no source operand (encoded with immediate 0). */
    NEG(0x80, 0),
    /** Unsigned modulo; modulo by zero leaves the destination unchanged. */
    MOD(0x90, 0),
    /** Signed modulo (cpu v4). */
    SMOD(0x90, 1),
    XOR(0xa0, 0),
    MOV(0xb0, 0),
    /** Move with sign extension from 8 bits (cpu v4); register source only. */
    MOVSX8(0xb0, 8),
    /** Move with sign extension from 16 bits (cpu v4); register source only. */
    MOVSX16(0xb0, 16),
    /** Move with sign extension from 32 bits (cpu v4, ALU64 only); register source only. */
    MOVSX32(0xb0, 32),
    ARSH(0xc0, 0);

    private final int code;
    private final int offset;

    AluOp(int code, int offset) {
        this.code = code;
        this.offset = offset;
    }

    /** The operation bits of the opcode (bits 4–7). */
    public int code() {
        return code;
    }

    /** The value of the instruction's offset field that selects this variant. */
    public int offset() {
        return offset;
    }

    /** True for the cpu v4 variants: signed division and modulo, sign-extending moves. */
    public boolean isV4() {
        return offset != 0;
    }
}
