package dev.ebpf4j.object;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.InstructionCodec;
import dev.ebpf4j.asm.PseudoSource;
import dev.ebpf4j.asm.Reference;
import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfEncoder;
import dev.ebpf4j.btf.BtfExt;
import dev.ebpf4j.btf.BtfKind;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.btf.CIdentifiers;
import dev.ebpf4j.elf.ElfWriter;
import dev.ebpf4j.elf.RelocationType;
import dev.ebpf4j.elf.SectionFlags;
import dev.ebpf4j.elf.SectionIndex;
import dev.ebpf4j.elf.SectionType;
import dev.ebpf4j.elf.SymbolBinding;
import dev.ebpf4j.elf.SymbolType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link BpfObject} as the ELF object clang would emit and libbpf expects: each entry
 * program in its section as a global function with its size, subprograms in {@code .text} as
 * static functions, {@code .maps}, {@code .data}/{@code .rodata}/{@code .bss} with a symbol per
 * variable, {@code license}, relocations in {@code SHT_REL} sections (no relocations for
 * {@code .BTF} or {@code .BTF.ext}), {@code .BTF} and {@code .BTF.ext} with func and line info.
 * BTF the object lacks is synthesized first ({@link #complete}).
 *
 * <pre>{@code
 * byte[] elf = ObjectWriter.write(object);
 * Files.write(Path.of("counter.bpf.o"), elf);   // bpftool prog loadall counter.bpf.o /sys/fs/bpf/counter
 * }</pre>
 */
public final class ObjectWriter {
    private static final int SLOT = InstructionCodec.SLOT_BYTES;

    private ObjectWriter() {}

    /**
     * The object with every type libbpf and the kernel need in its BTF: a FUNC for each function
     * ({@code int name(void *ctx)} where missing), map structs and VARs in the {@code .maps}
     * DATASEC, a VAR for each global (an {@code unsigned char} array where the variable has no
     * type) and DATASECs with the sizes and offsets the writer uses; code labels, which the file
     * has no place for, are dropped. Idempotent; reading a written
     * object gives back the completed object.
     */
    public static BpfObject complete(BpfObject object) {
        return BtfCompletion.complete(object);
    }

    /** The ELF bytes of {@code object}; IllegalArgumentException if it cannot be written (e.g. a stale BTF id). */
    public static byte[] write(BpfObject object) {
        requireCIdentifiers(object);
        BpfObject o = complete(object);
        Btf btf = o.btf();
        ElfWriter w = new ElfWriter();

        // Code sections in order of first appearance, so a reader sees the programs in the same order
        // when the list keeps each section's functions together (clang's objects start with .text).
        Map<String, List<ProgramDefinition>> bySection = new LinkedHashMap<>();
        o.programs().forEach(p -> bySection.computeIfAbsent(p.section(), _ -> new ArrayList<>()).add(p));

        Map<String, ElfWriter.SymbolRef> functionSymbols = new HashMap<>();
        Map<String, ElfWriter.SectionRef> codeSections = new LinkedHashMap<>();
        // By identity: a program's hash covers all its instructions.
        Map<ProgramDefinition, Integer> starts = new java.util.IdentityHashMap<>();
        Map<String, ProgramDefinition> byName = new HashMap<>();
        Map<String, Integer> sectionSizes = new HashMap<>();
        for (var entry : bySection.entrySet()) {
            int size = 0;
            for (ProgramDefinition p : entry.getValue()) {
                starts.put(p, size);
                byName.put(p.name(), p);
                size += p.code().slotCount() * SLOT;
            }
            sectionSizes.put(entry.getKey(), size);
        }
        Map<String, ElfWriter.SymbolRef> codeSectionSymbols = new HashMap<>();
        for (var entry : bySection.entrySet()) {
            byte[] bytes = new byte[sectionSizes.get(entry.getKey())];
            for (ProgramDefinition p : entry.getValue()) {
                List<Instruction> file = fileForm(p.code());
                for (Reference r : p.code().references()) {
                    // A call of a static function is pc-relative within its section (no relocation) and
                    // relative to the callee's section start from another section, as clang writes it.
                    if (r.kind() == Reference.Kind.FUNCTION && byName.get(r.symbol()) instanceof ProgramDefinition callee
                            && !isGlobal(callee, btf)
                            && file.get(r.instructionIndex()) instanceof Instruction.Call(var kind, var imm, var module)) {
                        int slot = starts.get(p) / SLOT + p.code().slotOf(r.instructionIndex());
                        int target = starts.get(callee) / SLOT;
                        file.set(r.instructionIndex(), new Instruction.Call(kind,
                                callee.section().equals(p.section()) ? target - slot - 1 : target - 1, module));
                    }
                    // libbpf takes a function's address only from its section symbol, the byte offset in the immediate.
                    if (r.kind() == Reference.Kind.FUNCTION_POINTER
                            && file.get(r.instructionIndex()) instanceof Instruction.LoadImm64(var dst, var source, var imm)) {
                        file.set(r.instructionIndex(), new Instruction.LoadImm64(dst, source, starts.get(byName.get(r.symbol()))));
                    }
                }
                int at = starts.get(p);
                for (Instruction instruction : file) {
                    at += InstructionCodec.encode(instruction, bytes, at);
                }
            }
            ElfWriter.SectionRef section = w.addSection(entry.getKey(), SectionType.PROGBITS,
                    SectionFlags.ALLOC | SectionFlags.EXECINSTR, 8, 0, bytes);
            codeSections.put(entry.getKey(), section);
            codeSectionSymbols.put(entry.getKey(), w.addSectionSymbol(section));
        }
        for (var entry : bySection.entrySet()) {
            for (ProgramDefinition p : entry.getValue()) {
                boolean global = isGlobal(p, btf);
                functionSymbols.put(p.name(), w.addSymbol(p.name(), starts.get(p), (long) p.code().slotCount() * SLOT,
                        global ? SymbolBinding.GLOBAL : SymbolBinding.LOCAL, SymbolType.FUNC, 0,
                        codeSections.get(entry.getKey())));
            }
        }

        // Global data: a section symbol for references by section, a symbol per variable.
        Map<String, ElfWriter.SymbolRef> globalSymbols = new HashMap<>();
        for (DataSection data : o.dataSections()) {
            ElfWriter.SectionRef section = switch (data.kind()) {
                case BSS -> w.addNoBits(data.name(), SectionFlags.ALLOC | SectionFlags.WRITE, 8, data.size());
                case DATA -> w.addSection(data.name(), SectionType.PROGBITS, SectionFlags.ALLOC | SectionFlags.WRITE, 8, 0, data.contents());
                case RODATA -> w.addSection(data.name(), SectionType.PROGBITS, SectionFlags.ALLOC, 8, 0, data.contents());
            };
            globalSymbols.put(data.name(), w.addSectionSymbol(section));
            for (DataSection.Variable v : data.variables()) {
                globalSymbols.put(v.name(), w.addSymbol(v.name(), v.offset(), v.size(), SymbolBinding.GLOBAL, SymbolType.OBJECT, 0, section));
            }
        }

        // Maps: zeroed bytes laid out as the .maps DATASEC says.
        Map<String, ElfWriter.SymbolRef> mapSymbols = new HashMap<>();
        if (!o.maps().isEmpty()) {
            BtfType.Datasec maps = btf.type(btf.findId(BtfKind.DATASEC, BtfCompletion.MAPS).orElseThrow(), BtfType.Datasec.class);
            ElfWriter.SectionRef section = w.addSection(BtfCompletion.MAPS, SectionType.PROGBITS,
                    SectionFlags.ALLOC | SectionFlags.WRITE, 8, 0, new byte[(int) maps.size()]);
            for (BtfType.VarSecinfo info : maps.vars()) {
                String name = btf.type(info.type()).name();
                mapSymbols.put(name, w.addSymbol(name, info.offset(), info.size(), SymbolBinding.GLOBAL, SymbolType.OBJECT, 0, section));
            }
        }

        byte[] license = BtfCompletion.licenseBytes(o.license());
        if (license.length > 0) {
            ElfWriter.SectionRef section = w.addSection(BtfCompletion.LICENSE, SectionType.PROGBITS,
                    SectionFlags.ALLOC | SectionFlags.WRITE, 1, 0, license);
            w.addSymbol(licenseSymbol(btf), 0, license.length, SymbolBinding.GLOBAL, SymbolType.OBJECT, 0, section);
        }
        if (o.kernelVersion() != 0) {
            byte[] version = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(o.kernelVersion()).array();
            ElfWriter.SectionRef section = w.addSection("version", SectionType.PROGBITS,
                    SectionFlags.ALLOC | SectionFlags.WRITE, 4, 0, version);
            w.addSymbol("_version", 0, 4, SymbolBinding.GLOBAL, SymbolType.OBJECT, 0, section);
        }

        // Relocations, now that every symbol exists.
        Map<String, ElfWriter.SymbolRef> externs = new HashMap<>();
        for (var entry : bySection.entrySet()) {
            ElfWriter.SectionRef section = codeSections.get(entry.getKey());
            for (ProgramDefinition p : entry.getValue()) {
                for (Reference r : p.code().references()) {
                    long offset = starts.get(p) + (long) p.code().slotOf(r.instructionIndex()) * SLOT;
                    switch (r.kind()) {
                        case MAP -> w.addRelocation(section, offset, mapSymbols.get(r.symbol()), RelocationType.R_BPF_64_64);
                        case GLOBAL -> w.addRelocation(section, offset, globalSymbols.get(r.symbol()), RelocationType.R_BPF_64_64);
                        case FUNCTION_POINTER -> w.addRelocation(section, offset,
                                codeSectionSymbols.get(byName.get(r.symbol()).section()), RelocationType.R_BPF_64_64);
                        case FUNCTION -> {
                            ProgramDefinition callee = byName.get(r.symbol());
                            if (callee == null || isGlobal(callee, btf)) {
                                w.addRelocation(section, offset, functionSymbols.get(r.symbol()), RelocationType.R_BPF_64_32);
                            } else if (!callee.section().equals(p.section())) {
                                w.addRelocation(section, offset, codeSectionSymbols.get(callee.section()), RelocationType.R_BPF_64_32);
                            }
                        }
                        case KFUNC -> w.addRelocation(section, offset, externs.computeIfAbsent(r.symbol(),
                                name -> w.addSymbol(name, 0, 0, SymbolBinding.GLOBAL, SymbolType.NOTYPE, 0, SectionIndex.UNDEF)),
                                RelocationType.R_BPF_64_32);
                    }
                }
            }
        }

        BtfEncoder.Sections encoded = BtfEncoder.encode(btf, extInfo(btf, bySection, starts));
        w.addSection(".BTF", SectionType.PROGBITS, 0, 4, 0, encoded.btf());
        w.addSection(".BTF.ext", SectionType.PROGBITS, 0, 4, 0, encoded.btfExt());
        return w.toBytes();
    }

    /** An entry, or a subprogram of BTF linkage global (verified on its own by the kernel): a global symbol, called through it. */
    private static boolean isGlobal(ProgramDefinition p, Btf btf) {
        return p.isEntry() || btf.type(btf.findId(BtfKind.FUNC, p.name()).orElseThrow()) instanceof BtfType.Func f
                && f.linkage() == BtfType.FuncLinkage.GLOBAL;
    }

    /** BTF names must be C identifiers, or the kernel refuses the BTF; {@code CIdentifiers.mangle} makes them. */
    private static void requireCIdentifiers(BpfObject object) {
        java.util.List<String> names = new ArrayList<>();
        object.programs().forEach(p -> names.add(p.name()));
        object.maps().forEach(m -> names.add(m.name()));
        object.dataSections().forEach(d -> d.variables().forEach(v -> names.add(v.name())));
        for (String name : names) {
            if (!CIdentifiers.isValid(name)) {
                throw new IllegalArgumentException("\"" + name + "\" is not a C identifier, which BTF requires; use \""
                        + CIdentifiers.mangle(name) + "\" (CIdentifiers.mangle)");
            }
        }
    }

    private static String licenseSymbol(Btf btf) {
        var id = btf.findId(BtfKind.DATASEC, BtfCompletion.LICENSE);
        if (id.isPresent()) {
            for (BtfType.VarSecinfo info : btf.type(id.getAsInt(), BtfType.Datasec.class).vars()) {
                return btf.type(info.type()).name();
            }
        }
        return "_license";
    }

    /**
     * The instructions as they stand in the file: map and global loads become plain
     * {@code ld_imm64} with the global's offset in the immediate (a function pointer's offset is
     * patched in by the writer), calls keep -1 (libbpf reads the
     * callee from the relocation's symbol; the writer patches calls of static functions).
     */
    static List<Instruction> fileForm(Code code) {
        List<Instruction> out = new ArrayList<>(code.instructions());
        for (Reference r : code.references()) {
            if (out.get(r.instructionIndex()) instanceof Instruction.LoadImm64(var dst, var source, var imm)) {
                long value = r.kind() == Reference.Kind.GLOBAL ? Integer.toUnsignedLong(r.offset()) : 0;
                out.set(r.instructionIndex(), new Instruction.LoadImm64(dst, PseudoSource.IMM, value));
            } else if (out.get(r.instructionIndex()) instanceof Instruction.Call(var kind, var imm, var module)
                    && r.kind() == Reference.Kind.FUNCTION) {
                out.set(r.instructionIndex(), new Instruction.Call(kind, -1, module));
            }
        }
        return out;
    }

    private static BtfExt extInfo(Btf btf, Map<String, List<ProgramDefinition>> bySection, Map<ProgramDefinition, Integer> starts) {
        boolean anyLines = bySection.values().stream().flatMap(List::stream).anyMatch(p -> !p.code().lines().isEmpty());
        List<BtfExt.Section<BtfExt.FuncInfo>> funcs = new ArrayList<>();
        List<BtfExt.Section<BtfExt.LineInfo>> lines = new ArrayList<>();
        for (var entry : bySection.entrySet()) {
            List<BtfExt.FuncInfo> funcRecords = new ArrayList<>();
            List<BtfExt.LineInfo> lineRecords = new ArrayList<>();
            for (ProgramDefinition p : entry.getValue()) {
                int start = starts.get(p);
                funcRecords.add(new BtfExt.FuncInfo(start, btf.findId(BtfKind.FUNC, p.name()).orElseThrow()));
                if (!anyLines) {
                    continue;
                }
                List<Code.LineMark> marks = p.code().lines();
                // The kernel wants line info at every function's first instruction; line 0 says "unknown".
                if (marks.isEmpty() || marks.getFirst().instructionIndex() != 0) {
                    lineRecords.add(new BtfExt.LineInfo(start, "", "", 0, 0));
                }
                for (Code.LineMark mark : marks) {
                    lineRecords.add(new BtfExt.LineInfo(start + p.code().slotOf(mark.instructionIndex()) * SLOT,
                            mark.line().file(), mark.line().text(), Math.min(mark.line().line(), BtfExt.LineInfo.MAX_LINE),
                            Math.min(mark.line().column(), BtfExt.LineInfo.MAX_COLUMN)));
                }
            }
            funcs.add(new BtfExt.Section<>(entry.getKey(), funcRecords));
            if (!lineRecords.isEmpty()) {
                lines.add(new BtfExt.Section<>(entry.getKey(), lineRecords));
            }
        }
        return new BtfExt(funcs, lines, List.of());
    }
}
