package dev.ebpf4j.asm;

import dev.ebpf4j.binary.ByteReader;
import dev.ebpf4j.binary.FormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The little-endian binary encoding of RFC 9669: 8 bytes per slot, 16 for {@code ld_imm64}.
 *
 * <p>Decoding is strict the way the RFC is: an unknown opcode, a field the opcode does not use
 * that is not zero, a register above r10 or a truncated {@code ld_imm64} is a
 * {@link FormatException} naming the byte offset of the slot and the problem. Every instruction
 * it accepts encodes back to the same bytes.
 *
 * <pre>{@code
 * byte[] code = InstructionCodec.encode(List.of(
 *         new Instruction.Alu(true, AluOp.MOV, Register.R0, Operand.of(0)),
 *         new Instruction.Exit()));                       // b7 00 00 00 00 00 00 00 95 00 ...
 * List<Instruction> back = InstructionCodec.decodeAll(code);
 * }</pre>
 */
public final class InstructionCodec {
    /** The size of one instruction slot in bytes. */
    public static final int SLOT_BYTES = 8;

    // Instruction classes (opcode bits 0-2).
    private static final int LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03, ALU = 0x04, JMP = 0x05, JMP32 = 0x06, ALU64 = 0x07;
    // Source bit of arithmetic and jump opcodes.
    private static final int X = 0x08;
    // Modes of load and store opcodes (bits 5-7).
    private static final int IMM = 0x00, ABS = 0x20, IND = 0x40, MEM = 0x60, MEMSX = 0x80, ATOMIC = 0xc0;
    // Operation codes without their AluOp/JumpOp.
    private static final int NEG = 0x80, END = 0xd0, JA = 0x00, CALL = 0x80, EXIT = 0x90;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final Size[] SIZES = {Size.W, Size.H, Size.B, Size.DW};
    private static final JumpOp[] JUMP_OPS = new JumpOp[16];
    private static final String[] CLASS_NAMES = {"ld", "ldx", "st", "stx", "alu", "jmp", "jmp32", "alu64"};

    static {
        for (JumpOp op : JumpOp.values()) {
            JUMP_OPS[op.code() >> 4] = op;
        }
    }

    private InstructionCodec() {}

    /** The bytes of one instruction: 8, or 16 for {@code ld_imm64}. */
    public static byte[] encode(Instruction instruction) {
        byte[] out = new byte[instruction.slots() * SLOT_BYTES];
        encode(instruction, out, 0);
        return out;
    }

    /** The bytes of a sequence of instructions, one after another. */
    public static byte[] encode(List<? extends Instruction> instructions) {
        int slots = 0;
        for (Instruction instruction : instructions) {
            slots += instruction.slots();
        }
        byte[] out = new byte[Math.multiplyExact(slots, SLOT_BYTES)];
        int at = 0;
        for (Instruction instruction : instructions) {
            at += encode(instruction, out, at);
        }
        return out;
    }

    /** Writes {@code instruction} into {@code target} at {@code offset}; returns the number of bytes written. */
    public static int encode(Instruction instruction, byte[] target, int offset) {
        Objects.checkFromIndexSize(offset, instruction.slots() * SLOT_BYTES, target.length);
        if (instruction instanceof Instruction.LoadImm64(Register dst, PseudoSource source, long imm)) {
            LONG_LE.set(target, offset, word(IMM | Size.DW.code() | LD, dst.number(), source.code(), 0, (int) imm));
            LONG_LE.set(target, offset + SLOT_BYTES, word(0, 0, 0, 0, (int) (imm >>> 32)));
            return 2 * SLOT_BYTES;
        }
        LONG_LE.set(target, offset, encodeSlot(instruction));
        return SLOT_BYTES;
    }

