package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.Operand;
import java.util.List;

/**
 * The tests of a function's final code that what is known ({@link KnownValues}) decides: taken as
 * gotos or dropped where every path to them decides them the same way, and jumped past where the
 * paths that arrive by a jump, or by a move of a constant, decide them. The verifier, knowing the
 * same constants and non-null pointers, follows the same single path.
 */
final class DecidedJumps {
    private DecidedJumps() {}

    /**
     * A test that what holds on every path to it decides: of a register known not to be zero (tested
     * so before, and not written since: a map value's pointer after its lookup's null test, tested
     * again by each in-place update), or of a register holding a known constant against an
     * immediate. One that never jumps becomes a jump to the next instruction (which goes), one that
     * always jumps a {@code goto}. The verifier knows the same and follows the same single path.
     */
    static void decideTests(List<Instruction> in, int[] target, boolean[] keep, KnownValues[] before) {
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
     * One jump into a test that what holds on the jump's edge decides (a boolean set to a constant on
     * each path, tested where the paths meet) goes straight to where the test leads, through any
     * further tests the same facts decide; or a move of a constant into a register that falls into
     * such a test, where the register is dead when the tests are passed, becomes a goto there. The
     * verifier, knowing the same constants, follows the same single path. One at a time: a jump
     * taken elsewhere changes what holds at its new target, so the facts are computed afresh for the
     * next. True if one was threaded.
     */
    static boolean threadDecidedJump(List<Instruction> in, int[] target, boolean[] keep, KnownValues[] before, Object[] loaded) {
        int n = in.size();
        RegisterLiveness liveness = null;   // nothing changes before the one rewrite, so computed once
        for (int i = 0; i < n; i++) {
            if (!keep[i] || before[i] == null) continue;
            Instruction instruction = in.get(i);
            KnownValues after = before[i].copy();
            after.step(instruction, loaded[i]);
            switch (instruction) {
                case Instruction.Goto jump -> {
                    int to = CodeCleanup.firstKept(keep, target[i], n);
                    int end = passDecided(in, target, keep, after, to);
                    if (end != to) {
                        target[i] = end;
                        return true;
                    }
                }
                case Instruction.Jump jump -> {
                    if (before[i].outcome(jump) != null) continue;   // decided itself: decideTests' or the next round's
                    int to = CodeCleanup.firstKept(keep, target[i], n);
                    int end = passDecided(in, target, keep, after.onEdge(jump, true), to);
                    if (end != to) {
                        target[i] = end;
                        return true;
                    }
                }
                case Instruction.Alu(var wide, var op, var dst, Operand.Imm imm) when op == AluOp.MOV -> {
                    int to = CodeCleanup.firstKept(keep, i + 1, n);
                    int end = passDecided(in, target, keep, after, to);
                    if (end == to) continue;
                    if (liveness == null) liveness = RegisterLiveness.of(in, target, keep);
                    if (!liveness.liveAt(end, dst)) {
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
    private static int passDecided(List<Instruction> in, int[] target, boolean[] keep, KnownValues facts, int at) {
        int n = in.size();
        for (int steps = 0; steps < n && at < n && in.get(at) instanceof Instruction.Jump jump; steps++) {
            Boolean taken = facts.outcome(jump);
            if (taken == null) break;
            int next = taken ? CodeCleanup.firstKept(keep, target[at], n) : CodeCleanup.firstKept(keep, at + 1, n);
            if (next >= n || next == at) break;
            facts = facts.onEdge(jump, taken);
            at = next;
        }
        return at;
    }
}
