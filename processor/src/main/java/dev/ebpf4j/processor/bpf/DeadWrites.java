package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.Register;
import java.util.List;

/**
 * Drops the instructions of a function's final code whose only effect is to write a register that
 * no path reads before writing it again: a constant set for a test another pass took away, the
 * context kept in a register no later instruction reads. Only arithmetic, moves, byte swaps and
 * stack loads, none of which carries a reference: a store, a call, an atomic operation and a packet
 * load have effects of their own, and a 64-bit immediate load may carry a map's reference. A call counts as reading r1–r5 and an exit as
 * reading r0 ({@link RegisterLiveness}), so a helper's arguments and a return value stay.
 */
final class DeadWrites {
    private DeadWrites() {}

    /**
     * Marks those instructions among the kept ones as not kept. True if any went.
     */
    static boolean drop(List<Instruction> in, int[] target, boolean[] keep) {
        RegisterLiveness liveness = RegisterLiveness.of(in, target, keep);
        boolean dropped = false;
        for (int i = 0; i < in.size(); i++) {
            if (!keep[i] || !onlyWritesARegister(in.get(i))) continue;
            if ((liveness.liveOut(i) & RegisterLiveness.writes(in.get(i))) == 0) {
                keep[i] = false;
                dropped = true;
            }
        }
        return dropped;
    }

    private static boolean onlyWritesARegister(Instruction instruction) {
        return switch (instruction) {
            case Instruction.Alu alu -> true;
            case Instruction.ByteSwap swap -> true;
            case Instruction.Load load -> load.src() == Register.R10;
            default -> false;
        };
    }
}
