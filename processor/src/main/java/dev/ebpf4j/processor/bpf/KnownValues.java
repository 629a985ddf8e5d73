package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.AtomicOp;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.JumpOp;
import dev.ebpf4j.asm.Operand;
import dev.ebpf4j.asm.Reference;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is known at one instruction of a function's final code, on every path to it: which register
 * holds each eight-byte stack slot; which registers hold a constant (and which), are known not to be
 * zero, hold copies of one another or the same 64-bit immediate load, have a zero upper half, or may
 * point into the stack. {@link RedundantLoads} drops what gives a register what it already holds;
 * {@link DecidedJumps} takes the tests this decides.
 *
 * <p>A forward analysis over the function's control flow: what holds at an instruction is what holds
 * after each of its predecessors where they agree, computed to a fixed point from the entry, where
 * nothing is known; a test adds what it found to each of its edges, and an edge no run takes adds
 * nothing. What may write a slot is taken conservatively: a store through r10 (the slots it
 * overlaps); a store or atomic operation through a register that may point into the stack (r10 or
 * derived from it, or an eight-byte value loaded from the stack, which may be a spilled stack
 * pointer); and any call (a helper writes through its stack pointer arguments): every slot. A call
 * also clobbers r0–r5, as does a legacy packet load.
 */
final class KnownValues {
    private static final int REGISTERS = 11;

    /** The eight-byte slots (by r10 offset) whose bytes a register holds, and which register. */
    final Map<Integer, Register> holders;
    /** Registers that may point into this function's stack. */
    private final boolean[] stackPointer;
    /** Registers last set by a move of a constant, and its 64-bit value. */
    private final boolean[] constant;
    private final long[] value;
    /** Registers known not to be zero: tested so, and not written since. */
    private final boolean[] nonZero;
    /** For each register, the others known to hold the same 64 bits (a bit a register): copies. */
    private final int[] same;
    /** Registers last set by a 64-bit immediate load (a map, a global's address), and what it loaded. */
    private final Object[] address;
    /** Registers whose upper 32 bits are known to be zero: set by a 32-bit operation, a narrow load or swap. */
    private final boolean[] zeroUpper;

    private KnownValues(Map<Integer, Register> holders, boolean[] stackPointer, boolean[] constant, long[] value,
                  boolean[] nonZero, int[] same, Object[] address, boolean[] zeroUpper) {
        this.holders = holders;
        this.stackPointer = stackPointer;
        this.constant = constant;
        this.value = value;
        this.nonZero = nonZero;
        this.same = same;
        this.address = address;
        this.zeroUpper = zeroUpper;
    }

    /** What holds after {@code jump} on the edge it takes ({@code viaJump}) or falls through. */
    KnownValues onEdge(Instruction.Jump jump, boolean viaJump) {
        if (!(jump.src() instanceof Operand.Imm(var imm))) return this;
        int r = jump.dst().number();
        boolean equal = jump.op() == JumpOp.JEQ ? viaJump : jump.op() == JumpOp.JNE && !viaJump;
        if (equal && (jump.wide() || zeroUpper[r])) {
            // the register holds the immediate (a 32-bit test tells its upper half only where it is known zero)
            long known = jump.wide() ? imm : Integer.toUnsignedLong(imm);
            KnownValues f = copy();
            for (int other = 0; other < REGISTERS; other++) {
                if (other == r || (same[r] & (1 << other)) != 0) {
                    f.constant[other] = true;
                    f.value[other] = known;
                    f.nonZero[other] = known != 0;
                }
            }
            return f;
        }
        if (!jump.wide() || imm != 0) return this;
        boolean notZero = jump.op() == JumpOp.JEQ ? !viaJump : jump.op() == JumpOp.JNE && viaJump;
        if (!notZero) return this;
        KnownValues f = copy();
        f.nonZero[r] = true;
        return f;
    }

    /**
     * Whether {@code instruction}, a 64-bit test of a register against zero, jumps: true or
     * false where the register is known not to be zero, else null.
     */
    Boolean decided(Instruction instruction) {
        if (!(instruction instanceof Instruction.Jump(var wide, var op, var dst, Operand.Imm(var imm), var offset))
                || !wide || imm != 0 || !nonZero[dst.number()]) return null;
        return switch (op) {
            case JEQ -> false;
            case JNE -> true;
            default -> null;
        };
    }

    /**
     * Whether {@code jump} jumps where what is known decides it: a register known not to be zero
     * ({@link #decided}), or one holding a known constant tested against an immediate; else null.
     */
    Boolean outcome(Instruction.Jump jump) {
        Boolean byNonZero = decided(jump);
        if (byNonZero != null) return byNonZero;
        if (!(jump.src() instanceof Operand.Imm(var imm)) || !constant[jump.dst().number()]) return null;
        return holds(jump.op(), jump.wide(), value[jump.dst().number()], imm);
    }

