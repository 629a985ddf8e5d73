package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.JumpOp;
import dev.ebpf4j.asm.Reference;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pass over a function's final instructions: jumps to an unconditional jump go to its target
 * instead, a {@code goto} to the next instruction goes, instructions no path reaches go (the
 * verifier refuses unreachable code, so constant conditions need not be special-cased before), and
 * so do loads into a register of what it already holds and tests of a pointer already tested
 * ({@link RedundantLoads}).
 * Line marks, labels and map/function references move with their instructions.
 */
final class CodeCleanup {
    private CodeCleanup() {}

    static Code clean(Code code) {
        return clean(code, true);
    }

    /**
     * As {@link #clean(Code)}; {@code returnsValue} false for a bpf-to-bpf function whose caller
     * reads no result (a {@code void} one), whose exits then need not set r0.
     */
    static Code clean(Code code, boolean returnsValue) {
        List<Instruction> in = new ArrayList<>(code.instructions());
        int n = in.size();
        int[] target = new int[n];   // jump target index, or -1
        for (int i = 0; i < n; i++) {
            int offset = switch (in.get(i)) {
                case Instruction.Jump j -> j.offset();
                case Instruction.Goto g -> g.offset();
                default -> Integer.MIN_VALUE;
            };
            target[i] = offset == Integer.MIN_VALUE ? -1 : index(code, code.slotOf(i) + 1 + offset);
        }
        // Backwards, so what follows each jump is settled: a jump to the next kept instruction goes.
        // A load dropped can leave a jump to the next instruction, and a jump dropped can leave a
        // load that now has one predecessor fewer to disagree with: round again until neither changes.
        // A test decided by an earlier one becomes a goto, which can leave code no path reaches.
        boolean[] keep = new boolean[n];
        java.util.Arrays.fill(keep, true);
        throughGotos(in, target, keep, n);
        keep = reachable(in, target, n);
        Reference[] referenceAt = new Reference[n];
        for (Reference r : code.references()) referenceAt[r.instructionIndex()] = r;
        Object[] loaded = KnownValues.loaded(in, referenceAt);
        boolean changed;
        do {
            boolean rewritten = false;   // a jump retargeted or an instruction replaced: the facts change
            KnownValues[] before = KnownValues.before(in, target, keep, loaded);
            if (before != null) {
                RedundantLoads.drop(in, keep, returnsValue, before, loaded);
                DecidedJumps.decideTests(in, target, keep, before);
                RedundantLoads.testHolders(in, target, keep, before);
                rewritten = DecidedJumps.threadDecidedJump(in, target, keep, before, loaded);
            }
            rewritten |= SharedExits.merge(in, target, keep);
            throughGotos(in, target, keep, n);   // a threaded move or a shared exit leaves a goto others jump to
            changed = dropJumpsToNext(in, target, keep, n) | rewritten;
            changed |= DeadWrites.drop(in, target, keep);
            boolean[] reached = reachable(in, target, n);
            for (int i = 0; i < n; i++) {
                if (keep[i] && !reached[i]) {
                    keep[i] = false;
                    changed = true;
                }
            }
        } while (changed);
        int[] order = layout(in, target, keep, n);
        if (order.length == n) return code;
        return rebuild(code, in, target, keep, order);
    }

