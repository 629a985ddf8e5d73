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
 * Finds the instructions that give a register the value it already holds on every path to them:
 * <ul>
 *   <li>a load {@code rN = *(u64 *)(r10 + off)} where rN was stored to that slot or loaded from it,
 *       and since then neither rN nor the slot was written;</li>
 *   <li>a move of a constant {@code rN = c} where rN was last set to the same 64-bit value by such a
 *       move ({@code w0 = 0} and {@code r0 = 0} alike), and a 64-bit immediate load (a global's
 *       address) where rN was last set by the same load of the same reference;</li>
 *   <li>a move {@code rA = rB} where rA already holds what rB holds (copied from it, or both from a
 *       third, and neither written since);</li>
 *   <li>a test of rN against zero where rN is known not to be zero, or of a known constant
 *       ({@link #decideTests});</li>
 *   <li>a stack load tested right away, where another register holds the slot
 *       ({@link #testHolders});</li>
 *   <li>in a function whose caller reads no result, a move into r0 before an exit
 *       ({@link #dropUnreadResults}).</li>
 * </ul>
 * Dropping one leaves the verifier the very state it would have given the register. The back end
 * keeps locals in stack slots and reads them afresh in each statement, materialises a boolean in a
 * register and stores it before the statement that tests it reads it back, and zeroes each field of
 * a record through the same scratch register, so a slot read by two statements in a row, a local
 * spilled by one and read by the next, and a run of zero stores leave these behind.
 *
 * <p>A forward analysis over the function's control flow: what holds at an instruction is what holds
 * after each of its predecessors (a slot's holder, a register's constant) where they agree, computed
 * to a fixed point from the entry, where nothing is known. What may write a slot is taken
 * conservatively: a store through r10 (the slots it overlaps); a store or atomic operation through a
 * register that may point into the stack (r10 or derived from it, or an eight-byte value loaded from
 * the stack, which may be a spilled stack pointer); and any call (a helper writes through its stack
 * pointer arguments): every slot. A call also clobbers r0–r5, as does a legacy packet load.
 */
final class RedundantLoads {
    private static final int REGISTERS = 11;

    private RedundantLoads() {}

    /**
     * Marks the redundant instructions among the kept ones as not kept. {@code target[i]}: the index
     * a jump at {@code i} goes to, or -1; a target not kept stands for the next kept instruction.
     */
    static boolean drop(List<Instruction> in, int[] target, boolean[] keep, boolean returnsValue, Reference[] references) {
        int n = in.size();
        int entry = next(keep, 0, n);
        if (entry >= n) return false;
        Object[] loaded = new Object[n];   // what each 64-bit immediate load leaves: the instruction and its reference
        for (int i = 0; i < n; i++) {
            if (in.get(i) instanceof Instruction.LoadImm64 load) {
                Reference r = references[i];
                loaded[i] = r == null ? List.of(load) : List.of(load, r.symbol(), r.kind(), r.offset());
            }
        }
        Facts[] before = new Facts[n];
        before[entry] = Facts.unknown();
        Deque<Integer> work = new ArrayDeque<>(List.of(entry));
        while (!work.isEmpty()) {
            int i = work.pop();
            Facts after = before[i].copy();
            if (!after.isRedundant(in.get(i), loaded[i])) after.step(in.get(i), loaded[i]);
            int following = next(keep, i + 1, n);
            int jumpedTo = target[i] >= 0 ? next(keep, target[i], n) : n;
            Boolean taken = in.get(i) instanceof Instruction.Jump jump ? before[i].outcome(jump) : null;
            for (int s : successors(in.get(i), i, target, keep, n)) {
                Facts into = after;
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
        for (int i = 0; i < n; i++) {
            if (keep[i] && before[i] != null && before[i].isRedundant(in.get(i), loaded[i])) keep[i] = false;
        }
        if (!returnsValue) dropUnreadResults(in, keep, before);
        decideTests(in, target, keep, before);
        testHolders(in, target, keep, before);
        return threadDecidedJump(in, target, keep, before, loaded);
    }

    /**
     * One jump into a test that what holds on the jump's edge decides (a boolean set to a constant on
     * each path, tested where the paths meet) goes straight to where the test leads, through any
     * further tests the same facts decide; or a move of a constant into a register that falls into
     * such a test, where the register is dead when the tests are passed, becomes a goto there. The
     * verifier, knowing the same constants, follows the same single path. One at a time: a jump
     * taken elsewhere changes what holds at its new target, so the facts are computed afresh for the
     * next. True if one was threaded.
     */
    private static boolean threadDecidedJump(List<Instruction> in, int[] target, boolean[] keep, Facts[] before, Object[] loaded) {
        int n = in.size();
        for (int i = 0; i < n; i++) {
            if (!keep[i] || before[i] == null) continue;
            Instruction instruction = in.get(i);
            Facts after = before[i].copy();
            after.step(instruction, loaded[i]);
            switch (instruction) {
                case Instruction.Goto jump -> {
                    int to = next(keep, target[i], n);
                    int end = passDecided(in, target, keep, after, to);
                    if (end != to) {
                        target[i] = end;
                        return true;
                    }
                }
                case Instruction.Jump jump -> {
                    if (before[i].outcome(jump) != null) continue;   // decided itself: decideTests' or the next round's
                    int to = next(keep, target[i], n);
                    int end = passDecided(in, target, keep, after.onEdge(jump, true), to);
                    if (end != to) {
                        target[i] = end;
                        return true;
                    }
                }
                case Instruction.Alu(var wide, var op, var dst, Operand.Imm imm) when op == AluOp.MOV -> {
                    int to = next(keep, i + 1, n);
                    int end = passDecided(in, target, keep, after, to);
                    if (end != to && !RegisterLiveness.of(in, target, keep).liveAt(end, dst)) {
                        in.set(i, new Instruction.Goto(false, 0));
                        target[i] = end;
                        return true;
                    }
                }
                default -> { }
            }
        }
        return false;
    }

    /** Where a run arriving at {@code at} with {@code facts} goes past the tests they decide. */
    private static int passDecided(List<Instruction> in, int[] target, boolean[] keep, Facts facts, int at) {
        int n = in.size();
        for (int steps = 0; steps < n && at < n && in.get(at) instanceof Instruction.Jump jump; steps++) {
            Boolean taken = facts.outcome(jump);
            if (taken == null) break;
            int next = taken ? next(keep, target[at], n) : next(keep, at + 1, n);
            if (next >= n || next == at) break;
            facts = facts.onEdge(jump, taken);
            at = next;
        }
        return at;
    }

    /**
     * In a function that returns nothing to its caller, a move into r0 right before an exit: nothing
     * reads it. The verifier checks r0 at a bpf-to-bpf function's exit only for a pointer into the
     * function's own stack, which it refuses to pass back, so the move stays where r0 may be one.
     */
    private static void dropUnreadResults(List<Instruction> in, boolean[] keep, Facts[] before) {
        int n = in.size();
        for (int i = 0; i < n; i++) {
            if (keep[i] && before[i] != null && in.get(i) instanceof Instruction.Alu(var wide, var op, var dst, var src)
                    && op == AluOp.MOV && dst == Register.R0 && !before[i].mayPointToStack(Register.R0)
                    && next(keep, i + 1, n) < n && in.get(next(keep, i + 1, n)) instanceof Instruction.Exit) {
                keep[i] = false;
            }
        }
    }

    /**
     * A test that what holds on every path to it decides: of a register known not to be zero (tested
     * so before, and not written since: a map value's pointer after its lookup's null test, tested
     * again by each in-place update), or of a register holding a known constant against an
     * immediate. One that never jumps becomes a jump to the next instruction (which goes), one that
     * always jumps a {@code goto}. The verifier knows the same and follows the same single path.
     */
    private static void decideTests(List<Instruction> in, int[] target, boolean[] keep, Facts[] before) {
        for (int i = 0; i < in.size(); i++) {
            if (!keep[i] || before[i] == null) continue;
            if (!(in.get(i) instanceof Instruction.Jump jump)) continue;
            Boolean taken = before[i].outcome(jump);
            if (taken == null) continue;
            in.set(i, new Instruction.Goto(false, 0));
            if (!taken) target[i] = i + 1;
        }
    }

    /**
     * {@code rX = *(u64 *)(r10 + off); if rX op ...} where another register rY holds the slot, the
     * jump is reached from the load alone, and rX is dead after the jump: the jump tests rY, and the
     * load goes (a boolean stored by one statement and tested by the next).
     */
    private static void testHolders(List<Instruction> in, int[] target, boolean[] keep, Facts[] before) {
        int n = in.size();
        boolean[] jumpedTo = new boolean[n];
        for (int k = 0; k < n; k++) {
            if (keep[k] && target[k] >= 0) {
                int t = next(keep, target[k], n);
                if (t < n) jumpedTo[t] = true;
            }
        }
        RegisterLiveness liveness = null;
        for (int i = 0; i < n; i++) {
            if (!keep[i] || before[i] == null
                    || !(in.get(i) instanceof Instruction.Load(var size, var signExtend, var loaded, var base, var offset))
                    || size != Size.DW || signExtend || base != Register.R10) continue;
            Register holder = before[i].holders.get(offset);
            int j = next(keep, i + 1, n);
            if (holder == null || holder == loaded || j >= n || jumpedTo[j]
                    || !(in.get(j) instanceof Instruction.Jump(var wide, var op, var dst, var src, var jumpOffset))
                    || dst != loaded || src instanceof Operand.Reg(var r) && r == loaded) continue;
            if (liveness == null) liveness = RegisterLiveness.of(in, target, keep);
            if (liveness.liveAfter(j, loaded)) continue;
            in.set(j, new Instruction.Jump(wide, op, holder, src, jumpOffset));
            keep[i] = false;
            liveness = null;
        }
    }

    private static int[] successors(Instruction instruction, int i, int[] target, boolean[] keep, int n) {
        int following = next(keep, i + 1, n);
        int jumped = target[i] >= 0 ? next(keep, target[i], n) : n;
        int[] all = switch (instruction) {
            case Instruction.Exit exit -> new int[0];
            case Instruction.Goto jump -> new int[] {jumped};
            case Instruction.Jump jump -> new int[] {following, jumped};
            default -> new int[] {following};
        };
        return Arrays.stream(all).filter(s -> s < n).distinct().toArray();
    }

    private static int next(boolean[] keep, int from, int n) {
        int i = from;
        while (i < n && !keep[i]) i++;
        return i;
    }

    /** What is known at one point of the function. */
    private static final class Facts {
        /** The eight-byte slots (by r10 offset) whose bytes a register holds, and which register. */
        private final Map<Integer, Register> holders;
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

        private Facts(Map<Integer, Register> holders, boolean[] stackPointer, boolean[] constant, long[] value,
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
        Facts onEdge(Instruction.Jump jump, boolean viaJump) {
            if (!(jump.src() instanceof Operand.Imm(var imm))) return this;
            int r = jump.dst().number();
            boolean equal = jump.op() == JumpOp.JEQ ? viaJump : jump.op() == JumpOp.JNE && !viaJump;
            if (equal && (jump.wide() || zeroUpper[r])) {
                // the register holds the immediate (a 32-bit test tells its upper half only where it is known zero)
                long known = jump.wide() ? imm : Integer.toUnsignedLong(imm);
                Facts f = copy();
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
            Facts f = copy();
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
        static Facts unknown() {
            boolean[] stackPointer = new boolean[REGISTERS];
            Arrays.fill(stackPointer, true);
            return new Facts(new HashMap<>(), stackPointer, new boolean[REGISTERS], new long[REGISTERS], new boolean[REGISTERS],
                    new int[REGISTERS], new Object[REGISTERS], new boolean[REGISTERS]);
        }

        Facts copy() {
            return new Facts(new HashMap<>(holders), stackPointer.clone(), constant.clone(), value.clone(), nonZero.clone(),
                    same.clone(), address.clone(), zeroUpper.clone());
        }

        /** Keeps only what {@code other} knows too; true if anything was forgotten. */
        boolean meet(Facts other) {
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

        private boolean mayPointToStack(Register r) {
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
    }
}