    private static long encodeSlot(Instruction instruction) {
        return switch (instruction) {
            case Instruction.Alu(boolean wide, AluOp op, Register dst, Operand src) -> {
                int opcode = op.code() | (wide ? ALU64 : ALU);
                yield switch (src) {
                    case Operand.Reg(Register register) -> word(opcode | X, dst.number(), register.number(), op.offset(), 0);
                    case Operand.Imm(int value) -> word(opcode, dst.number(), 0, op.offset(), value);
                };
            }
            case Instruction.ByteSwap(Instruction.SwapKind kind, int width, Register dst) -> {
                int opcode = switch (kind) {
                    case TO_LE -> END | ALU;
                    case TO_BE -> END | X | ALU;
                    case SWAP -> END | ALU64;
                };
                yield word(opcode, dst.number(), 0, 0, width);
            }
            case Instruction.Jump(boolean wide, JumpOp op, Register dst, Operand src, int offset) -> {
                int opcode = op.code() | (wide ? JMP : JMP32);
                yield switch (src) {
                    case Operand.Reg(Register register) -> word(opcode | X, dst.number(), register.number(), offset, 0);
                    case Operand.Imm(int value) -> word(opcode, dst.number(), 0, offset, value);
                };
            }
            case Instruction.Goto(boolean longOffset, int offset) ->
                    longOffset ? word(JA | JMP32, 0, 0, 0, offset) : word(JA | JMP, 0, 0, offset, 0);
            case Instruction.Call(CallKind kind, int imm, int moduleOffset) -> word(CALL | JMP, 0, kind.code(), moduleOffset, imm);
            case Instruction.Exit() -> word(EXIT | JMP, 0, 0, 0, 0);
            case Instruction.Load(Size size, boolean signExtend, Register dst, Register src, int offset) ->
                    word((signExtend ? MEMSX : MEM) | size.code() | LDX, dst.number(), src.number(), offset, 0);
            case Instruction.StoreImm(Size size, Register dst, int offset, int imm) -> word(MEM | size.code() | ST, dst.number(), 0, offset, imm);
            case Instruction.Store(Size size, Register dst, Register src, int offset) ->
                    word(MEM | size.code() | STX, dst.number(), src.number(), offset, 0);
            case Instruction.Atomic(Size size, AtomicOp op, boolean fetch, Register dst, Register src, int offset) ->
                    word(ATOMIC | size.code() | STX, dst.number(), src.number(), offset, op.code() | (fetch ? AtomicOp.FETCH : 0));
            case Instruction.PacketLoad(Size size, Register index, int imm) -> index == null
                    ? word(ABS | size.code() | LD, 0, 0, 0, imm)
                    : word(IND | size.code() | LD, 0, index.number(), 0, imm);
            case Instruction.LoadImm64 wide -> throw new IllegalStateException("ld_imm64 takes two slots");
        };
    }

    private static long word(int opcode, int dst, int src, int offset, int imm) {
        return (opcode & 0xffL) | (long) (dst | src << 4) << 8 | (offset & 0xffffL) << 16 | (imm & 0xffff_ffffL) << 32;
    }

    /** All instructions of {@code code}; error offsets count from its first byte. */
    public static List<Instruction> decodeAll(byte[] code) {
        return decodeAll(code, 0);
    }

    /** All remaining instructions of {@code reader}, with error offsets absolute in the reader's input. */
    public static List<Instruction> decodeAll(ByteReader reader) {
        long base = reader.absolutePosition();
        return decodeAll(reader.bytes(reader.remaining(), "instructions"), base);
    }

    private static List<Instruction> decodeAll(byte[] code, long base) {
        if (code.length % SLOT_BYTES != 0) {
            int tail = code.length % SLOT_BYTES;
            throw new FormatException(base + code.length - tail,
                    tail + " trailing byte" + (tail == 1 ? "" : "s") + " do not make an 8-byte instruction");
        }
        List<Instruction> out = new ArrayList<>(code.length / SLOT_BYTES);
        for (int at = 0; at < code.length; ) {
            Instruction instruction = decode(code, at, base);
            out.add(instruction);
            at += instruction.slots() * SLOT_BYTES;
        }
        return out;
    }

    /**
     * The one instruction at {@code offset} of {@code code} (reading a second slot for
     * {@code ld_imm64}); error offsets count from the array's first byte.
     */
    public static Instruction decode(byte[] code, int offset) {
        Objects.checkIndex(offset, code.length + 1);
        return decode(code, offset, 0);
    }

    private static Instruction decode(byte[] code, int at, long base) {
        if (code.length - at < SLOT_BYTES) {
            throw new FormatException(base + at, "an instruction needs 8 bytes but only " + (code.length - at) + " remain");
        }
        Slot slot = new Slot((long) LONG_LE.get(code, at), base + at);
        return switch (slot.opcode & 0x07) {
            case ALU, ALU64 -> slot.arithmetic();
            case JMP, JMP32 -> slot.jump();
            case LD -> slot.load(code, at, base);
            case LDX -> slot.loadX();
            case ST -> slot.storeImm();
            case STX -> slot.store();
            default -> throw new AssertionError();
        };
    }

