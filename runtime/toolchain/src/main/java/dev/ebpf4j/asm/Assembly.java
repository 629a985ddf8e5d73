package dev.ebpf4j.asm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of assembling text: the instructions of each section in the order the sections first
 * appear, with the labels defined in them and the symbolic references still to be relocated.
 *
 * <pre>{@code
 * Assembly assembly = Assembler.assemble("""
 *         .section xdp
 *         .globl prog
 *     prog:
 *         r1 = counters ll
 *         call 1
 *         exit
 *     """);
 * Assembly.Section xdp = assembly.section("xdp").orElseThrow();
 * xdp.symbols();    // [Symbol[name=prog, slot=0, global=true, function=false]]
 * xdp.references(); // [Reference[index=0, slot=0, symbol=counters]]
 * }</pre>
 */
public record Assembly(List<Section> sections) {

    public Assembly {
        sections = List.copyOf(sections);
    }

    /** The section of this name, if the text had one. */
    public Optional<Section> section(String name) {
        return sections.stream().filter(section -> section.name().equals(name)).findFirst();
    }

    /**
     * One section's instructions. Jumps and calls to local labels of the same section are already
     * resolved to offsets; {@code references} lists the rest.
     */
    public record Section(String name, List<Instruction> instructions, List<Symbol> symbols, List<Reference> references) {
        public Section {
            Objects.requireNonNull(name, "name");
            instructions = List.copyOf(instructions);
            symbols = List.copyOf(symbols);
            references = List.copyOf(references);
        }

        /** The number of 8-byte slots the instructions occupy. */
        public int slots() {
            return instructions.stream().mapToInt(Instruction::slots).sum();
        }
    }

    /**
     * A label defined in a section, at a slot (its byte offset is {@code 8 * slot}). {@code global}
     * if named by {@code .globl}; {@code function} if {@code .type name,@function} declared it.
     * Labels starting with {@code .L} are assembler-local: an object writer leaves them out of its
     * symbol table, as llvm-mc does.
     */
    public record Symbol(String name, int slot, boolean global, boolean function) {
        public Symbol {
            Objects.requireNonNull(name, "name");
        }

        public boolean isTemporary() {
            return name.startsWith(".L");
        }
    }

    /**
     * A symbolic reference of the instruction at {@code index} (at {@code slot}): {@code call name}
     * (a {@link Instruction.Call} of kind {@link CallKind#FUNCTION} with immediate -1, as llvm-mc
     * leaves it for its relocation) or {@code rN = name ll} (a {@link Instruction.LoadImm64} of
     * immediate 0). A call is a reference when its target is global, in another section or not
     * defined at all.
     */
    public record Reference(int index, int slot, String symbol) {
        public Reference {
            Objects.requireNonNull(symbol, "symbol");
        }
    }
}
