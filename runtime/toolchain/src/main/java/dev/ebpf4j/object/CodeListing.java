package dev.ebpf4j.object;

import dev.ebpf4j.asm.CallKind;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.InstructionCodec;
import dev.ebpf4j.asm.SourceLine;
import dev.ebpf4j.binary.FormatException;
import dev.ebpf4j.btf.BtfExt;
import dev.ebpf4j.btf.BtfExtDecoder;
import dev.ebpf4j.elf.ElfFile;
import dev.ebpf4j.elf.Relocation;
import dev.ebpf4j.elf.RelocationType;
import dev.ebpf4j.elf.Section;
import dev.ebpf4j.elf.SectionType;
import dev.ebpf4j.elf.Symbol;
import dev.ebpf4j.elf.SymbolType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every executable section of an object as instructions, for reading rather than loading: unlike
 * {@link ObjectReader} it needs no function symbols (what {@code llvm-mc} writes for assembly
 * without {@code .type f,@function}), takes any symbol in a section as a label, and names what
 * each relocation and bpf-to-bpf call points at, as {@code llvm-objdump -dr} would.
 *
 * <pre>{@code
 * for (CodeListing.CodeSection section : CodeListing.of(ElfFile.read(bytes)).sections()) {
 *     for (CodeListing.Row row : section.rows()) {
 *         row.labels().forEach(label -> System.out.println(label.name() + ":"));
 *         System.out.println(row.offset() + ": " + Disassembler.formatAsObjdump(row.instruction()));
 *     }
 * }
 * }</pre>
 *
 * @param sections the executable sections with code, in section order
 */
public record CodeListing(List<CodeSection> sections) {
    private static final int SLOT = InstructionCodec.SLOT_BYTES;

    public CodeListing {
        sections = List.copyOf(sections);
    }

    /**
     * One executable section.
     *
     * @param name the section's name
     * @param kind the program kind libbpf gives the section's name, if it is a program section
     * @param rows every instruction of the section, in order
     */
    public record CodeSection(String name, Optional<ProgramKind> kind, List<Row> rows) {
        public CodeSection {
            rows = List.copyOf(rows);
        }
    }

    /**
     * A symbol naming the place where an instruction starts.
     *
     * @param name the symbol's name
     * @param function whether it is a function symbol ({@code STT_FUNC}); other types are plain labels
     * @param global whether it is visible outside the object
     */
    public record Label(String name, boolean function, boolean global) {}

    /**
     * One instruction.
     *
     * @param offset its byte offset in the section
     * @param slot its slot counted from the start of the function it is in (the section's start
     *     before any function), as the verifier counts instructions
     * @param instruction as decoded
     * @param labels the symbols at its offset, functions first
     * @param targets what its relocation or call points at ({@code map counts}, {@code call helper},
     *     {@code global .bss+8}, ...), or the symbol a jump goes to; empty when it points at nothing
     * @param line its source line from {@code .BTF.ext}, if the object has line info for it
     */
    public record Row(long offset, int slot, Instruction instruction, List<Label> labels, List<String> targets,
                      Optional<SourceLine> line) {
        public Row {
            labels = List.copyOf(labels);
            targets = List.copyOf(targets);
        }
    }

    /**
     * Lists every executable section of {@code elf} that holds code.
     *
     * @throws FormatException for code that does not decode, or line info that does not
     */
    public static CodeListing of(ElfFile elf) {
        BtfExt ext = lineInfo(elf);
        List<CodeSection> sections = new ArrayList<>();
        for (Section section : elf.sections()) {
            if (section.isExecutable() && section.type() == SectionType.PROGBITS && section.size() > 0) {
                sections.add(listing(elf, section, ext));
            }
        }
        return new CodeListing(sections);
    }

    private static BtfExt lineInfo(ElfFile elf) {
        Optional<Section> btf = elf.section(".BTF");
        Optional<Section> ext = elf.section(".BTF.ext");
        if (btf.isEmpty() || ext.isEmpty() || !btf.get().hasData() || !ext.get().hasData()) {
            return BtfExt.EMPTY;
        }
        return BtfExtDecoder.decode(ext.get().buffer(), ext.get().offset(), btf.get().buffer(), btf.get().offset());
    }

