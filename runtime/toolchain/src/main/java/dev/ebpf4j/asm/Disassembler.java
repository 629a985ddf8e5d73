package dev.ebpf4j.asm;

import java.util.List;
import java.util.StringJoiner;

/**
 * Prints instructions in LLVM's BPF assembly syntax, character for character as
 * {@code llvm-objdump-19 -d --mcpu=v4 --no-show-raw-insn --no-print-imm-hex} prints the
 * instruction itself (without objdump's address column and its {@code <section+0x..>} branch
 * annotation).
 *
 * <p>Where LLVM's text loses information, {@link #format} prints a lossless extension that
 * {@link Assembler} reads back and {@code llvm-mc} rejects rather than misassembles;
 * {@link #formatAsObjdump} prints LLVM's lossy text instead:
 * <ul>
 * <li>a bpf-to-bpf call: LLVM {@code call 3}, here {@code call pc+3} (as the kernel's verifier log);
 * <li>a kfunc call: LLVM {@code call 100}, here {@code call kfunc 100}, or {@code call kfunc 100, 2}
 *     with a module's fd-array offset;
 * <li>a pseudo {@code ld_imm64} whose second slot's immediate is not 0: LLVM
 *     {@code ld_pseudo r1, 2, 5} prints the first slot only, here {@code ld_pseudo r1, 2, 5, 8};
 * <li>an indirect legacy packet load with an immediate: LLVM {@code r0 = *(u8 *)skb[r1]}, here
 *     {@code r0 = *(u8 *)skb[r1 + 5]}.
 * </ul>
 *
 * <pre>{@code
 * Disassembler.format(new Instruction.Jump(false, JumpOp.JSLT, Register.R1, Operand.of(5), -2));
 * // "if w1 s< 5 goto -2"
 * }</pre>
 */
public final class Disassembler {

    private Disassembler() {}

    /** One instruction in LLVM syntax, lossless (see the class comment for the four extensions). */
    public static String format(Instruction instruction) {
        return print(instruction, false);
    }

    /** One instruction exactly as llvm-objdump-19 prints it, even where that loses information. */
    public static String formatAsObjdump(Instruction instruction) {
        return print(instruction, true);
    }

    /** A program, one instruction a line, each line ending in a newline. */
    public static String format(List<? extends Instruction> instructions) {
        StringBuilder text = new StringBuilder();
        for (Instruction instruction : instructions) {
            text.append(format(instruction)).append('\n');
        }
        return text.toString();
    }

    private static String print(Instruction instruction, boolean asObjdump) {
        return switch (instruction) {
            case Instruction.Alu alu -> alu(alu);
            case Instruction.ByteSwap swap -> {
                String name = switch (swap.kind()) {
                    case TO_LE -> "le";
                    case TO_BE -> "be";
                    case SWAP -> "bswap";
                };
                // LLVM names the r register even for le/be, which are ALU (32-bit) class instructions.
                String dst = reg(true, swap.dst());
                yield dst + " = " + name + swap.width() + " " + dst;
            }
            case Instruction.Jump jump -> "if " + reg(jump.wide(), jump.dst()) + " " + comparison(jump.op()) + " "
                    + operand(jump.wide(), jump.src()) + " goto " + signed(jump.offset());
            case Instruction.Goto go -> (go.longOffset() ? "gotol " : "goto ") + signed(go.offset());
            case Instruction.Call call -> switch (call.kind()) {
                case HELPER -> "call " + call.imm();
                case FUNCTION -> asObjdump ? "call " + call.imm() : "call pc" + signed(call.imm());
                case KFUNC -> asObjdump ? "call " + call.imm()
                        : "call kfunc " + call.imm() + (call.moduleOffset() == 0 ? "" : ", " + call.moduleOffset());
            };
            case Instruction.Exit _ -> "exit";
            case Instruction.Load load -> {
                // LLVM's alu32 view: zero-extending loads narrower than 64 bits write a w register.
                boolean wide = load.signExtend() || load.size() == Size.DW;
                yield reg(wide, load.dst()) + " = *(" + (load.signExtend() ? "s" : "u") + bits(load.size()) + " *)"
                        + address(load.src(), load.offset());
            }
            case Instruction.StoreImm store -> pointer(store.size()) + address(store.dst(), store.offset())
                    + " = " + store.imm();
            case Instruction.Store store -> pointer(store.size()) + address(store.dst(), store.offset())
                    + " = " + reg(store.size() == Size.DW, store.src());
            case Instruction.Atomic atomic -> atomic(atomic);
            case Instruction.LoadImm64 load -> loadImm64(load, asObjdump);
            case Instruction.PacketLoad packet -> {
                String index;
                if (packet.index() == null) {
                    index = Integer.toString(packet.imm());
                } else if (packet.imm() == 0 || asObjdump) {
                    index = reg(true, packet.index());
                } else {
                    index = reg(true, packet.index()) + offset(packet.imm());
                }
                yield "r0 = " + pointer(packet.size()) + "skb[" + index + "]";
            }
        };
    }

