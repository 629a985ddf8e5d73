package dev.ebpf4j.linking;

import dev.ebpf4j.asm.CallKind;
import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.PseudoSource;
import dev.ebpf4j.asm.Reference;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.DataSection;
import dev.ebpf4j.object.ProgramDefinition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Links the entry programs of an object, without any system call: each entry program gets the
 * transitive closure of the subprograms it calls appended after it, in first-call order, with
 * bpf-to-bpf calls and function pointers resolved to slot offsets, and its global references
 * resolved to a data section and an absolute offset. Map and global references stay symbolic for
 * the loader, which knows the file descriptors.
 *
 * <pre>{@code
 * LinkedProgram xdp = Linker.link(object, object.program("count_packets").orElseThrow());
 * xdp.functions();   // [Function[name=count_packets, instructionIndex=0], Function[name=bump, instructionIndex=9]]
 * }</pre>
 */
public final class Linker {
    private Linker() {}

    /** Links every entry program of {@code object}, in object order. */
    public static List<LinkedProgram> linkAll(BpfObject object) {
        return object.entryPrograms().stream().map(p -> link(object, p)).toList();
    }

    /**
     * Links one entry program.
     *
     * @throws LinkException naming the program and symbol for a call of something that is not a
     *     subprogram, a global that resolves nowhere, or a kfunc (not supported yet)
     */
    public static LinkedProgram link(BpfObject object, ProgramDefinition entry) {
        if (!entry.isEntry()) {
            throw new IllegalArgumentException(entry.name() + " is a subprogram, not an entry program");
        }
        Map<String, ProgramDefinition> byName = new LinkedHashMap<>();
        object.programs().forEach(p -> byName.put(p.name(), p));

        List<ProgramDefinition> order = new ArrayList<>();
        Map<String, Integer> startIndex = new LinkedHashMap<>();
        Deque<ProgramDefinition> pending = new ArrayDeque<>();
        pending.add(entry);
        int nextIndex = 0;
        startIndex.put(entry.name(), 0);
        while (!pending.isEmpty()) {
            ProgramDefinition function = pending.removeFirst();
            order.add(function);
            nextIndex += function.code().size();
            for (Reference r : function.code().references()) {
                switch (r.kind()) {
                    case KFUNC -> throw new LinkException("program " + entry.name() + ": " + where(function, r)
                            + " calls the kfunc " + r.symbol() + "; kfunc calls are not supported yet");
                    case FUNCTION, FUNCTION_POINTER -> {
                        if (startIndex.containsKey(r.symbol())) {
                            continue;
                        }
                        ProgramDefinition callee = byName.get(r.symbol());
                        if (callee == null) {
                            throw new LinkException("program " + entry.name() + ": " + where(function, r)
                                    + " calls " + r.symbol() + ", which the object does not define");
                        }
                        if (callee.isEntry()) {
                            throw new LinkException("program " + entry.name() + ": " + where(function, r) + " calls "
                                    + r.symbol() + ", an entry program in section " + callee.section()
                                    + "; only subprograms in " + ProgramDefinition.TEXT + " can be called");
                        }
                        startIndex.put(callee.name(), nextIndex + pendingSize(pending));
                        pending.addLast(callee);
                    }
                    default -> { }
                }
            }
        }

        List<Instruction> instructions = new ArrayList<>();
        List<Reference> references = new ArrayList<>();
        List<Code.LineMark> lines = new ArrayList<>();
        List<LinkedProgram.Function> functions = new ArrayList<>();
        Map<String, Integer> labels = new LinkedHashMap<>();
        for (ProgramDefinition function : order) {
            int base = instructions.size();
            if (base != startIndex.get(function.name())) {
                throw new IllegalStateException("placement of " + function.name() + " drifted");
            }
            functions.add(new LinkedProgram.Function(function.name(), base));
            labels.put(function.name(), base);
            instructions.addAll(function.code().instructions());
            for (Code.LineMark mark : function.code().lines()) {
                lines.add(new Code.LineMark(base + mark.instructionIndex(), mark.line()));
            }
        }
        int[] slotStarts = new int[instructions.size() + 1];
        for (int i = 0; i < instructions.size(); i++) {
            slotStarts[i + 1] = slotStarts[i] + instructions.get(i).slots();
        }
        for (ProgramDefinition function : order) {
            int base = startIndex.get(function.name());
            for (Reference r : function.code().references()) {
                int index = base + r.instructionIndex();
                switch (r.kind()) {
                    case FUNCTION, FUNCTION_POINTER -> {
                        int relative = slotStarts[startIndex.get(r.symbol())] - slotStarts[index] - 1;
                        instructions.set(index, r.kind() == Reference.Kind.FUNCTION
                                ? new Instruction.Call(CallKind.FUNCTION, relative, 0)
                                : new Instruction.LoadImm64(((Instruction.LoadImm64) instructions.get(index)).dst(), PseudoSource.FUNC, relative));
                    }
                    case MAP -> references.add(new Reference(index, r.symbol(), Reference.Kind.MAP, 0));
                    case GLOBAL -> {
                        Resolved global = resolveGlobal(object, entry, function, r);
                        Instruction.LoadImm64 placeholder = (Instruction.LoadImm64) instructions.get(index);
                        instructions.set(index, new Instruction.LoadImm64(placeholder.dst(), PseudoSource.MAP_VALUE,
                                (long) global.offset() << 32));
                        references.add(new Reference(index, global.section(), Reference.Kind.GLOBAL, global.offset()));
                    }
                    case KFUNC -> throw new IllegalStateException("kfunc survived the callee walk");
                }
            }
        }
        return new LinkedProgram(entry.name(), entry.kind(), new Code(instructions, labels, references, lines), functions);
    }

    private static int pendingSize(Deque<ProgramDefinition> pending) {
        int size = 0;
        for (ProgramDefinition p : pending) {
            size += p.code().size();
        }
        return size;
    }

    private record Resolved(String section, int offset) {}

    private static Resolved resolveGlobal(BpfObject object, ProgramDefinition entry, ProgramDefinition function, Reference r) {
        for (DataSection section : object.dataSections()) {
            if (section.name().equals(r.symbol())) {
                return within(entry, function, r, section, 0);
            }
        }
        for (DataSection section : object.dataSections()) {
            var variable = section.variable(r.symbol());
            if (variable.isPresent()) {
                return within(entry, function, r, section, variable.get().offset());
            }
        }
        throw new LinkException("program " + entry.name() + ": " + where(function, r) + " refers to the global "
                + r.symbol() + ", which is neither a data section nor a variable of the object");
    }

    private static Resolved within(ProgramDefinition entry, ProgramDefinition function, Reference r, DataSection section, int base) {
        long offset = (long) base + r.offset();
        if (offset >= Math.max(1, section.size())) {
            throw new LinkException("program " + entry.name() + ": " + where(function, r) + " points " + offset
                    + " bytes into " + section.name() + ", which has " + section.size());
        }
        return new Resolved(section.name(), (int) offset);
    }

    private static String where(ProgramDefinition function, Reference r) {
        return "instruction " + r.instructionIndex() + " of " + function.name();
    }
}