    /** {@code a op b}, compared in 64 bits (b sign-extended) or in the low 32 bits. */
    static boolean holds(JumpOp op, boolean wide, long a, long b) {
        if (!wide) {
            a = (int) a;
            b = (int) b;
        }
        long ua = wide ? a : a & 0xFFFF_FFFFL, ub = wide ? b : b & 0xFFFF_FFFFL;
        return switch (op) {
            case JEQ -> a == b;
            case JNE -> a != b;
            case JGT -> Long.compareUnsigned(ua, ub) > 0;
            case JGE -> Long.compareUnsigned(ua, ub) >= 0;
            case JLT -> Long.compareUnsigned(ua, ub) < 0;
            case JLE -> Long.compareUnsigned(ua, ub) <= 0;
            case JSGT -> a > b;
            case JSGE -> a >= b;
            case JSLT -> a < b;
            case JSLE -> a <= b;
            case JSET -> (a & b) != 0;
        };
    }

    /** Nothing known: any register may point anywhere. */
    static KnownValues unknown() {
        boolean[] stackPointer = new boolean[REGISTERS];
        Arrays.fill(stackPointer, true);
        return new KnownValues(new HashMap<>(), stackPointer, new boolean[REGISTERS], new long[REGISTERS], new boolean[REGISTERS],
                new int[REGISTERS], new Object[REGISTERS], new boolean[REGISTERS]);
    }

    KnownValues copy() {
        return new KnownValues(new HashMap<>(holders), stackPointer.clone(), constant.clone(), value.clone(), nonZero.clone(),
                same.clone(), address.clone(), zeroUpper.clone());
    }

    /** Keeps only what {@code other} knows too; true if anything was forgotten. */
    boolean meet(KnownValues other) {
        boolean changed = holders.entrySet().removeIf(e -> other.holders.get(e.getKey()) != e.getValue());
        for (int r = 0; r < REGISTERS; r++) {
            if (other.stackPointer[r] && !stackPointer[r]) {
                stackPointer[r] = true;
                changed = true;
            }
            if (constant[r] && !(other.constant[r] && other.value[r] == value[r])) {
                constant[r] = false;
                changed = true;
            }
            if (nonZero[r] && !other.nonZero[r]) {
                nonZero[r] = false;
                changed = true;
            }
            if ((same[r] & ~other.same[r]) != 0) {
                same[r] &= other.same[r];
                changed = true;
            }
            if (address[r] != null && !address[r].equals(other.address[r])) {
                address[r] = null;
                changed = true;
            }
            if (zeroUpper[r] && !other.zeroUpper[r]) {
                zeroUpper[r] = false;
                changed = true;
            }
        }
        return changed;
    }

    /** {@code loaded}: for a 64-bit immediate load, what it leaves (its instruction and reference); else unused. */
    boolean isRedundant(Instruction instruction, Object loaded) {
        return switch (instruction) {
            case Instruction.LoadImm64 load -> loaded.equals(address[load.dst().number()]);
            case Instruction.Load(var size, var signExtend, var dst, var src, var offset) ->
                    size == Size.DW && !signExtend && src == Register.R10 && Objects.equals(holders.get(offset), dst);
            case Instruction.Alu(var wide, var op, var dst, Operand.Imm(var imm)) when op == AluOp.MOV ->
                    constant[dst.number()] && value[dst.number()] == moved(wide, imm);
            case Instruction.Alu(var wide, var op, var dst, Operand.Reg(var src)) when op == AluOp.MOV && wide ->
                    dst == src || (same[dst.number()] & bit(src)) != 0;
            default -> false;
        };
    }

    /** The 64-bit value a move of {@code imm} leaves: sign-extended by the 64-bit move, zero-extended by the 32-bit one. */
    private static long moved(boolean wide, int imm) {
        return wide ? imm : Integer.toUnsignedLong(imm);
    }

    void step(Instruction instruction, Object loaded) {
        switch (instruction) {
            case Instruction.Load(var size, var signExtend, var dst, var src, var offset) -> {
                boolean fromStack = src == Register.R10 && size == Size.DW;
                write(dst, fromStack);
                if (fromStack && !signExtend) holders.put(offset, dst);
                zeroUpper[dst.number()] = size != Size.DW && !signExtend;
            }
            case Instruction.Store(var size, var base, var src, var offset) -> {
                storeThrough(base, offset, size);
                if (base == Register.R10 && size == Size.DW && src != Register.R10) holders.put(offset, src);
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
                zeroUpper[dst.number()] = !wide;
                if (op == AluOp.MOV && wide && src instanceof Operand.Reg(var from) && from != dst) {
                    zeroUpper[dst.number()] = zeroUpper[from.number()];
                    constant[dst.number()] = constant[from.number()];
                    value[dst.number()] = value[from.number()];
                    nonZero[dst.number()] = nonZero[from.number()];
                    same[dst.number()] = same[from.number()] | bit(from);
                    for (int r = 0; r < REGISTERS; r++) {
                        if ((same[dst.number()] & bit(Register.of(r))) != 0) same[r] |= bit(dst);
                    }
                }
                if (op == AluOp.MOV && src instanceof Operand.Imm(var imm)) {
                    constant[dst.number()] = true;
                    value[dst.number()] = moved(wide, imm);
                    zeroUpper[dst.number()] = value[dst.number()] >>> 32 == 0;
                }
            }
            case Instruction.ByteSwap swap -> {
                write(swap.dst(), false);
                zeroUpper[swap.dst().number()] = swap.width() < 64;
            }
            case Instruction.LoadImm64 load -> {
                write(load.dst(), false);
                address[load.dst().number()] = loaded;
            }
            case Instruction.Call call -> clobberCallerSaved();
            case Instruction.PacketLoad load -> clobberCallerSaved();
            case Instruction.Jump jump -> { }
            case Instruction.Goto jump -> { }
            case Instruction.Exit exit -> { }
        }
    }