    private static String alu(Instruction.Alu alu) {
        String dst = reg(alu.wide(), alu.dst());
        String src = operand(alu.wide(), alu.src());
        return switch (alu.op()) {
            case MOV -> dst + " = " + src;
            case NEG -> dst + " = -" + dst;
            case MOVSX8 -> dst + " = (s8)" + src;
            case MOVSX16 -> dst + " = (s16)" + src;
            case MOVSX32 -> dst + " = (s32)" + src;
            case ADD -> dst + " += " + src;
            case SUB -> dst + " -= " + src;
            case MUL -> dst + " *= " + src;
            case DIV -> dst + " /= " + src;
            case SDIV -> dst + " s/= " + src;
            case OR -> dst + " |= " + src;
            case AND -> dst + " &= " + src;
            case LSH -> dst + " <<= " + src;
            case RSH -> dst + " >>= " + src;
            case MOD -> dst + " %= " + src;
            case SMOD -> dst + " s%= " + src;
            case XOR -> dst + " ^= " + src;
            case ARSH -> dst + " s>>= " + src;
        };
    }

    private static String atomic(Instruction.Atomic atomic) {
        boolean wide = atomic.size() == Size.DW;
        String src = reg(wide, atomic.src());
        int bits = bits(atomic.size());
        String place = reg(true, atomic.dst()) + offset(atomic.offset());
        return switch (atomic.op()) {
            case XCHG -> src + " = " + (wide ? "xchg_64(" : "xchg32_32(") + place + ", " + src + ")";
            case CMPXCHG -> {
                String r0 = reg(wide, Register.R0);
                yield r0 + " = " + (wide ? "cmpxchg_64(" : "cmpxchg32_32(") + place + ", " + r0 + ", " + src + ")";
            }
            case ADD, OR, AND, XOR -> {
                String name = atomic.op().name().toLowerCase();
                if (atomic.fetch()) {
                    yield src + " = atomic_fetch_" + name + "((u" + bits + " *)(" + place + "), " + src + ")";
                }
                String assign = switch (atomic.op()) {
                    case ADD -> " += ";
                    case OR -> " |= ";
                    case AND -> " &= ";
                    default -> " ^= ";
                };
                yield "lock " + pointer(atomic.size()) + "(" + place + ")" + assign + src;
            }
        };
    }

    private static String loadImm64(Instruction.LoadImm64 load, boolean asObjdump) {
        String dst = reg(true, load.dst());
        if (load.source() == PseudoSource.IMM) {
            return dst + " = " + load.imm() + " ll";
        }
        StringJoiner text = new StringJoiner(", ", "ld_pseudo\t", "");
        text.add(dst).add(Integer.toString(load.source().code())).add(Integer.toUnsignedString((int) load.imm()));
        int high = (int) (load.imm() >>> 32);
        if (high != 0 && !asObjdump) {
            text.add(Integer.toUnsignedString(high));
        }
        return text.toString();
    }

    static String comparison(JumpOp op) {
        return switch (op) {
            case JEQ -> "==";
            case JGT -> ">";
            case JGE -> ">=";
            case JSET -> "&";
            case JNE -> "!=";
            case JSGT -> "s>";
            case JSGE -> "s>=";
            case JLT -> "<";
            case JLE -> "<=";
            case JSLT -> "s<";
            case JSLE -> "s<=";
        };
    }

    static int bits(Size size) {
        return size.bytes() * 8;
    }

    private static String pointer(Size size) {
        return "*(u" + bits(size) + " *)";
    }

    private static String address(Register base, int offset) {
        return "(" + reg(true, base) + offset(offset) + ")";
    }

    private static String offset(int offset) {
        return offset < 0 ? " - " + -(long) offset : " + " + offset;
    }

    private static String signed(int value) {
        return value < 0 ? Integer.toString(value) : "+" + value;
    }

    private static String operand(boolean wide, Operand operand) {
        return switch (operand) {
            case Operand.Reg(Register register) -> reg(wide, register);
            case Operand.Imm(int value) -> Integer.toString(value);
        };
    }

    private static String reg(boolean wide, Register register) {
        return (wide ? "r" : "w") + register.number();
    }
}
