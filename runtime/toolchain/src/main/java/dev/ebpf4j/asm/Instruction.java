package dev.ebpf4j.asm;

import java.util.Objects;

/**
 * One eBPF instruction of RFC 9669, as an immutable value with its operands decoded.
 *
 * <p>Jump and call targets are numeric offsets counted in 8-byte slots relative to the next
 * instruction, exactly as encoded; {@code ld_imm64} is one instruction of two slots. Symbolic
 * labels and references to maps, globals and functions belong to the builder's output, which
 * resolves them when it encodes. Every record validates that its fields are encodable: an offset
 * fits 16 signed bits, a v4 variant is used with the class that has it.
 *
 * <pre>{@code
 * Instruction ret = new Instruction.Alu(true, AluOp.MOV, Register.R0, Operand.of(2)); // r0 = 2
 * Instruction exit = new Instruction.Exit();                                           // exit
 * }</pre>
 */
public sealed interface Instruction {

    /** The number of 8-byte slots the instruction occupies: 2 for {@code ld_imm64}, else 1. */
    default int slots() {
        return 1;
    }

    /**
     * An ALU (32-bit, {@code wide == false}, {@code w} registers) or ALU64 operation:
     * {@code dst = dst op src}, or {@code dst = -dst} for {@link AluOp#NEG}.
     */
    record Alu(boolean wide, AluOp op, Register dst, Operand src) implements Instruction {
        public Alu {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(dst, "dst");
            Objects.requireNonNull(src, "src");
            if (op == AluOp.NEG && !(src instanceof Operand.Imm(int value) && value == 0)) {
                throw new IllegalArgumentException("neg takes no source operand (encode it as immediate 0)");
            }
            if ((op == AluOp.MOVSX8 || op == AluOp.MOVSX16 || op == AluOp.MOVSX32) && !(src instanceof Operand.Reg)) {
                throw new IllegalArgumentException("a sign-extending move takes a register source");
            }
            if (op == AluOp.MOVSX32 && !wide) {
                throw new IllegalArgumentException("a 32-bit sign-extending move exists only in ALU64");
            }
        }
    }

    /** Byte swap of the low {@code width} bits of {@code dst} (16, 32 or 64), zero-extending the rest. */
    record ByteSwap(SwapKind kind, int width, Register dst) implements Instruction {
        public ByteSwap {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(dst, "dst");
            if (width != 16 && width != 32 && width != 64) {
                throw new IllegalArgumentException("byte swap width " + width + " is not 16, 32 or 64");
            }
        }
    }

    /** The three byte-swap forms: conversions from host order (little-endian here) and the unconditional swap of cpu v4. */
    enum SwapKind {
        /** {@code le16}/{@code le32}/{@code le64}: to little-endian (ALU class, source bit 0). */
        TO_LE,
        /** {@code be16}/{@code be32}/{@code be64}: to big-endian (ALU class, source bit 1). */
        TO_BE,
        /** {@code bswap16}/{@code bswap32}/{@code bswap64}: unconditional swap (ALU64 class, cpu v4). */
        SWAP
    }

    /** A conditional jump of the JMP ({@code wide == true}, 64-bit compare) or JMP32 class. */
    record Jump(boolean wide, JumpOp op, Register dst, Operand src, int offset) implements Instruction {
        public Jump {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(dst, "dst");
            Objects.requireNonNull(src, "src");
            requireShort(offset, "jump offset");
        }
    }

    /** An unconditional jump: {@code goto} with a 16-bit offset, or cpu v4's {@code gotol} with a 32-bit one. */
    record Goto(boolean longOffset, int offset) implements Instruction {
        public Goto {
            if (!longOffset) {
                requireShort(offset, "goto offset");
            }
        }
    }

    /**
     * A call: a helper by number, a bpf-to-bpf function by relative offset, or a kfunc by BTF id
     * ({@code moduleOffset} selects the module BTF in the fd array; 0 for others).
     */
    record Call(CallKind kind, int imm, int moduleOffset) implements Instruction {
        public Call {
            Objects.requireNonNull(kind, "kind");
            requireShort(moduleOffset, "kfunc module offset");
            if (kind != CallKind.KFUNC && moduleOffset != 0) {
                throw new IllegalArgumentException("only a kfunc call has a module offset");
            }
        }

        public static Call helper(int number) {
            return new Call(CallKind.HELPER, number, 0);
        }
    }

    /** Return from the current function with r0. */
    record Exit() implements Instruction {}

    /** {@code dst = *(size *)(src + offset)}, zero- or ({@code signExtend}, cpu v4) sign-extending. */
    record Load(Size size, boolean signExtend, Register dst, Register src, int offset) implements Instruction {
        public Load {
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(dst, "dst");
            Objects.requireNonNull(src, "src");
            requireShort(offset, "load offset");
            if (signExtend && size == Size.DW) {
                throw new IllegalArgumentException("a sign-extending load of 64 bits does not exist");
            }
        }
    }

    /** {@code *(size *)(dst + offset) = imm} (ST class; a 64-bit store sign-extends the immediate). */
    record StoreImm(Size size, Register dst, int offset, int imm) implements Instruction {
        public StoreImm {
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(dst, "dst");
            requireShort(offset, "store offset");
        }
    }

    /** {@code *(size *)(dst + offset) = src} (STX class). */
    record Store(Size size, Register dst, Register src, int offset) implements Instruction {
        public Store {
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(dst, "dst");
            Objects.requireNonNull(src, "src");
            requireShort(offset, "store offset");
        }
    }

    /** An atomic read-modify-write on {@code *(size *)(dst + offset)} with {@code src}; 32 or 64 bits. */
    record Atomic(Size size, AtomicOp op, boolean fetch, Register dst, Register src, int offset) implements Instruction {
        public Atomic {
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(dst, "dst");
            Objects.requireNonNull(src, "src");
            requireShort(offset, "atomic offset");
            if (size != Size.W && size != Size.DW) {
                throw new IllegalArgumentException("atomic operations are 32 or 64 bits wide, not " + size.bytes() * 8);
            }
            if (op.alwaysFetches() && !fetch) {
                throw new IllegalArgumentException(op + " always fetches");
            }
        }
    }

    /** {@code dst = imm64}, two slots; {@code source} says whether the immediate is a constant or a pseudo reference. */
    record LoadImm64(Register dst, PseudoSource source, long imm) implements Instruction {
        public LoadImm64 {
            Objects.requireNonNull(dst, "dst");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public int slots() {
            return 2;
        }
    }

    /**
     * The legacy packet loads of socket filters: {@code r0 = ntohl(*(size *)skb[imm])} (ABS,
     * {@code index == null}) or {@code skb[index + imm]} (IND).
     */
    record PacketLoad(Size size, Register index, int imm) implements Instruction {
        public PacketLoad {
            Objects.requireNonNull(size, "size");
            if (size == Size.DW) {
                throw new IllegalArgumentException("legacy packet loads are 8, 16 or 32 bits wide");
            }
        }
    }

    private static void requireShort(int value, String what) {
        if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
            throw new IllegalArgumentException(what + " " + value + " does not fit in 16 signed bits");
        }
    }
}
