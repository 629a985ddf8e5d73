package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.AtomicOp;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.Operand;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the instructions that give a register the value it already holds, on the straight-line path
 * before them (no jump lands in between):
 * <ul>
 *   <li>a load {@code rN = *(u64 *)(r10 + off)} where rN was stored to that slot or loaded from it,
 *       and since then neither rN nor the slot was written;</li>
 *   <li>a move of a constant {@code rN = c} where rN was last set to the same 64-bit value by such a
 *       move ({@code w0 = 0} and {@code r0 = 0} alike).</li>
 * </ul>
 * Dropping one leaves the verifier the very state it would have given the register. The back end
 * keeps locals in stack slots and reads them afresh in each statement, and zeroes each field of a
 * record through the same scratch register, so a slot read by two statements in a row, a local
 * spilled by one and read by the next, and a run of zero stores leave these behind.
 *
 * <p>What may write a slot, conservatively: a store through r10 (the slots it overlaps); a store or
 * atomic operation through a register that may point into the stack (r10 or derived from it, or an
 * eight-byte value loaded from the stack, which may be a spilled stack pointer), and any call (a
 * helper writes through its stack pointer arguments): every slot. A call also clobbers r0–r5, as
 * does a legacy packet load.
 */
final class RedundantLoads {
    private static final int NONE = Integer.MIN_VALUE;
    private static final int REGISTERS = 11;

    /** The r10 offset of the eight-byte slot each register holds, or {@link #NONE}. */
    private final int[] holds = new int[REGISTERS];
    /** Registers that may point into this function's stack. */
    private final boolean[] stackPointer = new boolean[REGISTERS];
    /** Registers last set by a move of a constant, and its 64-bit value. */
    private final boolean[] constant = new boolean[REGISTERS];
    private final long[] value = new long[REGISTERS];

    private RedundantLoads() {
        forgetAll();
    }

    /**
     * Marks the redundant loads among the kept instructions as not kept. {@code landed[i]}: some
     * jump lands on instruction {@code i}.
     */
    static void drop(List<Instruction> in, boolean[] landed, boolean[] keep) {
        RedundantLoads facts = new RedundantLoads();
        for (int i = 0; i < in.size(); i++) {
            if (!keep[i]) continue;
            if (landed[i]) facts.forgetAll();
            if (facts.isRedundant(in.get(i))) {
                keep[i] = false;
            } else {
                facts.step(in.get(i));
            }
        }
    }

    private boolean isRedundant(Instruction instruction) {
        return switch (instruction) {
            case Instruction.Load(var size, var signExtend, var dst, var src, var offset) ->
                    size == Size.DW && !signExtend && src == Register.R10 && holds[dst.number()] == offset;
            case Instruction.Alu(var wide, var op, var dst, Operand.Imm(var imm)) when op == AluOp.MOV ->
                    constant[dst.number()] && value[dst.number()] == moved(wide, imm);
            default -> false;
        };
    }

    /** The 64-bit value a move of {@code imm} leaves: sign-extended by the 64-bit move, zero-extended by the 32-bit one. */
    private static long moved(boolean wide, int imm) {
        return wide ? imm : Integer.toUnsignedLong(imm);
    }

    private void step(Instruction instruction) {
        switch (instruction) {
            case Instruction.Load(var size, var signExtend, var dst, var src, var offset) -> {
                boolean fromStack = src == Register.R10 && size == Size.DW;
                write(dst, fromStack);
                if (fromStack && !signExtend) holds[dst.number()] = offset;
            }
            case Instruction.Store(var size, var base, var src, var offset) -> {
                storeThrough(base, offset, size);
                if (base == Register.R10 && size == Size.DW && src != Register.R10) holds[src.number()] = offset;
            }
            case Instruction.StoreImm(var size, var base, var offset, var imm) -> storeThrough(base, offset, size);
            case Instruction.Atomic(var size, var op, var fetch, var base, var src, var offset) -> {
                storeThrough(base, offset, size);
                if (fetch) write(src, false);
                if (op == AtomicOp.CMPXCHG) write(Register.R0, false);
            }
            case Instruction.Alu(var wide, var op, var dst, var src) -> {
                boolean sourcePoints = src instanceof Operand.Reg(var r) && mayPointToStack(r);
                boolean points = wide && (op == AluOp.MOV ? sourcePoints : mayPointToStack(dst) || sourcePoints);
                write(dst, points);
                if (op == AluOp.MOV && src instanceof Operand.Imm(var imm)) {
                    constant[dst.number()] = true;
                    value[dst.number()] = moved(wide, imm);
                }
            }
            case Instruction.ByteSwap swap -> write(swap.dst(), false);
            case Instruction.LoadImm64 load -> write(load.dst(), false);
            case Instruction.Call call -> clobberCallerSaved();
            case Instruction.PacketLoad load -> clobberCallerSaved();
            case Instruction.Jump jump -> { }
            case Instruction.Goto jump -> { }
            case Instruction.Exit exit -> { }
        }
    }

    private boolean mayPointToStack(Register r) {
        return r == Register.R10 || stackPointer[r.number()];
    }

    private void write(Register r, boolean mayPointToStack) {
        holds[r.number()] = NONE;
        constant[r.number()] = false;
        stackPointer[r.number()] = mayPointToStack;
    }

    private void storeThrough(Register base, int offset, Size size) {
        if (base == Register.R10) {
            for (int r = 0; r < REGISTERS; r++) {
                if (holds[r] != NONE && holds[r] < offset + size.bytes() && offset < holds[r] + 8) holds[r] = NONE;
            }
        } else if (mayPointToStack(base)) {
            Arrays.fill(holds, NONE);
        }
    }

    private void clobberCallerSaved() {
        Arrays.fill(holds, NONE);
        for (int r = 0; r <= 5; r++) {
            stackPointer[r] = false;
            constant[r] = false;
        }
    }

    /** At a join, anything may be anywhere. */
    private void forgetAll() {
        Arrays.fill(holds, NONE);
        Arrays.fill(stackPointer, true);
        Arrays.fill(constant, false);
    }
}