    /**
     * The output order of the kept instructions, taking down {@code if c goto L1; goto L2; L1:}: a
     * negatable condition becomes {@code if !c goto L2}; a {@code jset}, which has no negation, keeps
     * its jump where L2 follows L1's block B and B ends in a goto or exit, and B moves after the
     * function's end, so the path where the test fails falls straight into L2 (one instruction fewer,
     * the other path unchanged). Moved blocks nest: one inside a moved block moves after it.
     */
    private static int[] layout(List<Instruction> in, int[] target, boolean[] keep, int n) {
        int[] regionEnd = new int[n];
        java.util.Arrays.fill(regionEnd, -1);
        List<int[]> regions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!keep[i] || !(in.get(i) instanceof Instruction.Jump j)) continue;
            int k = firstKept(keep, i + 1, n);
            if (k >= n || !(in.get(k) instanceof Instruction.Goto)) continue;
            int s = firstKept(keep, k + 1, n);
            if (firstKept(keep, target[i], n) != s) continue;
            JumpOp negated = negation(j.op());
            if (negated != null) {
                in.set(i, new Instruction.Jump(j.wide(), negated, j.dst(), j.src(), j.offset()));
                target[i] = target[k];
                keep[k] = false;
                continue;
            }
            int g = firstKept(keep, target[k], n);
            if (target[k] <= k || g <= s || g >= n) continue;
            int e = g - 1;
            while (!keep[e]) e--;
            if (!(in.get(e) instanceof Instruction.Goto || in.get(e) instanceof Instruction.Exit)) continue;
            int first = s, last = e;
            if (regions.stream().anyMatch(r -> first <= r[1] && last > r[1])) continue;   // would straddle a moved block's end
            regions.add(new int[] {s, e});
            regionEnd[s] = e;
            keep[k] = false;
        }
        List<Integer> order = new ArrayList<>();
        Deque<int[]> pending = new ArrayDeque<>();
        pending.add(new int[] {0, n - 1});
        while (!pending.isEmpty()) {
            int[] region = pending.poll();
            for (int i = region[0]; i <= region[1]; i++) {
                if (i != region[0] && regionEnd[i] >= 0) {
                    pending.add(new int[] {i, regionEnd[i]});
                    i = regionEnd[i];
                } else if (keep[i]) {
                    order.add(i);
                }
            }
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Jumps to a goto go to its target instead, through chains of them (bounded: a goto cycle is
     * left alone).
     */
    private static void throughGotos(List<Instruction> in, int[] target, boolean[] keep, int n) {
        for (int i = 0; i < n; i++) {
            if (target[i] < 0 || !keep[i]) continue;
            int t = firstKept(keep, target[i], n);
            for (int hops = 0; hops < n && t < n && in.get(t) instanceof Instruction.Goto && firstKept(keep, target[t], n) != t; hops++) {
                t = firstKept(keep, target[t], n);
            }
            target[i] = t;
        }
    }

    /**
     * Drops the kept jumps whose target is the next kept instruction; backwards, so what follows
     * each jump is settled. True if any went.
     */
    private static boolean dropJumpsToNext(List<Instruction> in, int[] target, boolean[] keep, int n) {
        boolean dropped = false;
        for (int i = n - 1; i >= 0; i--) {
            boolean jump = in.get(i) instanceof Instruction.Goto || in.get(i) instanceof Instruction.Jump;
            if (keep[i] && jump && target[i] > i && firstKept(keep, target[i], n) == firstKept(keep, i + 1, n)) {
                keep[i] = false;
                dropped = true;
            }
        }
        return dropped;
    }

    /** The jump taken exactly when {@code op}'s is not, or null for {@code jset} (no instruction tests for clear bits). */
    static JumpOp negation(JumpOp op) {
        return switch (op) {
            case JEQ -> JumpOp.JNE;
            case JNE -> JumpOp.JEQ;
            case JGT -> JumpOp.JLE;
            case JLE -> JumpOp.JGT;
            case JGE -> JumpOp.JLT;
            case JLT -> JumpOp.JGE;
            case JSGT -> JumpOp.JSLE;
            case JSLE -> JumpOp.JSGT;
            case JSGE -> JumpOp.JSLT;
            case JSLT -> JumpOp.JSGE;
            case JSET -> null;
        };
    }

    /** The instruction at {@code slot} ({@code n} for the end). */
    private static int index(Code code, int slot) {
        return slot == code.slotCount() ? code.size() : code.instructionAt(slot);
    }

    /** Which kept instructions a kept jump goes to. */
    static boolean[] jumpTargets(int[] target, boolean[] keep) {
        int n = keep.length;
        boolean[] jumpedTo = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (keep[i] && target[i] >= 0) {
                int t = firstKept(keep, target[i], n);
                if (t < n) jumpedTo[t] = true;
            }
        }
        return jumpedTo;
    }

    /** The first kept instruction at or after {@code from}, or n. */
    static int firstKept(boolean[] keep, int from, int n) {
        int j = from;
        while (j < n && !keep[j]) j++;
        return j;
    }

    private static boolean[] reachable(List<Instruction> in, int[] target, int n) {
        boolean[] reached = new boolean[n];
        Deque<Integer> work = new ArrayDeque<>();
        if (n > 0) work.push(0);
        while (!work.isEmpty()) {
            int i = work.pop();
            if (i >= n || reached[i]) continue;
            reached[i] = true;
            Instruction insn = in.get(i);
            if (target[i] >= 0) work.push(target[i]);
            if (!(insn instanceof Instruction.Goto) && !(insn instanceof Instruction.Exit)) work.push(i + 1);
        }
        return reached;
    }

    private static Code rebuild(Code code, List<Instruction> in, int[] target, boolean[] keep, int[] order) {
        int n = in.size();
        int count = order.length;
        int[] position = new int[n + 1];   // output index; for a dropped instruction, the next kept one's
        for (int p = 0; p < count; p++) position[order[p]] = p;
        position[n] = count;
        for (int i = n - 1; i >= 0; i--) if (!keep[i]) position[i] = position[i + 1];
        int[] slot = new int[count + 1];
        for (int p = 0; p < count; p++) slot[p + 1] = slot[p] + in.get(order[p]).slots();
        List<Instruction> out = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            int i = order[p];
            Instruction insn = in.get(i);
            if (target[i] >= 0) {
                int offset = slot[position[target[i]]] - slot[p] - 1;
                insn = switch (insn) {
                    case Instruction.Jump j -> new Instruction.Jump(j.wide(), j.op(), j.dst(), j.src(), offset);
                    case Instruction.Goto g -> new Instruction.Goto(g.longOffset(), offset);
                    default -> insn;
                };
            }
            out.add(insn);
        }
        Map<String, Integer> labels = new LinkedHashMap<>();
        code.labels().forEach((name, index) -> labels.put(name, position[index]));
        List<Reference> references = new ArrayList<>();
        for (Reference r : code.references()) {
            if (keep[r.instructionIndex()]) {
                references.add(new Reference(position[r.instructionIndex()], r.symbol(), r.kind(), r.offset()));
            }
        }
        return new Code(out, labels, references, lines(code, keep, order, position));
    }

    /**
     * The line marks in the new order. A mark on a dropped instruction moves to the next kept one,
     * unless that has its own; a moved block starts with the mark in force where it was.
     */
    private static List<Code.LineMark> lines(Code code, boolean[] keep, int[] order, int[] position) {
        int n = keep.length;
        Code.LineMark[] own = new Code.LineMark[n];
        for (Code.LineMark mark : code.lines()) {
            int at = mark.instructionIndex();
            while (at < n && !keep[at]) at++;
            if (at < n) own[at] = mark;
        }
        Code.LineMark[] inForce = new Code.LineMark[n];
        Code.LineMark current = null;
        int previousKept = -1;
        int[] before = new int[n];   // the kept instruction before each kept one, in the old order
        for (int i = 0; i < n; i++) {
            if (!keep[i]) continue;
            if (own[i] != null) current = own[i];
            inForce[i] = current;
            before[i] = previousKept;
            previousKept = i;
        }
        List<Code.LineMark> lines = new ArrayList<>();
        for (int p = 0; p < order.length; p++) {
            int i = order[p];
            boolean moved = p > 0 && before[i] != order[p - 1];
            Code.LineMark mark = own[i] != null ? own[i] : moved ? inForce[i] : null;
            if (mark != null) lines.add(new Code.LineMark(position[i], mark.line()));
        }
        return lines;
    }
}