    private static CodeSection listing(ElfFile elf, Section section, BtfExt ext) {
        Map<Long, List<Label>> labels = new HashMap<>();
        elf.symbolsIn(section.index()).stream()
                .filter(s -> !s.isSectionSymbol() && !s.name().isEmpty())
                .sorted(Comparator.comparing((Symbol s) -> s.type() != SymbolType.FUNC))
                .forEach(s -> labels.computeIfAbsent(s.value(), _ -> new ArrayList<>())
                        .add(new Label(s.name(), s.type() == SymbolType.FUNC, !s.isLocal())));
        Map<Long, List<Relocation>> relocations = new HashMap<>();
        for (Relocation r : elf.relocationsFor(section.index())) {
            relocations.computeIfAbsent(r.offset(), _ -> new ArrayList<>()).add(r);
        }
        Map<Long, SourceLine> lines = new HashMap<>();
        for (BtfExt.Section<BtfExt.LineInfo> infos : ext.lineInfos()) {
            if (infos.name().equals(section.name())) {
                for (BtfExt.LineInfo info : infos.records()) {
                    if (info.line() != 0) {
                        lines.putIfAbsent(Integer.toUnsignedLong(info.insnOffset()),
                                new SourceLine(info.fileName(), info.line(), info.column(), info.lineText()));
                    }
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        long offset = 0;
        long functionStart = 0;
        for (Instruction instruction : InstructionCodec.decodeAll(section.reader())) {
            List<Label> here = labels.getOrDefault(offset, List.of());
            if (!here.isEmpty() && here.getFirst().function()) {
                functionStart = offset;
            }
            List<String> targets = new ArrayList<>();
            for (Relocation r : relocations.getOrDefault(offset, List.of())) {
                targets.add(target(elf, r, instruction));
            }
            if (targets.isEmpty() && instruction instanceof Instruction.Call(CallKind kind, int imm, int module)
                    && kind == CallKind.FUNCTION) {
                targets.add("call " + nameAt(elf, section, offset + ((long) imm + 1) * SLOT));
            }
            Long jump = switch (instruction) {
                case Instruction.Jump j -> offset + (j.offset() + 1L) * SLOT;
                case Instruction.Goto g -> offset + (g.offset() + 1L) * SLOT;
                default -> null;
            };
            if (jump != null && labels.containsKey(jump)) {
                // A jump to a symbol: named as llvm-objdump names it.
                targets.add(labels.get(jump).getFirst().name());
            }
            rows.add(new Row(offset, (int) ((offset - functionStart) / SLOT), instruction, here, targets,
                    Optional.ofNullable(lines.get(offset))));
            offset += (long) instruction.slots() * SLOT;
        }
        return new CodeSection(section.name(), SectionNames.lookup(section.name()), rows);
    }

    /** What a relocation on {@code instruction} points at, as the loader will resolve it. */
    private static String target(ElfFile elf, Relocation relocation, Instruction instruction) {
        Symbol symbol = elf.symbol(relocation.symbolIndex());
        String name = elf.displayName(symbol);
        boolean call = instruction instanceof Instruction.Call;
        if (symbol.isUndefined()) {
            return (call ? "kfunc " : "extern ") + name;
        }
        if (!symbol.isInSection()) {
            return relocation.typeName() + " " + name;
        }
        Section section = elf.section(symbol.sectionIndex());
        if (call && relocation.type() == RelocationType.R_BPF_64_32 && section.isExecutable()) {
            // libbpf's rule: the callee starts at the symbol's value plus (imm + 1) instructions.
            int imm = ((Instruction.Call) instruction).imm();
            return "call " + nameAt(elf, section, symbol.value() + ((long) imm + 1) * SLOT);
        }
        long addend = instruction instanceof Instruction.LoadImm64 load ? (int) load.imm() : 0;
        if (section.name().equals(BtfCompletion.MAPS)) {
            return "map " + (symbol.isSectionSymbol() ? nameAt(elf, section, symbol.value() + addend) : name);
        }
        if (DataSection.kindOf(section.name()) != null) {
            long at = symbol.isSectionSymbol() ? symbol.value() + addend : addend;
            return "global " + name + (at == 0 ? "" : "+" + at);
        }
        if (section.isExecutable()) {
            return "function " + nameAt(elf, section, symbol.value() + addend);
        }
        return relocation.typeName() + " " + name + (addend == 0 ? "" : "+" + addend);
    }

    /** The symbol at {@code offset} of {@code section}, functions first, else {@code section+offset}. */
    private static String nameAt(ElfFile elf, Section section, long offset) {
        return elf.symbolsIn(section.index()).stream()
                .filter(s -> !s.isSectionSymbol() && !s.name().isEmpty() && s.value() == offset)
                .min(Comparator.comparing((Symbol s) -> s.type() != SymbolType.FUNC))
                .map(Symbol::name)
                .orElse(section.name() + (offset == 0 ? "" : "+" + offset));
    }
}
