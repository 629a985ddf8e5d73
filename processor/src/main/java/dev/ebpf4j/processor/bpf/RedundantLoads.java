package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.Operand;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import java.util.List;

/**
 * Drops the instructions of a function's final code that give a register the value it already
 * holds on every path to them ({@link KnownValues#isRedundant}):
 * <ul>
 *   <li>a load {@code rN = *(u64 *)(r10 + off)} where rN was stored to that slot or loaded from it,
 *       and since then neither rN nor the slot was written;</li>
 *   <li>a move of a constant {@code rN = c} where rN was last set to the same 64-bit value by such a
 *       move ({@code w0 = 0} and {@code r0 = 0} alike), and a 64-bit immediate load (a global's
 *       address) where rN was last set by the same load of the same reference;</li>
 *   <li>a move {@code rA = rB} where rA already holds what rB holds (copied from it, or both from a
 *       third, and neither written since);</li>
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
 */
final class RedundantLoads {
    private RedundantLoads() {}

    /**
     * Marks the redundant instructions among the kept ones as not kept, given what holds
     * {@code before} each ({@link KnownValues#before}) and what each 64-bit immediate load leaves
     * ({@link KnownValues#loaded}); {@code returnsValue} false where the caller reads no result.
     */
    static void drop(List<Instruction> in, boolean[] keep, boolean returnsValue, KnownValues[] before, Object[] loaded) {
        for (int i = 0; i < in.size(); i++) {
            if (keep[i] && before[i] != null && before[i].isRedundant(in.get(i), loaded[i])) keep[i] = false;
        }
        if (!returnsValue) dropUnreadResults(in, keep, before);
    }

    /**
     * In a function that returns nothing to its caller, a move into r0 right before an exit: nothing
     * reads it. The verifier checks r0 at a bpf-to-bpf function's exit only for a pointer into the
     * function's own stack, which it refuses to pass back, so the move stays where r0 may be one.
     */
    private static void dropUnreadResults(List<Instruction> in, boolean[] keep, KnownValues[] before) {
        int n = in.size();
        for (int i = 0; i < n; i++) {
            if (keep[i] && before[i] != null && in.get(i) instanceof Instruction.Alu(var wide, var op, var dst, var src)
                    && op == AluOp.MOV && dst == Register.R0 && !before[i].mayPointToStack(Register.R0)
                    && CodeCleanup.firstKept(keep, i + 1, n) < n && in.get(CodeCleanup.firstKept(keep, i + 1, n)) instanceof Instruction.Exit) {
                keep[i] = false;
            }
        }
    }

    /**
     * {@code rX = *(u64 *)(r10 + off); if rX op ...} where another register rY holds the slot, the
     * jump is reached from the load alone, and rX is dead after the jump: the jump tests rY, and the
     * load goes (a boolean stored by one statement and tested by the next).
     */
    static void testHolders(List<Instruction> in, int[] target, boolean[] keep, KnownValues[] before) {
        int n = in.size();
        boolean[] jumpedTo = CodeCleanup.jumpTargets(target, keep);
        RegisterLiveness liveness = null;
        for (int i = 0; i < n; i++) {
            if (!keep[i] || before[i] == null
                    || !(in.get(i) instanceof Instruction.Load(var size, var signExtend, var loaded, var base, var offset))
                    || size != Size.DW || signExtend || base != Register.R10) continue;
            Register holder = before[i].holders.get(offset);
            int j = CodeCleanup.firstKept(keep, i + 1, n);
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
}
