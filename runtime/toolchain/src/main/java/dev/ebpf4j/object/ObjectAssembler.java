package dev.ebpf4j.object;

import dev.ebpf4j.asm.Assembly;
import dev.ebpf4j.asm.CallKind;
import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.PseudoSource;
import dev.ebpf4j.asm.Reference;
import dev.ebpf4j.btf.Btf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns assembled text into an object: every section but {@code .text} holds entry programs, and
 * {@code .text} holds subprograms. A function starts at a {@code .globl} or
 * {@code .type name,@function} label (or, for a section's first function, at any named label on
 * its first instruction) and runs to the next function or the section's end. Calls and function
 * pointers between functions become symbolic references, as in an object clang writes.
 *
 * <pre>{@code
 * BpfObject object = ObjectAssembler.toObject(Assembler.assemble(text), "GPL");
 * byte[] elf = ObjectWriter.write(object);
 * }</pre>
 */
public final class ObjectAssembler {
    private ObjectAssembler() {}

    /**
     * The object of {@code assembly}'s programs.
     *
     * @throws IllegalArgumentException naming the section and function when the text cannot be an
     *     object: a program section without a function name, a jump out of its function, a
     *     reference to a symbol nothing defines
     */
    public static BpfObject toObject(Assembly assembly, String license) {
        Map<String, FunctionStart> functions = new LinkedHashMap<>();
        for (Assembly.Section section : assembly.sections()) {
            if (!section.instructions().isEmpty()) {
                for (FunctionStart start : starts(section)) {
                    if (functions.putIfAbsent(start.name(), start) != null) {
                        throw new IllegalArgumentException("function " + start.name() + " is defined twice");
                    }
                }
            }
        }
        List<ProgramDefinition> programs = new ArrayList<>();
        for (Assembly.Section section : assembly.sections()) {
            if (section.instructions().isEmpty()) {
                continue;
            }
            List<FunctionStart> starts = starts(section);
            for (int i = 0; i < starts.size(); i++) {
                int endSlot = i + 1 < starts.size() ? starts.get(i + 1).slot() : section.slots();
                programs.add(function(section, starts.get(i), endSlot, functions));
            }
        }
        return new BpfObject(license, 0, programs, List.of(), List.of(), Btf.builder().build());
    }

    private record FunctionStart(String section, String name, int slot) {}

    private static List<FunctionStart> starts(Assembly.Section section) {
        TreeMap<Integer, String> bySlot = new TreeMap<>();
        for (Assembly.Symbol symbol : section.symbols()) {
            if (!symbol.isTemporary() && (symbol.global() || symbol.function())) {
                bySlot.putIfAbsent(symbol.slot(), symbol.name());
            }
        }
        if (!bySlot.containsKey(0)) {
            section.symbols().stream()
                    .filter(s -> s.slot() == 0 && !s.isTemporary())
                    .findFirst()
                    .ifPresent(s -> bySlot.put(0, s.name()));
        }
        if (!bySlot.containsKey(0)) {
            throw new IllegalArgumentException("section " + section.name() + ": its first instruction has no function name;"
                    + " start it with a label such as `my_prog:` (and `.globl my_prog`)");
        }
        List<FunctionStart> starts = new ArrayList<>();
        bySlot.forEach((slot, name) -> {
            if (slot < section.slots()) {
                starts.add(new FunctionStart(section.name(), name, slot));
            }
        });
        return starts;
    }

    private static ProgramDefinition function(Assembly.Section section, FunctionStart start, int endSlot,
                                              Map<String, FunctionStart> functions) {
        List<Instruction> all = section.instructions();
        int[] slotOfIndex = new int[all.size() + 1];
        Map<Integer, Integer> indexOfSlot = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            indexOfSlot.put(slotOfIndex[i], i);
            slotOfIndex[i + 1] = slotOfIndex[i] + all.get(i).slots();
        }
        indexOfSlot.put(slotOfIndex[all.size()], all.size());
        int first = indexOfSlot.get(start.slot());
        int end = indexOfSlot.get(endSlot);
        String where = "section " + section.name() + ", function " + start.name();

        Map<Integer, Assembly.Reference> referenceAt = new HashMap<>();
        section.references().forEach(r -> referenceAt.put(r.index(), r));

        List<Instruction> instructions = new ArrayList<>();
        List<Reference> references = new ArrayList<>();
        for (int i = first; i < end; i++) {
            Instruction instruction = all.get(i);
            int at = i - first;
            int nextSlot = slotOfIndex[i + 1];
            Assembly.Reference symbolic = referenceAt.get(i);
            if (symbolic != null) {
                instruction = reference(symbolic.symbol(), instruction, at, references, functions, where);
            } else if (instruction instanceof Instruction.Call(CallKind kind, int imm, int module) && kind == CallKind.FUNCTION) {
                int target = nextSlot + imm;
                if (target < start.slot() || target >= endSlot) {
                    FunctionStart callee = functions.values().stream()
                            .filter(f -> f.section().equals(section.name()) && f.slot() == target)
                            .findFirst()
                            .orElseThrow(() -> new IllegalArgumentException(where + ": call at instruction " + at
                                    + " lands inside another function, not at its start"));
                    instruction = new Instruction.Call(CallKind.FUNCTION, -1, 0);
                    references.add(new Reference(at, callee.name(), Reference.Kind.FUNCTION, 0));
                }
            } else {
                int target = switch (instruction) {
                    case Instruction.Jump jump -> nextSlot + jump.offset();
                    case Instruction.Goto jump -> nextSlot + jump.offset();
                    default -> start.slot();
                };
                if (target < start.slot() || target > endSlot) {
                    throw new IllegalArgumentException(where + ": the jump at instruction " + at + " leaves the function");
                }
            }
            instructions.add(instruction);
        }

        Map<String, Integer> labels = new LinkedHashMap<>();
        for (Assembly.Symbol symbol : section.symbols()) {
            if (symbol.slot() > start.slot() && symbol.slot() < endSlot && !functions.containsKey(symbol.name())) {
                labels.put(symbol.name(), indexOfSlot.get(symbol.slot()) - first);
            }
        }
        Code code = new Code(instructions, labels, references, List.of());
        return section.name().equals(ProgramDefinition.TEXT)
                ? ProgramDefinition.subprogram(start.name(), code)
                : ProgramDefinition.entry(start.name(), section.name(), code);
    }

    private static Instruction reference(String symbol, Instruction instruction, int at, List<Reference> references,
                                         Map<String, FunctionStart> functions, String where) {
        if (!functions.containsKey(symbol)) {
            throw new IllegalArgumentException(where + ": instruction " + at + " refers to " + symbol
                    + ", which is not a function of this file (maps and data have no assembler directives yet)");
        }
        if (instruction instanceof Instruction.LoadImm64 load) {
            references.add(new Reference(at, symbol, Reference.Kind.FUNCTION_POINTER, 0));
            return new Instruction.LoadImm64(load.dst(), PseudoSource.FUNC, 0);
        }
        references.add(new Reference(at, symbol, Reference.Kind.FUNCTION, 0));
        return instruction;
    }
}
