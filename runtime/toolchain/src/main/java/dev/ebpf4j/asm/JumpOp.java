package dev.ebpf4j.asm;

/** Conditional jump comparisons of the JMP and JMP32 classes, with their opcode bits. */
public enum JumpOp {
    JEQ(0x10),
    JGT(0x20),
    JGE(0x30),
    JSET(0x40),
    JNE(0x50),
    JSGT(0x60),
    JSGE(0x70),
    JLT(0xa0),
    JLE(0xb0),
    JSLT(0xc0),
    JSLE(0xd0);

    private final int code;

    JumpOp(int code) {
        this.code = code;
    }

    /** The operation bits of the opcode (bits 4–7). */
    public int code() {
        return code;
    }
}
