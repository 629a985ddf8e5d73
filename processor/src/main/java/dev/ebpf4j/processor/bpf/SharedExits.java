package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.Operand;
import dev.ebpf4j.asm.Register;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One exit for each return of a constant: {@code r0 = K; exit} where it occurs again becomes a
 * {@code goto} to its last occurrence, as clang leaves one exit a function. A program returns its
 * verdict from many places ({@code if (ip == null) return XdpAction.PASS;}), each a test jumping
 * over two instructions; with the goto, the test jumps to the shared exit itself
 * ({@link CodeCleanup}'s layout negates it), one instruction instead of three. A bare {@code exit}
 * that a test jumps over goes the same way, to the last bare exit.
 */
final class SharedExits {
    private SharedExits() {}

    /** Rewrites the repeated exits among the kept instructions; {@code target} as in {@link CodeCleanup}. True if any changed. */
    static boolean merge(List<Instruction> in, int[] target, boolean[] keep) {
        int n = in.size();
        boolean[] jumpedTo = CodeCleanup.jumpTargets(target, keep);
        List<Exit> exits = new ArrayList<>();
        int previous = -1;
        for (int i = 0; i < n; i++) {
            if (!keep[i]) continue;
            if (in.get(i) instanceof Instruction.Exit) exits.add(new Exit(previous, i));
            previous = i;
        }
        // The last occurrence is the one kept: the others jump forward to it, so the path that
        // passes a test falls through, as the hot path of a parse does.
        Map<Instruction, Integer> last = new HashMap<>();
        int bareExit = -1;
        for (Exit exit : exits) {
            if (exit.returnsConstant(in, jumpedTo)) last.put(in.get(exit.before()), exit.before());
            else bareExit = exit.at();
        }
        boolean changed = false;
        for (Exit exit : exits) {
            int before = exit.before();
            if (exit.returnsConstant(in, jumpedTo)) {
                int shared = last.get(in.get(before));
                if (shared != before) {
                    in.set(before, new Instruction.Goto(false, 0));
                    target[before] = shared;
                    keep[exit.at()] = false;
                    changed = true;
                }
            } else if (exit.at() != bareExit && before >= 0 && in.get(before) instanceof Instruction.Jump
                    && CodeCleanup.firstKept(keep, target[before], n) == CodeCleanup.firstKept(keep, exit.at() + 1, n)) {
                in.set(exit.at(), new Instruction.Goto(false, 0));   // the test over it then jumps to the shared exit
                target[exit.at()] = bareExit;
                changed = true;
            }
        }
        return changed;
    }

    /** An exit at {@code at}, and the kept instruction before it ({@code before}; -1 for none). */
    private record Exit(int before, int at) {
        /** Whether the exit returns a constant set right before it, and only so (no jump lands on the exit itself). */
        boolean returnsConstant(List<Instruction> in, boolean[] jumpedTo) {
            return before >= 0 && !jumpedTo[at] && in.get(before) instanceof Instruction.Alu(var wide, var op, var dst, Operand.Imm imm)
                    && op == AluOp.MOV && dst == Register.R0;
        }
    }
}