    /** The raw fields of one 8-byte slot, and the checks that turn them into an instruction. */
    private static final class Slot {
        final int opcode;
        final int dst;
        final int src;
        final int offset;
        final int imm;
        final long position;
        /** How errors name the slot; null for "class (opcode 0x..)". */
        final String name;

        Slot(long word, long position) {
            this(word, position, null);
        }

        Slot(long word, long position, String name) {
            this.name = name;
            this.opcode = (int) (word & 0xff);
            this.dst = (int) (word >>> 8) & 0xf;
            this.src = (int) (word >>> 12) & 0xf;
            this.offset = (short) (word >>> 16);
            this.imm = (int) (word >>> 32);
            this.position = position;
        }

        Instruction arithmetic() {
            boolean wide = (opcode & 0x07) == ALU64;
            boolean register = (opcode & X) != 0;
            int code = opcode & 0xf0;
            if (code == END) {
                if (wide && register) {
                    throw unknownOpcode();
                }
                zero("src", src);
                zero("offset", offset);
                if (imm != 16 && imm != 32 && imm != 64) {
                    throw error("byte swap width " + imm + " is not 16, 32 or 64");
                }
                var kind = wide ? Instruction.SwapKind.SWAP : register ? Instruction.SwapKind.TO_BE : Instruction.SwapKind.TO_LE;
                return new Instruction.ByteSwap(kind, imm, register(dst, "dst"));
            }
            if (code == NEG) {
                if (register) {
                    throw unknownOpcode();
                }
                zero("src", src);
                zero("offset", offset);
                zero("imm", imm);
                return new Instruction.Alu(wide, AluOp.NEG, register(dst, "dst"), Operand.of(0));
            }
            AluOp op = aluOp(code);
            if (op.isV4() && op.code() == AluOp.MOV.code()) {
                if (!register) {
                    throw error("a sign-extending move (offset " + offset + ") needs a register source");
                }
                if (op == AluOp.MOVSX32 && !wide) {
                    throw error("a sign-extending move from 32 bits (offset 32) exists only in alu64");
                }
            }
            Register target = register(dst, "dst");
            if (register) {
                zero("imm", imm);
                return new Instruction.Alu(wide, op, target, Operand.of(register(src, "src")));
            }
            zero("src", src);
            return new Instruction.Alu(wide, op, target, Operand.of(imm));
        }

        private AluOp aluOp(int code) {
            StringBuilder valid = new StringBuilder();
            for (AluOp op : AluOp.values()) {
                if (op.code() == code) {
                    if (op.offset() == offset) {
                        return op;
                    }
                    valid.append(valid.isEmpty() ? "" : ", ").append(op.offset()).append(" (").append(op.name().toLowerCase()).append(')');
                }
            }
            if (valid.isEmpty()) {
                throw unknownOpcode();
            }
            throw error("offset " + offset + " selects no operation; it must be " + valid);
        }

        Instruction jump() {
            boolean wide = (opcode & 0x07) == JMP;
            boolean register = (opcode & X) != 0;
            int code = opcode & 0xf0;
            switch (code) {
                case JA -> {
                    if (register) {
                        throw unknownOpcode();
                    }
                    zero("dst", dst);
                    zero("src", src);
                    if (wide) {
                        zero("imm", imm);
                        return new Instruction.Goto(false, offset);
                    }
                    zero("offset", offset);
                    return new Instruction.Goto(true, imm);
                }
                case CALL -> {
                    if (register || !wide) {
                        throw unknownOpcode();
                    }
                    zero("dst", dst);
                    CallKind kind = switch (src) {
                        case 0 -> CallKind.HELPER;
                        case 1 -> CallKind.FUNCTION;
                        case 2 -> CallKind.KFUNC;
                        default -> throw error("call src " + src + " is not 0 (helper), 1 (bpf-to-bpf function) or 2 (kfunc)");
                    };
                    if (kind != CallKind.KFUNC) {
                        zero("offset", offset);
                    }
                    return new Instruction.Call(kind, imm, offset);
                }
                case EXIT -> {
                    if (register || !wide) {
                        throw unknownOpcode();
                    }
                    zero("dst", dst);
                    zero("src", src);
                    zero("offset", offset);
                    zero("imm", imm);
                    return new Instruction.Exit();
                }
                default -> {
                    JumpOp op = JUMP_OPS[code >> 4];
                    if (op == null) {
                        throw unknownOpcode();
                    }
                    Register left = register(dst, "dst");
                    if (register) {
                        zero("imm", imm);
                        return new Instruction.Jump(wide, op, left, Operand.of(register(src, "src")), offset);
                    }
                    zero("src", src);
                    return new Instruction.Jump(wide, op, left, Operand.of(imm), offset);
                }
            }
        }

