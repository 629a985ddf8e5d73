package dev.ebpf4j.programs;

import java.io.ByteArrayOutputStream;

/**
 * Hand-encoded eBPF instructions for kernel tests, until the instruction model is wired in. Each
 * helper is named after the LLVM syntax it produces; opcodes are from the ISA (RFC 9669).
 */
public final class Insns {
    private Insns() {}

    /** One 8-byte instruction: opcode, dst and src registers, 16-bit offset, 32-bit immediate. */
    public static byte[] insn(int opcode, int dst, int src, int offset, int imm) {
        return new byte[] {
                (byte) opcode, (byte) ((src << 4) | dst), (byte) offset, (byte) (offset >> 8),
                (byte) imm, (byte) (imm >> 8), (byte) (imm >> 16), (byte) (imm >> 24)};
    }

    /** {@code rD = imm} (BPF_ALU64 | BPF_MOV | BPF_K). */
    public static byte[] movImm(int dst, int imm) {
        return insn(0xb7, dst, 0, 0, imm);
    }

    /** {@code rD = rS} (BPF_ALU64 | BPF_MOV | BPF_X). */
    public static byte[] movReg(int dst, int src) {
        return insn(0xbf, dst, src, 0, 0);
    }

    /** {@code rD += imm} (BPF_ALU64 | BPF_ADD | BPF_K). */
    public static byte[] addImm(int dst, int imm) {
        return insn(0x07, dst, 0, 0, imm);
    }

    /** {@code *(u32 *)(rD + off) = rS} (BPF_STX | BPF_MEM | BPF_W). */
    public static byte[] stxW(int dst, int off, int src) {
        return insn(0x63, dst, src, off, 0);
    }

    /** {@code rD = *(u32 *)(rS + off)} (BPF_LDX | BPF_MEM | BPF_W). */
    public static byte[] ldxW(int dst, int src, int off) {
        return insn(0x61, dst, src, off, 0);
    }

    /** {@code if rD == imm goto +off} (BPF_JMP | BPF_JEQ | BPF_K). */
    public static byte[] jeqImm(int dst, int imm, int off) {
        return insn(0x15, dst, 0, off, imm);
    }

    /** {@code call imm}: a helper call (BPF_JMP | BPF_CALL). */
    public static byte[] call(int helper) {
        return insn(0x85, 0, 0, 0, helper);
    }

    /** {@code exit} (BPF_JMP | BPF_EXIT). */
    public static byte[] exit() {
        return insn(0x95, 0, 0, 0, 0);
    }

    /** {@code rD = imm ll}: the two-slot 64-bit load (BPF_LD | BPF_IMM | BPF_DW); src 1 marks a map fd. */
    public static byte[] ldImm64(int dst, int src, long imm) {
        byte[] first = insn(0x18, dst, src, 0, (int) imm);
        byte[] second = insn(0, 0, 0, 0, (int) (imm >>> 32));
        return concat(first, second);
    }

    /** {@code rD = map_fd ll} with {@code BPF_PSEUDO_MAP_FD}: the kernel swaps the fd for the map. */
    public static byte[] ldMapFd(int dst, int mapFd) {
        return ldImm64(dst, 1, mapFd);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
