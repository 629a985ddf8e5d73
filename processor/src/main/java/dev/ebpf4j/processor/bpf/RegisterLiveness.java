package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.AtomicOp;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.Operand;
import dev.ebpf4j.asm.Register;
import java.util.List;

/**
 * Which registers each kept instruction of a function's final code reads before writing, and which
 * are live after it: a backward analysis over the control flow to a fixed point, one bit a
 * register. A call reads r1–r5 (whatever the helper takes) and writes r0–r5; an exit reads r0.
 */
final class RegisterLiveness {
    private static final int ALL = (1 << 11) - 1;

    private final int[] liveIn;
    private final List<Instruction> in;
    private final int[] target;
    private final boolean[] keep;

    private RegisterLiveness(List<Instruction> in, int[] target, boolean[] keep) {
        this.in = in;
        this.target = target;
        this.keep = keep;
        this.liveIn = new int[in.size()];
    }

    /** The liveness of the kept instructions of {@code in}; {@code target[i]} as in {@link CodeCleanup}. */
    static RegisterLiveness of(List<Instruction> in, int[] target, boolean[] keep) {
        RegisterLiveness l = new RegisterLiveness(in, target, keep);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = in.size() - 1; i >= 0; i--) {
                if (!keep[i]) continue;
                int live = (l.liveOut(i) & ~writes(in.get(i))) | reads(in.get(i));
                if (live != l.liveIn[i]) {
                    l.liveIn[i] = live;
                    changed = true;
                }
            }
        }
        return l;
    }

    /** True if {@code r} may be read after instruction {@code i} before it is written. */
    boolean liveAfter(int i, Register r) {
        return (liveOut(i) & bit(r)) != 0;
    }

    /** True if {@code r} may be read at instruction {@code i} (a kept one) or after it before it is written. */
    boolean liveAt(int i, Register r) {
        return (at(next(i)) & bit(r)) != 0;
    }

    /** The registers that may be read after instruction {@code i} before they are written. */
    int liveOut(int i) {
        int n = in.size();
        int following = next(i + 1);
        int jumped = target[i] >= 0 ? next(target[i]) : n;
        return switch (in.get(i)) {
            case Instruction.Exit e -> 0;
            case Instruction.Goto g -> at(jumped);
            case Instruction.Jump j -> at(following) | at(jumped);
            default -> at(following);
        };
    }

    private int at(int i) {
        return i < in.size() ? liveIn[i] : 0;
    }

    private int next(int from) {
        int i = from;
        while (i < in.size() && !keep[i]) i++;
        return i;
    }

    private static int bit(Register r) {
        return 1 << r.number();
    }

    private static int bit(Operand o) {
        return o instanceof Operand.Reg(Register r) ? bit(r) : 0;
    }

    private static final int CALL_ARGUMENTS = 0b111110, CALL_CLOBBERS = 0b111111;

    /** The registers {@code instruction} reads. */
    static int reads(Instruction instruction) {
        return switch (instruction) {
            case Instruction.Alu(var wide, var op, var dst, var src) ->
                    (op == AluOp.MOV || op == AluOp.MOVSX8 || op == AluOp.MOVSX16 || op == AluOp.MOVSX32 ? 0 : bit(dst)) | bit(src);
            case Instruction.ByteSwap(var kind, var width, var dst) -> bit(dst);
            case Instruction.Jump(var wide, var op, var dst, var src, var offset) -> bit(dst) | bit(src);
            case Instruction.Goto g -> 0;
            case Instruction.Call c -> CALL_ARGUMENTS;
            case Instruction.Exit e -> bit(Register.R0);
            case Instruction.Load(var size, var signExtend, var dst, var src, var offset) -> bit(src);
            case Instruction.StoreImm(var size, var dst, var offset, var imm) -> bit(dst);
            case Instruction.Store(var size, var dst, var src, var offset) -> bit(dst) | bit(src);
            case Instruction.Atomic(var size, var op, var fetch, var dst, var src, var offset) ->
                    bit(dst) | bit(src) | (op == AtomicOp.CMPXCHG ? bit(Register.R0) : 0);
            case Instruction.LoadImm64 l -> 0;
            default -> ALL;
        };
    }

    /** The registers {@code instruction} writes. */
    static int writes(Instruction instruction) {
        return switch (instruction) {
            case Instruction.Alu(var wide, var op, var dst, var src) -> bit(dst);
            case Instruction.ByteSwap(var kind, var width, var dst) -> bit(dst);
            case Instruction.Call c -> CALL_CLOBBERS;
            case Instruction.Load(var size, var signExtend, var dst, var src, var offset) -> bit(dst);
            case Instruction.Atomic(var size, var op, var fetch, var dst, var src, var offset) ->
                    op == AtomicOp.CMPXCHG ? bit(Register.R0) : fetch ? bit(src) : 0;
            case Instruction.LoadImm64(var dst, var source, var imm) -> bit(dst);
            case Instruction.PacketLoad p -> CALL_CLOBBERS;
            default -> 0;
        };
    }
}
