package dev.ebpf4j.asm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds {@link Code} one instruction at a time, with jumps to symbolic labels and symbolic
 * references to maps, globals, functions and kfuncs.
 *
 * <p>Method names follow the RFC's operations with the width as a suffix: {@code add64}/{@code add32}
 * (ALU64/ALU, register or immediate source), {@code jeq}/{@code jeq32} (JMP/JMP32),
 * {@code ldxw}/{@code ldxsw} (zero-/sign-extending loads), {@code stxdw} (store a register),
 * {@code stdw} (store an immediate). Memory operands are written as in LLVM's syntax: base
 * register, then offset, then the value. Labels are resolved to slot offsets by {@link #build()};
 * references stay symbolic in the result.
 *
 * <pre>{@code
 * Code code = new CodeBuilder()
 *         .mov64(R0, 0)
 *         .label("loop")
 *         .add64(R1, 1)
 *         .jlt(R1, 10, "loop")
 *         .ldMap(R1, "counters")
 *         .call(1)                      // bpf_map_lookup_elem
 *         .callFunction("subprog")
 *         .exit()
 *         .build();
 * }</pre>
 */
public final class CodeBuilder {
    private record Fixup(int index, String label) {}

    private final List<Instruction> instructions = new ArrayList<>();
    private final Map<String, Integer> labels = new LinkedHashMap<>();
    private final List<Fixup> fixups = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private final List<Code.LineMark> lines = new ArrayList<>();
    private SourceLine pendingLine;

    /** The index the next instruction will have. */
    public int position() {
        return instructions.size();
    }

    /** Appends one instruction as it is (offsets numeric, no reference). */
    public CodeBuilder emit(Instruction instruction) {
        Objects.requireNonNull(instruction, "instruction");
        if (pendingLine != null) {
            if (lines.isEmpty() || !lines.getLast().line().equals(pendingLine)) {
                lines.add(new Code.LineMark(instructions.size(), pendingLine));
            }
            pendingLine = null;
        }
        instructions.add(instruction);
        return this;
    }

    /** Marks the next instruction with {@code name}; names are unique within the code. */
    public CodeBuilder label(String name) {
        Objects.requireNonNull(name, "label");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a label needs a name");
        }
        Integer previous = labels.putIfAbsent(name, instructions.size());
        if (previous != null) {
            throw new IllegalArgumentException("label \"" + name + "\" is defined twice (at instructions " + previous + " and "
                    + instructions.size() + ")");
        }
        return this;
    }

    /** Attributes the following instructions to {@code line}, until the next call. */
    public CodeBuilder line(SourceLine line) {
        pendingLine = Objects.requireNonNull(line, "line");
        return this;
    }

    public CodeBuilder line(String file, int line, int column, String text) {
        return line(new SourceLine(file, line, column, text));
    }

    // ALU64 and ALU.

    public CodeBuilder alu64(AluOp op, Register dst, Register src) {
        return emit(new Instruction.Alu(true, op, dst, Operand.of(src)));
    }

    public CodeBuilder alu64(AluOp op, Register dst, int imm) {
        return emit(new Instruction.Alu(true, op, dst, Operand.of(imm)));
    }

    public CodeBuilder alu32(AluOp op, Register dst, Register src) {
        return emit(new Instruction.Alu(false, op, dst, Operand.of(src)));
    }

    public CodeBuilder alu32(AluOp op, Register dst, int imm) {
        return emit(new Instruction.Alu(false, op, dst, Operand.of(imm)));
    }

    public CodeBuilder mov64(Register dst, Register src) { return alu64(AluOp.MOV, dst, src); }
    public CodeBuilder mov64(Register dst, int imm) { return alu64(AluOp.MOV, dst, imm); }
    public CodeBuilder add64(Register dst, Register src) { return alu64(AluOp.ADD, dst, src); }
    public CodeBuilder add64(Register dst, int imm) { return alu64(AluOp.ADD, dst, imm); }
    public CodeBuilder sub64(Register dst, Register src) { return alu64(AluOp.SUB, dst, src); }
    public CodeBuilder sub64(Register dst, int imm) { return alu64(AluOp.SUB, dst, imm); }
    public CodeBuilder mul64(Register dst, Register src) { return alu64(AluOp.MUL, dst, src); }
    public CodeBuilder mul64(Register dst, int imm) { return alu64(AluOp.MUL, dst, imm); }
    public CodeBuilder div64(Register dst, Register src) { return alu64(AluOp.DIV, dst, src); }
    public CodeBuilder div64(Register dst, int imm) { return alu64(AluOp.DIV, dst, imm); }
    public CodeBuilder sdiv64(Register dst, Register src) { return alu64(AluOp.SDIV, dst, src); }
    public CodeBuilder sdiv64(Register dst, int imm) { return alu64(AluOp.SDIV, dst, imm); }
    public CodeBuilder mod64(Register dst, Register src) { return alu64(AluOp.MOD, dst, src); }
    public CodeBuilder mod64(Register dst, int imm) { return alu64(AluOp.MOD, dst, imm); }
    public CodeBuilder smod64(Register dst, Register src) { return alu64(AluOp.SMOD, dst, src); }
    public CodeBuilder smod64(Register dst, int imm) { return alu64(AluOp.SMOD, dst, imm); }
    public CodeBuilder or64(Register dst, Register src) { return alu64(AluOp.OR, dst, src); }
    public CodeBuilder or64(Register dst, int imm) { return alu64(AluOp.OR, dst, imm); }
    public CodeBuilder and64(Register dst, Register src) { return alu64(AluOp.AND, dst, src); }
    public CodeBuilder and64(Register dst, int imm) { return alu64(AluOp.AND, dst, imm); }
    public CodeBuilder xor64(Register dst, Register src) { return alu64(AluOp.XOR, dst, src); }
    public CodeBuilder xor64(Register dst, int imm) { return alu64(AluOp.XOR, dst, imm); }
    public CodeBuilder lsh64(Register dst, Register src) { return alu64(AluOp.LSH, dst, src); }
    public CodeBuilder lsh64(Register dst, int imm) { return alu64(AluOp.LSH, dst, imm); }
    public CodeBuilder rsh64(Register dst, Register src) { return alu64(AluOp.RSH, dst, src); }
    public CodeBuilder rsh64(Register dst, int imm) { return alu64(AluOp.RSH, dst, imm); }
    public CodeBuilder arsh64(Register dst, Register src) { return alu64(AluOp.ARSH, dst, src); }
    public CodeBuilder arsh64(Register dst, int imm) { return alu64(AluOp.ARSH, dst, imm); }
    public CodeBuilder neg64(Register dst) { return alu64(AluOp.NEG, dst, 0); }

    public CodeBuilder mov32(Register dst, Register src) { return alu32(AluOp.MOV, dst, src); }
    public CodeBuilder mov32(Register dst, int imm) { return alu32(AluOp.MOV, dst, imm); }
    public CodeBuilder add32(Register dst, Register src) { return alu32(AluOp.ADD, dst, src); }
    public CodeBuilder add32(Register dst, int imm) { return alu32(AluOp.ADD, dst, imm); }
    public CodeBuilder sub32(Register dst, Register src) { return alu32(AluOp.SUB, dst, src); }
    public CodeBuilder sub32(Register dst, int imm) { return alu32(AluOp.SUB, dst, imm); }
    public CodeBuilder mul32(Register dst, Register src) { return alu32(AluOp.MUL, dst, src); }
    public CodeBuilder mul32(Register dst, int imm) { return alu32(AluOp.MUL, dst, imm); }
    public CodeBuilder div32(Register dst, Register src) { return alu32(AluOp.DIV, dst, src); }
    public CodeBuilder div32(Register dst, int imm) { return alu32(AluOp.DIV, dst, imm); }
    public CodeBuilder sdiv32(Register dst, Register src) { return alu32(AluOp.SDIV, dst, src); }
    public CodeBuilder sdiv32(Register dst, int imm) { return alu32(AluOp.SDIV, dst, imm); }
    public CodeBuilder mod32(Register dst, Register src) { return alu32(AluOp.MOD, dst, src); }
    public CodeBuilder mod32(Register dst, int imm) { return alu32(AluOp.MOD, dst, imm); }
    public CodeBuilder smod32(Register dst, Register src) { return alu32(AluOp.SMOD, dst, src); }
    public CodeBuilder smod32(Register dst, int imm) { return alu32(AluOp.SMOD, dst, imm); }
    public CodeBuilder or32(Register dst, Register src) { return alu32(AluOp.OR, dst, src); }
    public CodeBuilder or32(Register dst, int imm) { return alu32(AluOp.OR, dst, imm); }
    public CodeBuilder and32(Register dst, Register src) { return alu32(AluOp.AND, dst, src); }
    public CodeBuilder and32(Register dst, int imm) { return alu32(AluOp.AND, dst, imm); }
    public CodeBuilder xor32(Register dst, Register src) { return alu32(AluOp.XOR, dst, src); }
    public CodeBuilder xor32(Register dst, int imm) { return alu32(AluOp.XOR, dst, imm); }
    public CodeBuilder lsh32(Register dst, Register src) { return alu32(AluOp.LSH, dst, src); }
    public CodeBuilder lsh32(Register dst, int imm) { return alu32(AluOp.LSH, dst, imm); }
    public CodeBuilder rsh32(Register dst, Register src) { return alu32(AluOp.RSH, dst, src); }
    public CodeBuilder rsh32(Register dst, int imm) { return alu32(AluOp.RSH, dst, imm); }
    public CodeBuilder arsh32(Register dst, Register src) { return alu32(AluOp.ARSH, dst, src); }
    public CodeBuilder arsh32(Register dst, int imm) { return alu32(AluOp.ARSH, dst, imm); }
    public CodeBuilder neg32(Register dst) { return alu32(AluOp.NEG, dst, 0); }

    /** {@code dst = (s8/s16/s32) src} on 64 bits (cpu v4); {@code fromBits} is 8, 16 or 32. */
    public CodeBuilder movsx64(Register dst, Register src, int fromBits) {
        return alu64(movsx(fromBits), dst, src);
    }

    /** {@code wdst = (s8/s16) wsrc} (cpu v4); {@code fromBits} is 8 or 16. */
    public CodeBuilder movsx32(Register dst, Register src, int fromBits) {
        return alu32(movsx(fromBits), dst, src);
    }

    private static AluOp movsx(int fromBits) {
        return switch (fromBits) {
            case 8 -> AluOp.MOVSX8;
            case 16 -> AluOp.MOVSX16;
            case 32 -> AluOp.MOVSX32;
            default -> throw new IllegalArgumentException("a sign-extending move is from 8, 16 or 32 bits, not " + fromBits);
        };
    }

    /** {@code dst = htobe<width>(dst)}. */
    public CodeBuilder toBe(Register dst, int width) { return emit(new Instruction.ByteSwap(Instruction.SwapKind.TO_BE, width, dst)); }
    /** {@code dst = htole<width>(dst)}. */
    public CodeBuilder toLe(Register dst, int width) { return emit(new Instruction.ByteSwap(Instruction.SwapKind.TO_LE, width, dst)); }
    /** {@code dst = bswap<width>(dst)} (cpu v4). */
    public CodeBuilder bswap(Register dst, int width) { return emit(new Instruction.ByteSwap(Instruction.SwapKind.SWAP, width, dst)); }

    // Jumps to labels.

    /** A conditional jump to {@code label}: 64-bit compare ({@code wide}, JMP) or 32-bit (JMP32). */
    public CodeBuilder jump(boolean wide, JumpOp op, Register dst, Operand src, String label) {
        fixups.add(new Fixup(instructions.size(), Objects.requireNonNull(label, "label")));
        return emit(new Instruction.Jump(wide, op, dst, src, 0));
    }

    public CodeBuilder jeq(Register dst, Register src, String label) { return jump(true, JumpOp.JEQ, dst, Operand.of(src), label); }
    public CodeBuilder jeq(Register dst, int imm, String label) { return jump(true, JumpOp.JEQ, dst, Operand.of(imm), label); }
    public CodeBuilder jne(Register dst, Register src, String label) { return jump(true, JumpOp.JNE, dst, Operand.of(src), label); }
    public CodeBuilder jne(Register dst, int imm, String label) { return jump(true, JumpOp.JNE, dst, Operand.of(imm), label); }
    public CodeBuilder jgt(Register dst, Register src, String label) { return jump(true, JumpOp.JGT, dst, Operand.of(src), label); }
    public CodeBuilder jgt(Register dst, int imm, String label) { return jump(true, JumpOp.JGT, dst, Operand.of(imm), label); }
    public CodeBuilder jge(Register dst, Register src, String label) { return jump(true, JumpOp.JGE, dst, Operand.of(src), label); }
    public CodeBuilder jge(Register dst, int imm, String label) { return jump(true, JumpOp.JGE, dst, Operand.of(imm), label); }
    public CodeBuilder jlt(Register dst, Register src, String label) { return jump(true, JumpOp.JLT, dst, Operand.of(src), label); }
    public CodeBuilder jlt(Register dst, int imm, String label) { return jump(true, JumpOp.JLT, dst, Operand.of(imm), label); }
    public CodeBuilder jle(Register dst, Register src, String label) { return jump(true, JumpOp.JLE, dst, Operand.of(src), label); }
    public CodeBuilder jle(Register dst, int imm, String label) { return jump(true, JumpOp.JLE, dst, Operand.of(imm), label); }
    public CodeBuilder jsgt(Register dst, Register src, String label) { return jump(true, JumpOp.JSGT, dst, Operand.of(src), label); }
    public CodeBuilder jsgt(Register dst, int imm, String label) { return jump(true, JumpOp.JSGT, dst, Operand.of(imm), label); }
    public CodeBuilder jsge(Register dst, Register src, String label) { return jump(true, JumpOp.JSGE, dst, Operand.of(src), label); }
    public CodeBuilder jsge(Register dst, int imm, String label) { return jump(true, JumpOp.JSGE, dst, Operand.of(imm), label); }
    public CodeBuilder jslt(Register dst, Register src, String label) { return jump(true, JumpOp.JSLT, dst, Operand.of(src), label); }
    public CodeBuilder jslt(Register dst, int imm, String label) { return jump(true, JumpOp.JSLT, dst, Operand.of(imm), label); }
    public CodeBuilder jsle(Register dst, Register src, String label) { return jump(true, JumpOp.JSLE, dst, Operand.of(src), label); }
    public CodeBuilder jsle(Register dst, int imm, String label) { return jump(true, JumpOp.JSLE, dst, Operand.of(imm), label); }
    public CodeBuilder jset(Register dst, Register src, String label) { return jump(true, JumpOp.JSET, dst, Operand.of(src), label); }
    public CodeBuilder jset(Register dst, int imm, String label) { return jump(true, JumpOp.JSET, dst, Operand.of(imm), label); }

    public CodeBuilder jeq32(Register dst, Register src, String label) { return jump(false, JumpOp.JEQ, dst, Operand.of(src), label); }
    public CodeBuilder jeq32(Register dst, int imm, String label) { return jump(false, JumpOp.JEQ, dst, Operand.of(imm), label); }
    public CodeBuilder jne32(Register dst, Register src, String label) { return jump(false, JumpOp.JNE, dst, Operand.of(src), label); }
    public CodeBuilder jne32(Register dst, int imm, String label) { return jump(false, JumpOp.JNE, dst, Operand.of(imm), label); }
    public CodeBuilder jgt32(Register dst, Register src, String label) { return jump(false, JumpOp.JGT, dst, Operand.of(src), label); }
    public CodeBuilder jgt32(Register dst, int imm, String label) { return jump(false, JumpOp.JGT, dst, Operand.of(imm), label); }
    public CodeBuilder jge32(Register dst, Register src, String label) { return jump(false, JumpOp.JGE, dst, Operand.of(src), label); }
    public CodeBuilder jge32(Register dst, int imm, String label) { return jump(false, JumpOp.JGE, dst, Operand.of(imm), label); }
    public CodeBuilder jlt32(Register dst, Register src, String label) { return jump(false, JumpOp.JLT, dst, Operand.of(src), label); }
    public CodeBuilder jlt32(Register dst, int imm, String label) { return jump(false, JumpOp.JLT, dst, Operand.of(imm), label); }
    public CodeBuilder jle32(Register dst, Register src, String label) { return jump(false, JumpOp.JLE, dst, Operand.of(src), label); }
    public CodeBuilder jle32(Register dst, int imm, String label) { return jump(false, JumpOp.JLE, dst, Operand.of(imm), label); }
    public CodeBuilder jsgt32(Register dst, Register src, String label) { return jump(false, JumpOp.JSGT, dst, Operand.of(src), label); }
    public CodeBuilder jsgt32(Register dst, int imm, String label) { return jump(false, JumpOp.JSGT, dst, Operand.of(imm), label); }
    public CodeBuilder jsge32(Register dst, Register src, String label) { return jump(false, JumpOp.JSGE, dst, Operand.of(src), label); }
    public CodeBuilder jsge32(Register dst, int imm, String label) { return jump(false, JumpOp.JSGE, dst, Operand.of(imm), label); }
    public CodeBuilder jslt32(Register dst, Register src, String label) { return jump(false, JumpOp.JSLT, dst, Operand.of(src), label); }
    public CodeBuilder jslt32(Register dst, int imm, String label) { return jump(false, JumpOp.JSLT, dst, Operand.of(imm), label); }
    public CodeBuilder jsle32(Register dst, Register src, String label) { return jump(false, JumpOp.JSLE, dst, Operand.of(src), label); }
    public CodeBuilder jsle32(Register dst, int imm, String label) { return jump(false, JumpOp.JSLE, dst, Operand.of(imm), label); }
    public CodeBuilder jset32(Register dst, Register src, String label) { return jump(false, JumpOp.JSET, dst, Operand.of(src), label); }
    public CodeBuilder jset32(Register dst, int imm, String label) { return jump(false, JumpOp.JSET, dst, Operand.of(imm), label); }

    /** {@code goto label}, with a 16-bit offset. */
    public CodeBuilder ja(String label) {
        fixups.add(new Fixup(instructions.size(), Objects.requireNonNull(label, "label")));
        return emit(new Instruction.Goto(false, 0));
    }

    /** {@code gotol label}, with a 32-bit offset (cpu v4). */
    public CodeBuilder gotol(String label) {
        fixups.add(new Fixup(instructions.size(), Objects.requireNonNull(label, "label")));
        return emit(new Instruction.Goto(true, 0));
    }

    // Memory.

    /** {@code dst = *(u<size> *)(src + offset)}. */
    public CodeBuilder load(Size size, Register dst, Register src, int offset) { return emit(new Instruction.Load(size, false, dst, src, offset)); }
    /** {@code dst = *(s<size> *)(src + offset)} (cpu v4; 8, 16 or 32 bits). */
    public CodeBuilder loadSigned(Size size, Register dst, Register src, int offset) { return emit(new Instruction.Load(size, true, dst, src, offset)); }
    public CodeBuilder ldxb(Register dst, Register src, int offset) { return load(Size.B, dst, src, offset); }
    public CodeBuilder ldxh(Register dst, Register src, int offset) { return load(Size.H, dst, src, offset); }
    public CodeBuilder ldxw(Register dst, Register src, int offset) { return load(Size.W, dst, src, offset); }
    public CodeBuilder ldxdw(Register dst, Register src, int offset) { return load(Size.DW, dst, src, offset); }
    public CodeBuilder ldxsb(Register dst, Register src, int offset) { return loadSigned(Size.B, dst, src, offset); }
    public CodeBuilder ldxsh(Register dst, Register src, int offset) { return loadSigned(Size.H, dst, src, offset); }
    public CodeBuilder ldxsw(Register dst, Register src, int offset) { return loadSigned(Size.W, dst, src, offset); }

    /** {@code *(u<size> *)(dst + offset) = src}. */
    public CodeBuilder store(Size size, Register dst, int offset, Register src) { return emit(new Instruction.Store(size, dst, src, offset)); }
    /** {@code *(u<size> *)(dst + offset) = imm}. */
    public CodeBuilder store(Size size, Register dst, int offset, int imm) { return emit(new Instruction.StoreImm(size, dst, offset, imm)); }
    public CodeBuilder stxb(Register dst, int offset, Register src) { return store(Size.B, dst, offset, src); }
    public CodeBuilder stxh(Register dst, int offset, Register src) { return store(Size.H, dst, offset, src); }
    public CodeBuilder stxw(Register dst, int offset, Register src) { return store(Size.W, dst, offset, src); }
    public CodeBuilder stxdw(Register dst, int offset, Register src) { return store(Size.DW, dst, offset, src); }
    public CodeBuilder stb(Register dst, int offset, int imm) { return store(Size.B, dst, offset, imm); }
    public CodeBuilder sth(Register dst, int offset, int imm) { return store(Size.H, dst, offset, imm); }
    public CodeBuilder stw(Register dst, int offset, int imm) { return store(Size.W, dst, offset, imm); }
    public CodeBuilder stdw(Register dst, int offset, int imm) { return store(Size.DW, dst, offset, imm); }

    /** An atomic operation on {@code *(u<size> *)(dst + offset)} with {@code src}; {@code size} is W or DW. */
    public CodeBuilder atomic(Size size, AtomicOp op, boolean fetch, Register dst, int offset, Register src) {
        return emit(new Instruction.Atomic(size, op, fetch, dst, src, offset));
    }

    public CodeBuilder atomicAdd(Size size, Register dst, int offset, Register src) { return atomic(size, AtomicOp.ADD, false, dst, offset, src); }
    public CodeBuilder atomicOr(Size size, Register dst, int offset, Register src) { return atomic(size, AtomicOp.OR, false, dst, offset, src); }
    public CodeBuilder atomicAnd(Size size, Register dst, int offset, Register src) { return atomic(size, AtomicOp.AND, false, dst, offset, src); }
    public CodeBuilder atomicXor(Size size, Register dst, int offset, Register src) { return atomic(size, AtomicOp.XOR, false, dst, offset, src); }
    /** Like {@link #atomicAdd}, and {@code src} receives the old value. */
    public CodeBuilder atomicFetchAdd(Size size, Register dst, int offset, Register src) { return atomic(size, AtomicOp.ADD, true, dst, offset, src); }
    public CodeBuilder atomicFetchOr(Size size, Register dst, int offset, Register src) { return atomic(size, AtomicOp.OR, true, dst, offset, src); }
    public CodeBuilder atomicFetchAnd(Size size, Register dst, int offset, Register src) { return atomic(size, AtomicOp.AND, true, dst, offset, src); }
    public CodeBuilder atomicFetchXor(Size size, Register dst, int offset, Register src) { return atomic(size, AtomicOp.XOR, true, dst, offset, src); }
    /** Exchanges {@code src} with the memory. */
    public CodeBuilder xchg(Size size, Register dst, int offset, Register src) { return atomic(size, AtomicOp.XCHG, true, dst, offset, src); }
    /** Stores {@code src} if the memory equals r0; r0 receives the old value. */
    public CodeBuilder cmpxchg(Size size, Register dst, int offset, Register src) { return atomic(size, AtomicOp.CMPXCHG, true, dst, offset, src); }

    /** The legacy packet load {@code r0 = *(u<size> *)skb[imm]}. */
    public CodeBuilder ldAbs(Size size, int imm) { return emit(new Instruction.PacketLoad(size, null, imm)); }
    /** The legacy packet load {@code r0 = *(u<size> *)skb[index + imm]}. */
    public CodeBuilder ldInd(Size size, Register index, int imm) { return emit(new Instruction.PacketLoad(size, Objects.requireNonNull(index, "index"), imm)); }

    // 64-bit immediates and references.

    /** {@code dst = value ll}. */
    public CodeBuilder ldImm64(Register dst, long value) {
        return emit(new Instruction.LoadImm64(dst, PseudoSource.IMM, value));
    }

    /** {@code dst = map ll}: the map named {@code map} ({@link Reference.Kind#MAP}). */
    public CodeBuilder ldMap(Register dst, String map) {
        return reference(new Instruction.LoadImm64(dst, PseudoSource.MAP_FD, 0), map, Reference.Kind.MAP, 0);
    }

    /**
     * {@code dst = &symbol + offset}: a pointer into a global variable or data section
     * ({@link Reference.Kind#GLOBAL}); the offset is also in the placeholder's high 32 bits, where
     * the kernel expects it.
     */
    public CodeBuilder ldGlobal(Register dst, String symbol, int offset) {
        return reference(new Instruction.LoadImm64(dst, PseudoSource.MAP_VALUE, (long) offset << 32), symbol, Reference.Kind.GLOBAL, offset);
    }

    /** {@code dst = function ll}: the address of a bpf-to-bpf function, for callbacks ({@link Reference.Kind#FUNCTION_POINTER}). */
    public CodeBuilder ldFunction(Register dst, String function) {
        return reference(new Instruction.LoadImm64(dst, PseudoSource.FUNC, 0), function, Reference.Kind.FUNCTION_POINTER, 0);
    }

    // Calls.

    /** {@code call number}: a kernel helper. */
    public CodeBuilder call(int helper) {
        return emit(Instruction.Call.helper(helper));
    }

    /** A bpf-to-bpf call of {@code function} ({@link Reference.Kind#FUNCTION}); the placeholder immediate is -1 as in clang's objects. */
    public CodeBuilder callFunction(String function) {
        return reference(new Instruction.Call(CallKind.FUNCTION, -1, 0), function, Reference.Kind.FUNCTION, 0);
    }

    /** A call of the kernel function {@code kfunc} ({@link Reference.Kind#KFUNC}), resolved to a BTF id at load time. */
    public CodeBuilder callKfunc(String kfunc) {
        return reference(new Instruction.Call(CallKind.KFUNC, 0, 0), kfunc, Reference.Kind.KFUNC, 0);
    }

    public CodeBuilder exit() {
        return emit(new Instruction.Exit());
    }

    private CodeBuilder reference(Instruction placeholder, String symbol, Reference.Kind kind, int offset) {
        references.add(new Reference(instructions.size(), Objects.requireNonNull(symbol, "symbol"), kind, offset));
        return emit(placeholder);
    }

    /**
     * The code built so far, with every jump resolved to its label's slot offset. The builder
     * stays usable. Throws {@link IllegalArgumentException} naming the label for an undefined
     * label or a jump whose offset does not fit 16 bits.
     */
    public Code build() {
        int[] slotStarts = new int[instructions.size() + 1];
        for (int i = 0; i < instructions.size(); i++) {
            slotStarts[i + 1] = slotStarts[i] + instructions.get(i).slots();
        }
        List<Instruction> resolved = new ArrayList<>(instructions);
        for (Fixup fixup : fixups) {
            Integer target = labels.get(fixup.label());
            if (target == null) {
                throw new IllegalArgumentException("undefined label \"" + fixup.label() + "\" (jumped to from instruction " + fixup.index() + ")");
            }
            int offset = slotStarts[target] - slotStarts[fixup.index()] - 1;
            resolved.set(fixup.index(), withOffset(resolved.get(fixup.index()), offset, fixup.label()));
        }
        return new Code(resolved, labels, references, lines);
    }

    private static Instruction withOffset(Instruction jump, int offset, String label) {
        boolean fits = offset >= Short.MIN_VALUE && offset <= Short.MAX_VALUE;
        return switch (jump) {
            case Instruction.Goto(boolean longOffset, int _) when longOffset -> new Instruction.Goto(true, offset);
            case Instruction.Goto _ when fits -> new Instruction.Goto(false, offset);
            case Instruction.Jump(boolean wide, JumpOp op, Register dst, Operand src, int _) when fits ->
                    new Instruction.Jump(wide, op, dst, src, offset);
            case Instruction.Goto _ -> throw new IllegalArgumentException("goto \"" + label + "\" spans " + offset
                    + " slots, beyond the 16-bit offset of goto; use gotol");
            case Instruction.Jump _ -> throw new IllegalArgumentException("jump to \"" + label + "\" spans " + offset
                    + " slots, beyond the 16-bit offset of a conditional jump; invert the condition around a gotol");
            default -> throw new IllegalStateException("not a jump: " + jump);
        };
    }
}