    boolean mayPointToStack(Register r) {
        return r == Register.R10 || stackPointer[r.number()];
    }

    private void write(Register r, boolean mayPointToStack) {
        holders.values().removeIf(holder -> holder == r);
        constant[r.number()] = false;
        nonZero[r.number()] = false;
        stackPointer[r.number()] = mayPointToStack;
        same[r.number()] = 0;
        for (int other = 0; other < REGISTERS; other++) same[other] &= ~bit(r);
        address[r.number()] = null;
        zeroUpper[r.number()] = false;
    }

    private static int bit(Register r) {
        return 1 << r.number();
    }

    private void storeThrough(Register base, int offset, Size size) {
        if (base == Register.R10) {
            holders.keySet().removeIf(slot -> slot < offset + size.bytes() && offset < slot + 8);
        } else if (mayPointToStack(base)) {
            holders.clear();
        }
    }

    private void clobberCallerSaved() {
        for (int r = 0; r <= 5; r++) write(Register.of(r), false);
        holders.clear();
    }

    /**
     * What holds before each kept instruction ({@code null} where no path reaches it), or null if
     * nothing is kept. {@code target[i]}: the index a jump at {@code i} goes to, or -1; a target not
     * kept stands for the next kept instruction. {@code loaded}: {@link #loaded}.
     */
    static KnownValues[] before(List<Instruction> in, int[] target, boolean[] keep, Object[] loaded) {
        int n = in.size();
        int entry = CodeCleanup.firstKept(keep, 0, n);
        if (entry >= n) return null;
        KnownValues[] before = new KnownValues[n];
        before[entry] = KnownValues.unknown();
        Deque<Integer> work = new ArrayDeque<>(List.of(entry));
        while (!work.isEmpty()) {
            int i = work.pop();
            KnownValues after = before[i].copy();
            if (!after.isRedundant(in.get(i), loaded[i])) after.step(in.get(i), loaded[i]);
            int following = CodeCleanup.firstKept(keep, i + 1, n);
            int jumpedTo = target[i] >= 0 ? CodeCleanup.firstKept(keep, target[i], n) : n;
            Boolean taken = in.get(i) instanceof Instruction.Jump jump ? before[i].outcome(jump) : null;
            for (int s : successors(in.get(i), i, target, keep, n)) {
                KnownValues into = after;
                if (in.get(i) instanceof Instruction.Jump jump && following != jumpedTo) {
                    boolean viaJump = s == jumpedTo;
                    if (taken != null && taken != viaJump) continue;   // an edge no run takes
                    into = after.onEdge(jump, viaJump);
                }
                if (before[s] == null) {
                    before[s] = into.copy();
                    work.push(s);
                } else if (before[s].meet(into)) {
                    work.push(s);
                }
            }
        }
        return before;
    }

    /** What each 64-bit immediate load leaves: the instruction and its reference ({@code references[i]}, or null). */
    static Object[] loaded(List<Instruction> in, Reference[] references) {
        int n = in.size();
        Object[] loaded = new Object[n];
        for (int i = 0; i < n; i++) {
            if (in.get(i) instanceof Instruction.LoadImm64 load) {
                Reference r = references[i];
                loaded[i] = r == null ? List.of(load) : List.of(load, r.symbol(), r.kind(), r.offset());
            }
        }
        return loaded;
    }

    private static int[] successors(Instruction instruction, int i, int[] target, boolean[] keep, int n) {
        int following = CodeCleanup.firstKept(keep, i + 1, n);
        int jumped = target[i] >= 0 ? CodeCleanup.firstKept(keep, target[i], n) : n;
        int[] all = switch (instruction) {
            case Instruction.Exit exit -> new int[0];
            case Instruction.Goto jump -> new int[] {jumped};
            case Instruction.Jump jump -> new int[] {following, jumped};
            default -> new int[] {following};
        };
        return Arrays.stream(all).filter(s -> s < n).distinct().toArray();
    }
}