        Instruction load(byte[] code, int at, long base) {
            Size size = SIZES[(opcode >> 3) & 3];
            switch (opcode & 0xe0) {
                case IMM -> {
                    if (size != Size.DW) {
                        throw unknownOpcode();
                    }
                    zero("offset", offset);
                    Register target = register(dst, "dst");
                    if (src > PseudoSource.MAP_IDX_VALUE.code()) {
                        throw error("ld_imm64 src " + src + " is no pseudo source (0 to 6)");
                    }
                    if (code.length - at < 2 * SLOT_BYTES) {
                        throw error("ld_imm64 is truncated: its second 8-byte slot is missing");
                    }
                    Slot next = new Slot((long) LONG_LE.get(code, at + SLOT_BYTES), base + at + SLOT_BYTES, "second slot of ld_imm64");
                    if (next.opcode != 0) {
                        throw next.error("opcode is 0x%02x but must be 0".formatted(next.opcode));
                    }
                    next.zero("dst", next.dst);
                    next.zero("src", next.src);
                    next.zero("offset", next.offset);
                    long value = (imm & 0xffff_ffffL) | (long) next.imm << 32;
                    return new Instruction.LoadImm64(target, PseudoSource.of(src), value);
                }
                case ABS -> {
                    if (size == Size.DW) {
                        throw unknownOpcode();
                    }
                    zero("dst", dst);
                    zero("src", src);
                    zero("offset", offset);
                    return new Instruction.PacketLoad(size, null, imm);
                }
                case IND -> {
                    if (size == Size.DW) {
                        throw unknownOpcode();
                    }
                    zero("dst", dst);
                    zero("offset", offset);
                    return new Instruction.PacketLoad(size, register(src, "src"), imm);
                }
                default -> throw unknownOpcode();
            }
        }

        Instruction loadX() {
            Size size = SIZES[(opcode >> 3) & 3];
            int mode = opcode & 0xe0;
            if (mode != MEM && !(mode == MEMSX && size != Size.DW)) {
                throw unknownOpcode();
            }
            zero("imm", imm);
            return new Instruction.Load(size, mode == MEMSX, register(dst, "dst"), register(src, "src"), offset);
        }

        Instruction storeImm() {
            if ((opcode & 0xe0) != MEM) {
                throw unknownOpcode();
            }
            zero("src", src);
            return new Instruction.StoreImm(SIZES[(opcode >> 3) & 3], register(dst, "dst"), offset, imm);
        }

        Instruction store() {
            Size size = SIZES[(opcode >> 3) & 3];
            switch (opcode & 0xe0) {
                case MEM -> {
                    zero("imm", imm);
                    return new Instruction.Store(size, register(dst, "dst"), register(src, "src"), offset);
                }
                case ATOMIC -> {
                    if (size != Size.W && size != Size.DW) {
                        throw unknownOpcode();
                    }
                    boolean fetch = (imm & AtomicOp.FETCH) != 0;
                    AtomicOp op = atomicOp(imm & ~AtomicOp.FETCH);
                    if (op == null || (op.alwaysFetches() && !fetch)) {
                        throw error("atomic operation 0x%x is not add, or, and, xor (0x00, 0x40, 0x50, 0xa0, each optionally | fetch 0x01), xchg (0xe1) or cmpxchg (0xf1)"
                                .formatted(imm));
                    }
                    return new Instruction.Atomic(size, op, fetch, register(dst, "dst"), register(src, "src"), offset);
                }
                default -> throw unknownOpcode();
            }
        }

        private static AtomicOp atomicOp(int code) {
            for (AtomicOp op : AtomicOp.values()) {
                if (op.code() == code) {
                    return op;
                }
            }
            return null;
        }

        private Register register(int number, String field) {
            if (number > Register.R10.number()) {
                throw error(field + " register r" + number + " does not exist (eBPF has r0 to r10)");
            }
            return Register.of(number);
        }

        private void zero(String field, int value) {
            if (value != 0) {
                throw error(field + " is " + value + " but must be 0 (unused by this opcode)");
            }
        }

        private FormatException unknownOpcode() {
            return new FormatException(position, "unknown opcode 0x%02x".formatted(opcode));
        }

        private FormatException error(String problem) {
            String where = name != null ? name : "%s (opcode 0x%02x)".formatted(CLASS_NAMES[opcode & 0x07], opcode);
            return new FormatException(position, where + ": " + problem);
        }
    }
}
