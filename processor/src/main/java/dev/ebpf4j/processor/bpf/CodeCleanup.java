package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.Reference;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pass over a function's final instructions: jumps to an unconditional jump go to its target
 * instead, a {@code goto} to the next instruction goes, and instructions no path reaches go (the
 * verifier refuses unreachable code, so constant conditions need not be special-cased before).
 * Line marks, labels and map/function references move with their instructions.
 */
final class CodeCleanup {
    private CodeCleanup() {}

    static Code clean(Code code) {
        List<Instruction> in = code.instructions();
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
        // Thread jumps through chains of gotos (bounded: a goto cycle is left alone).
        for (int i = 0; i < n; i++) {
            if (target[i] < 0) continue;
            int t = target[i];
            for (int hops = 0; hops < n && t < n && in.get(t) instanceof Instruction.Goto && target[t] != t; hops++) t = target[t];
            target[i] = t;
        }
        // Backwards, so what follows each jump is settled: a jump to the next kept instruction goes.
        boolean[] reached = reachable(in, target, n);
        boolean[] keep = new boolean[n];
        for (int i = n - 1; i >= 0; i--) {
            boolean jump = in.get(i) instanceof Instruction.Goto || in.get(i) instanceof Instruction.Jump;
            keep[i] = reached[i] && !(jump && target[i] > i && firstKept(keep, target[i], n) == firstKept(keep, i + 1, n));
        }
        return rebuild(code, in, target, keep);
    }

    /** The instruction at {@code slot} ({@code n} for the end). */
    private static int index(Code code, int slot) {
        return slot == code.slotCount() ? code.size() : code.instructionAt(slot);
    }

    /** The first kept instruction at or after {@code from}, or n. */
    private static int firstKept(boolean[] keep, int from, int n) {
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

    private static Code rebuild(Code code, List<Instruction> in, int[] target, boolean[] keep) {
        int n = in.size();
        int[] newIndex = new int[n + 1];   // for a dropped instruction: the next kept one's index
        int count = 0;
        for (int i = 0; i < n; i++) {
            newIndex[i] = count;
            if (keep[i]) count++;
        }
        newIndex[n] = count;
        if (count == n) return code;
        int[] slot = new int[count + 1];
        List<Instruction> kept = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!keep[i]) continue;
            slot[kept.size() + 1] = slot[kept.size()] + in.get(i).slots();
            kept.add(in.get(i));
        }
        List<Instruction> out = new ArrayList<>(count);
        for (int i = 0, k = 0; i < n; i++) {
            if (!keep[i]) continue;
            Instruction insn = in.get(i);
            if (target[i] >= 0) {
                int offset = slot[newIndex[target[i]]] - slot[k] - 1;
                insn = switch (insn) {
                    case Instruction.Jump j -> new Instruction.Jump(j.wide(), j.op(), j.dst(), j.src(), offset);
                    case Instruction.Goto g -> new Instruction.Goto(g.longOffset(), offset);
                    default -> insn;
                };
            }
            out.add(insn);
            k++;
        }
        Map<String, Integer> labels = new LinkedHashMap<>();
        code.labels().forEach((name, index) -> labels.put(name, newIndex[index]));
        List<Reference> references = new ArrayList<>();
        for (Reference r : code.references()) {
            if (keep[r.instructionIndex()]) {
                references.add(new Reference(newIndex[r.instructionIndex()], r.symbol(), r.kind(), r.offset()));
            }
        }
        // A mark on a dropped instruction moves to the next kept one, unless that has its own.
        List<Code.LineMark> lines = new ArrayList<>();
        for (Code.LineMark mark : code.lines()) {
            int at = newIndex[mark.instructionIndex()];
            if (at >= count) continue;
            if (!lines.isEmpty() && lines.getLast().instructionIndex() == at) lines.removeLast();
            lines.add(new Code.LineMark(at, mark.line()));
        }
        return new Code(out, labels, references, lines);
    }
}
