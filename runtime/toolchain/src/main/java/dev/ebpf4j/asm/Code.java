package dev.ebpf4j.asm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable sequence of instructions with its labels, its symbolic references (maps, globals,
 * functions, kfuncs) and optional source lines: what {@link CodeBuilder} produces and the object
 * writer consumes.
 *
 * <p>Jumps are already resolved to slot offsets; references stay symbolic, with a placeholder
 * instruction of the right form at their index. Indexes count instructions; slots count 8-byte
 * units ({@code ld_imm64} takes two), and {@link #slotOf} and {@link #instructionAt} convert
 * between them, for relocation offsets ({@code slot * 8}) and line info.
 *
 * <pre>{@code
 * Code code = new CodeBuilder().ldMap(Register.R1, "counters").mov64(Register.R0, 0).exit().build();
 * code.references();   // [Reference[instructionIndex=0, symbol=counters, kind=MAP, offset=0]]
 * code.slotOf(1);      // 2: the ld_imm64 before it takes two slots
 * }</pre>
 */
public final class Code {
    /** The source line of the instructions from {@code instructionIndex} up to the next mark. */
    public record LineMark(int instructionIndex, SourceLine line) {
        public LineMark {
            Objects.requireNonNull(line, "line");
        }
    }

    private final List<Instruction> instructions;
    private final Map<String, Integer> labels;
    private final List<Reference> references;
    private final List<LineMark> lines;
    /** slotStarts[i] is the first slot of instruction i; slotStarts[size] is the slot count. */
    private final int[] slotStarts;

    /**
     * @param instructions the instructions in order
     * @param labels label name to the index of the instruction it marks (the size for the end)
     * @param references symbolic operands, each at an instruction of the matching placeholder form
     * @param lines source line marks in strictly increasing instruction order
     */
    public Code(List<Instruction> instructions, Map<String, Integer> labels, List<Reference> references, List<LineMark> lines) {
        this.instructions = List.copyOf(instructions);
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        this.references = List.copyOf(references);
        this.lines = List.copyOf(lines);
        int size = this.instructions.size();
        this.labels.forEach((name, index) -> {
            Objects.requireNonNull(name, "label name");
            if (index == null || index < 0 || index > size) {
                throw new IllegalArgumentException("label \"" + name + "\" marks instruction " + index + " of " + size);
            }
        });
        for (Reference reference : this.references) {
            if (reference.instructionIndex() >= size) {
                throw new IllegalArgumentException("reference to \"" + reference.symbol() + "\" at instruction "
                        + reference.instructionIndex() + " of " + size);
            }
            Instruction target = this.instructions.get(reference.instructionIndex());
            if (!reference.fits(target)) {
                throw new IllegalArgumentException(reference.kind() + " reference to \"" + reference.symbol() + "\" at instruction "
                        + reference.instructionIndex() + " does not fit " + target);
            }
        }
        int previous = -1;
        for (LineMark mark : this.lines) {
            if (mark.instructionIndex() <= previous || mark.instructionIndex() >= size) {
                throw new IllegalArgumentException("line mark at instruction " + mark.instructionIndex()
                        + " is out of order or outside the " + size + " instructions");
            }
            previous = mark.instructionIndex();
        }
        slotStarts = new int[size + 1];
        for (int i = 0; i < size; i++) {
            slotStarts[i + 1] = slotStarts[i] + this.instructions.get(i).slots();
        }
    }

    public List<Instruction> instructions() {
        return instructions;
    }

    /** Label name to the index of the instruction it marks, in definition order. */
    public Map<String, Integer> labels() {
        return labels;
    }

    public List<Reference> references() {
        return references;
    }

    /** Source line marks, each valid until the next one (BTF line info's shape). */
    public List<LineMark> lines() {
        return lines;
    }

    public int size() {
        return instructions.size();
    }

    /** The number of 8-byte slots, counting {@code ld_imm64} twice. */
    public int slotCount() {
        return slotStarts[instructions.size()];
    }

    /** The first slot of the instruction at {@code index}; {@code size()} gives {@link #slotCount()}. */
    public int slotOf(int index) {
        Objects.checkIndex(index, slotStarts.length);
        return slotStarts[index];
    }

    /** The index of the instruction that starts at {@code slot}; throws if the slot is the second half of an {@code ld_imm64}. */
    public int instructionAt(int slot) {
        Objects.checkIndex(slot, slotCount());
        int index = java.util.Arrays.binarySearch(slotStarts, 0, instructions.size(), slot);
        if (index < 0) {
            throw new IllegalArgumentException("slot " + slot + " is the second half of an ld_imm64");
        }
        return index;
    }

    /** The index of the instruction a label marks. */
    public int labelIndex(String label) {
        Integer index = labels.get(label);
        if (index == null) {
            throw new IllegalArgumentException("no label \"" + label + "\"");
        }
        return index;
    }

    /** The source line of the instruction at {@code index}: the last mark at or before it. */
    public Optional<SourceLine> lineOf(int index) {
        Objects.checkIndex(index, instructions.size());
        int low = 0;
        int high = lines.size() - 1;
        SourceLine found = null;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            LineMark mark = lines.get(middle);
            if (mark.instructionIndex() <= index) {
                found = mark.line();
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The references made by the instruction at {@code index} (none or one, as built). */
    public List<Reference> referencesAt(int index) {
        List<Reference> out = new ArrayList<>(1);
        for (Reference reference : references) {
            if (reference.instructionIndex() == index) {
                out.add(reference);
            }
        }
        return out;
    }

    /** The little-endian bytes of the instructions, placeholders included. */
    public byte[] encode() {
        return InstructionCodec.encode(instructions);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Code code
                && instructions.equals(code.instructions)
                && labels.equals(code.labels)
                && references.equals(code.references)
                && lines.equals(code.lines);
    }

    @Override
    public int hashCode() {
        return Objects.hash(instructions, labels, references, lines);
    }

    /** One instruction per line with its slot, preceded by its labels and followed by its references. */
    @Override
    public String toString() {
        Map<Integer, List<String>> labelsAt = new LinkedHashMap<>();
        labels.forEach((name, index) -> labelsAt.computeIfAbsent(index, i -> new ArrayList<>()).add(name));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i <= instructions.size(); i++) {
            for (String name : labelsAt.getOrDefault(i, List.of())) {
                out.append(name).append(":\n");
            }
            if (i == instructions.size()) {
                break;
            }
            out.append("%5d: %s".formatted(slotStarts[i], instructions.get(i)));
            for (Reference reference : referencesAt(i)) {
                out.append("  ; ").append(reference.kind()).append(' ').append(reference.symbol());
                if (reference.offset() != 0) {
                    out.append(" + ").append(reference.offset());
                }
            }
            out.append('\n');
        }
        return out.toString();
    }
}
