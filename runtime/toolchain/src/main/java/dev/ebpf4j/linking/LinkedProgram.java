package dev.ebpf4j.linking;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.Reference;
import dev.ebpf4j.asm.SourceLine;
import dev.ebpf4j.object.ProgramKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An entry program with its callees appended, as {@link Linker} leaves it: calls and function
 * pointers are resolved to slot offsets, and the only references left are the ones that need the
 * kernel, {@link Reference.Kind#MAP} by map name and {@link Reference.Kind#GLOBAL} by data
 * section name with the absolute byte offset into the section.
 *
 * @param name the entry program's name
 * @param kind its program and expected attach type
 * @param code the linked instructions; its labels are the function names at their first instruction
 * @param functions where each function starts, the entry first
 */
public record LinkedProgram(String name, ProgramKind kind, Code code, List<Function> functions) {
    /** A function placed in the linked code. */
    public record Function(String name, int instructionIndex) {
        public Function {
            Objects.requireNonNull(name, "name");
        }
    }

    public LinkedProgram {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(code, "code");
        functions = List.copyOf(functions);
        for (Reference r : code.references()) {
            if (r.kind() != Reference.Kind.MAP && r.kind() != Reference.Kind.GLOBAL) {
                throw new IllegalArgumentException("linked program " + name + " still has a " + r.kind() + " reference to " + r.symbol());
            }
        }
    }

    /** The first slot of the function {@code function}. */
    public int slotOf(Function function) {
        return code.slotOf(function.instructionIndex());
    }

    /**
     * The source position of the instruction starting at {@code slot} (the numbering the verifier
     * uses), as {@code File.java:42}; empty when the slot has no line mark or is not an instruction start.
     */
    public Optional<String> sourceAt(int slot) {
        if (slot < 0 || slot >= code.slotCount()) {
            return Optional.empty();
        }
        int index;
        try {
            index = code.instructionAt(slot);
        } catch (IllegalArgumentException secondHalf) {
            index = code.instructionAt(slot - 1);
        }
        return code.lineOf(index).map(LinkedProgram::format);
    }

    private static String format(SourceLine line) {
        return line.file() + ":" + line.line();
    }
}
