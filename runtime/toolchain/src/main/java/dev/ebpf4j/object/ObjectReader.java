package dev.ebpf4j.object;

import dev.ebpf4j.asm.CallKind;
import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.InstructionCodec;
import dev.ebpf4j.asm.PseudoSource;
import dev.ebpf4j.asm.Reference;
import dev.ebpf4j.asm.SourceLine;
import dev.ebpf4j.binary.FormatException;
import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfDecoder;
import dev.ebpf4j.btf.BtfException;
import dev.ebpf4j.btf.BtfExt;
import dev.ebpf4j.btf.BtfExtDecoder;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.elf.ElfFile;
import dev.ebpf4j.elf.Relocation;
import dev.ebpf4j.elf.RelocationType;
import dev.ebpf4j.elf.Section;
import dev.ebpf4j.elf.SectionType;
import dev.ebpf4j.elf.Symbol;
import dev.ebpf4j.elf.SymbolType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a BPF ELF object, clang's or ours, into a {@link BpfObject}: programs from the global
 * functions of program sections, subprograms from {@code .text}, relocations and in-section calls
 * turned into symbolic references, maps from the {@code .maps} BTF, globals from their sections,
 * symbols and DATASECs, line info from {@code .BTF.ext}. The object's BTF is kept whole, with the
 * DATASEC sizes and offsets clang leaves at zero filled in from the ELF sections and symbols, as
 * libbpf does before loading.
 *
 * <pre>{@code
 * BpfObject object = ObjectReader.read(Path.of("counter.bpf.o"));
 * for (ProgramDefinition p : object.entryPrograms()) {
 *     System.out.println(p.name() + " in " + p.section() + ": " + p.kind().type());
 * }
 * }</pre>
 */
public final class ObjectReader {
    private static final int SLOT = InstructionCodec.SLOT_BYTES;

    /** One function as found in a code section, before its references are made symbolic. */
    private static final class Function {
        final String name;
        final Section section;
        final Symbol symbol;
        final int start;
        final int end;
        final List<Instruction> instructions;
        final int[] slotStarts;
        final List<Reference> references = new ArrayList<>();

        Function(String name, Section section, Symbol symbol, int start, int end, List<Instruction> instructions) {
            this.name = name;
            this.section = section;
            this.symbol = symbol;
            this.start = start;
            this.end = end;
            this.instructions = new ArrayList<>(instructions);
            slotStarts = new int[instructions.size() + 1];
            for (int i = 0; i < instructions.size(); i++) {
                slotStarts[i + 1] = slotStarts[i] + instructions.get(i).slots();
            }
        }

        /** The index of the instruction at byte {@code offset} of the section, or -1 inside an ld_imm64. */
        int indexAt(long offset) {
            int index = java.util.Arrays.binarySearch(slotStarts, 0, instructions.size(), (int) ((offset - start) / SLOT));
            return index < 0 ? -1 : index;
        }
    }

    private final ElfFile elf;
    private Btf btf;
    private BtfExt ext = BtfExt.EMPTY;
    private final List<Function> functions = new ArrayList<>();
    /** Functions of each code section by start offset. */
    private final Map<Integer, TreeMap<Integer, Function>> functionsBySection = new HashMap<>();
    private final Map<String, DataSection> dataSections = new java.util.LinkedHashMap<>();
    /** Where the part being read starts, for errors the model's checks raise. */
    private long where;

    private ObjectReader(ElfFile elf) {
        this.elf = elf;
    }

    /**
     * Reads an object from its bytes.
     *
     * @throws FormatException naming the file offset and the problem for a malformed or unsupported object
     */
    public static BpfObject read(byte[] bytes) {
        ObjectReader reader = new ObjectReader(ElfFile.read(bytes));
        try {
            return reader.read();
        } catch (IllegalArgumentException | BtfException | IllegalStateException | ArithmeticException e) {
            throw new FormatException(reader.where, e.getMessage(), e);
        }
    }

    /** Reads the object at {@code path}. */
    public static BpfObject read(Path path) throws IOException {
        return read(Files.readAllBytes(path));
    }

    private BpfObject read() {
        readBtf();
        if (elf.section("maps").filter(s -> s.size() > 0).isPresent()) {
            Section legacy = elf.section("maps").get();
            throw new FormatException(headerOffset(legacy), "section maps holds legacy map definitions, which libbpf 1.x"
                    + " rejects; declare maps in .maps with BTF (__uint/__type)");
        }
        for (Section section : elf.sections()) {
            if (section.isExecutable() && section.type() == SectionType.PROGBITS) {
                readFunctions(section);
            }
        }
        for (Section section : elf.sections()) {
            if (DataSection.kindOf(section.name()) != null
                    && (section.type() == SectionType.PROGBITS || section.type() == SectionType.NOBITS)) {
                readDataSection(section);
            }
        }
        Map<Integer, java.util.Set<Long>> relocated = new HashMap<>();
        for (Function function : functions) {
            where = function.section.offset() + function.start;
            readCalls(function, relocated.computeIfAbsent(function.section.index(), index -> {
                java.util.Set<Long> offsets = new java.util.HashSet<>();
                elf.relocationsFor(index).forEach(r -> offsets.add(r.offset()));
                return offsets;
            }));
        }
        for (Section section : elf.sections()) {
            if (functionsBySection.containsKey(section.index())) {
                for (Relocation relocation : elf.relocationsFor(section.index())) {
                    readRelocation(section, relocation);
                }
            }
        }
        elf.section(BtfCompletion.MAPS).ifPresent(maps -> {
            List<Relocation> relocations = elf.relocationsFor(maps.index());
            if (!relocations.isEmpty()) {
                // They fill prog arrays and maps of maps at load time; dropping them would load empty ones.
                throw new FormatException(maps.offset() + Math.min(relocations.getFirst().offset(), maps.size()),
                        ".maps has " + relocations.size() + " relocations (initial values of a map, such as .values = { ... }),"
                                + " which this reader does not support yet");
            }
        });
        List<MapDefinition> maps = readMaps();
        List<ProgramDefinition> programs = new ArrayList<>();
        for (Function function : functions) {
            where = function.section.offset() + function.start;
            programs.add(program(function));
        }
        where = 0;
        return new BpfObject(readLicense(), readVersion(), programs, maps, List.copyOf(dataSections.values()), btf);
    }

    private static long headerOffset(Section section) {
        return section.offset();
    }

    private void readBtf() {
        var btfSection = elf.section(".BTF");
        if (btfSection.isEmpty()) {
            btf = Btf.builder().build();
            return;
        }
        Section section = btfSection.get();
        where = section.offset();
        Btf decoded = BtfDecoder.decode(section.buffer(), section.offset());
        var extSection = elf.section(".BTF.ext");
        if (extSection.isPresent()) {
            ext = BtfExtDecoder.decode(extSection.get().buffer(), extSection.get().offset(), section.buffer(), section.offset());
        }
        btf = withDatasecLayout(decoded);
        for (BtfExt.Section<BtfExt.CoreRelo> relos : ext.coreRelos()) {
            if (!relos.records().isEmpty()) {
                // Dropping them would load code with the compiling machine's field offsets: refuse instead.
                throw new FormatException(extSection.get().offset(), "section " + relos.name() + " has "
                        + relos.records().size() + " CO-RE relocations, which this reader does not support yet");
            }
        }
    }

    /** Fills in DATASEC sizes and variable offsets from the ELF sections and symbols, as libbpf does. */
    private Btf withDatasecLayout(Btf decoded) {
        Btf.Builder b = decoded.toBuilder();
        boolean changed = false;
        for (int id = 1; id <= decoded.typeCount(); id++) {
            if (!(decoded.type(id) instanceof BtfType.Datasec datasec)) {
                continue;
            }
            var section = elf.section(datasec.name());
            if (section.isEmpty()) {
                continue;
            }
            Map<String, Long> offsets = new HashMap<>();
            for (Symbol symbol : elf.symbolsIn(section.get().index())) {
                if (!symbol.name().isEmpty() && !symbol.isSectionSymbol()) {
                    offsets.putIfAbsent(symbol.name(), symbol.value());
                }
            }
            List<BtfType.VarSecinfo> vars = new ArrayList<>();
            for (BtfType.VarSecinfo info : datasec.vars()) {
                String name = info.type() == 0 ? "" : decoded.type(info.type()).name();
                long offset = offsets.getOrDefault(name, info.offset());
                vars.add(new BtfType.VarSecinfo(info.type(), offset, info.size()));
            }
            vars.sort(Comparator.comparingLong(BtfType.VarSecinfo::offset));
            BtfType.Datasec fixed = new BtfType.Datasec(datasec.name(), section.get().size(), vars);
            if (!fixed.equals(datasec)) {
                b.set(id, fixed);
                changed = true;
            }
        }
        return changed ? b.build() : decoded;
    }

    private void readFunctions(Section section) {
        where = section.offset();
        List<Symbol> symbols = new ArrayList<>();
        for (Symbol symbol : elf.symbolsIn(section.index())) {
            if (symbol.type() == SymbolType.FUNC) {
                symbols.add(symbol);
            }
        }
        if (symbols.isEmpty()) {
            if (section.size() > 0) {
                throw new FormatException(section.offset(), "section " + section.name() + " holds code but no function symbol");
            }
            return;
        }
        symbols.sort(Comparator.comparingLong(Symbol::value));
        boolean text = section.name().equals(ProgramDefinition.TEXT);
        if (!text && SectionNames.lookup(section.name()).isEmpty()) {
            throw new FormatException(section.offset(), "section " + section.name()
                    + " is not a program section libbpf knows (such as xdp, tc, socket, kprobe/<function>)");
        }
        TreeMap<Integer, Function> byStart = new TreeMap<>();
        for (int i = 0; i < symbols.size(); i++) {
            Symbol symbol = symbols.get(i);
            long start = symbol.value();
            long end = symbol.size() != 0 ? start + symbol.size()
                    : i + 1 < symbols.size() ? symbols.get(i + 1).value() : section.size();
            String what = "function " + symbol.name() + " in section " + section.name();
            if (symbol.name().isEmpty()) {
                throw new FormatException(section.offset(), "an unnamed function symbol in section " + section.name());
            }
            if (start % SLOT != 0 || end % SLOT != 0 || start < 0 || end <= start || end > section.size()) {
                throw new FormatException(section.offset() + Math.max(0, Math.min(start, section.size())), what + " spans bytes "
                        + start + " to " + end + ", not whole instructions within the section's " + section.size() + " bytes");
            }
            if (!byStart.isEmpty() && byStart.lastEntry().getValue().end > start) {
                throw new FormatException(section.offset() + start, what + " overlaps function " + byStart.lastEntry().getValue().name);
            }
            if (!text && symbol.isLocal()) {
                throw new FormatException(section.offset() + start, what + " is static: subprograms belong in .text,"
                        + " entry programs are global");
            }
            List<Instruction> instructions = InstructionCodec.decodeAll(section.reader().slice(start, end - start, what));
            Function function = new Function(symbol.name(), section, symbol, (int) start, (int) end, instructions);
            byStart.put((int) start, function);
            functions.add(function);
        }
        functionsBySection.put(section.index(), byStart);
    }

    private void readDataSection(Section section) {
        where = section.offset();
        if (section.size() > Integer.MAX_VALUE) {
            throw new FormatException(section.offset(), "data section " + section.name() + " of " + section.size() + " bytes is too large");
        }
        Map<String, Integer> types = new HashMap<>();
        var datasecId = btf.findId(dev.ebpf4j.btf.BtfKind.DATASEC, section.name());
        if (datasecId.isPresent()) {
            for (BtfType.VarSecinfo info : btf.type(datasecId.getAsInt(), BtfType.Datasec.class).vars()) {
                if (info.type() != 0 && btf.type(info.type()) instanceof BtfType.Var var) {
                    types.putIfAbsent(var.name(), var.type());
                }
            }
        }
        List<DataSection.Variable> variables = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Symbol symbol : elf.symbolsIn(section.index())) {
            if (symbol.type() == SymbolType.OBJECT && !symbol.name().isEmpty() && !symbol.name().startsWith(".L")
                    && seen.add(symbol.name())) {
                if (symbol.value() + symbol.size() > section.size() || symbol.value() < 0 || symbol.size() < 0) {
                    throw new FormatException(section.offset(), "variable " + symbol.name() + " at " + symbol.value() + " of "
                            + symbol.size() + " bytes reaches past the " + section.size() + " bytes of " + section.name());
                }
                variables.add(new DataSection.Variable(symbol.name(), (int) symbol.value(), (int) symbol.size(),
                        types.getOrDefault(symbol.name(), 0)));
            }
        }
        variables.sort(Comparator.comparingInt(DataSection.Variable::offset).thenComparing(DataSection.Variable::name));
        byte[] contents = section.type() == SectionType.NOBITS ? new byte[0] : section.data();
        dataSections.put(section.name(), new DataSection(section.name(), (int) section.size(), contents, variables));
    }

    /** Calls within a section that carry no relocation: the offset names the callee. */
    private void readCalls(Function function, java.util.Set<Long> relocated) {
        for (int i = 0; i < function.instructions.size(); i++) {
            if (function.instructions.get(i) instanceof Instruction.Call(CallKind kind, int imm, int module) && kind == CallKind.FUNCTION) {
                long offset = function.start + (long) function.slotStarts[i] * SLOT;
                if (relocated.contains(offset)) {
                    continue;
                }
                long target = offset + ((long) imm + 1) * SLOT;
                Function callee = functionAt(function.section, target, function.section.offset() + offset);
                function.references.add(new Reference(i, callee.name, Reference.Kind.FUNCTION, 0));
                function.instructions.set(i, new Instruction.Call(CallKind.FUNCTION, -1, 0));
            }
        }
    }

    private Function functionAt(Section section, long offset, long errorOffset) {
        TreeMap<Integer, Function> byStart = functionsBySection.get(section.index());
        Function callee = byStart == null || offset < 0 || offset > Integer.MAX_VALUE ? null : byStart.get((int) offset);
        if (callee == null) {
            throw new FormatException(errorOffset, "the call or function address targets byte " + offset + " of section "
                    + section.name() + ", where no function starts");
        }
        return callee;
    }

    private void readRelocation(Section section, Relocation relocation) {
        long at = section.offset() + relocation.offset();
        where = at;
        String place = "relocation at offset 0x" + Long.toHexString(relocation.offset()) + " in section " + section.name();
        var containing = functionsBySection.get(section.index()).floorEntry((int) Math.min(relocation.offset(), Integer.MAX_VALUE));
        Function function = containing == null ? null : containing.getValue();
        if (relocation.offset() % SLOT != 0 || function == null || relocation.offset() >= function.end) {
            throw new FormatException(at, place + " does not point at an instruction of a function");
        }
        int index = function.indexAt(relocation.offset());
        if (index < 0) {
            throw new FormatException(at, place + " points into the second half of an ld_imm64");
        }
        if (relocation.symbolIndex() >= elf.symbols().size()) {
            throw new FormatException(at, place + " points to symbol " + relocation.symbolIndex() + " which does not exist");
        }
        Symbol symbol = elf.symbol(relocation.symbolIndex());
        Instruction instruction = function.instructions.get(index);
        String target = elf.displayName(symbol);
        switch (relocation.type()) {
            case RelocationType.R_BPF_64_64 -> {
                if (!(instruction instanceof Instruction.LoadImm64(var dst, var source, long imm))) {
                    throw new FormatException(at, place + " (R_BPF_64_64 against " + target + ") is not on an ld_imm64");
                }
                if (symbol.isUndefined() || !symbol.isInSection()) {
                    throw new FormatException(at, place + " refers to " + target + ", an extern or absolute symbol, which is not supported");
                }
                Section targetSection = elf.section(symbol.sectionIndex());
                int addend = (int) imm;
                if (targetSection.name().equals(BtfCompletion.MAPS)) {
                    String map = symbol.isSectionSymbol() ? symbolAt(targetSection, symbol.value() + addend, place) : symbol.name();
                    function.references.add(new Reference(index, map, Reference.Kind.MAP, 0));
                    function.instructions.set(index, new Instruction.LoadImm64(dst, PseudoSource.MAP_FD, 0));
                } else if (DataSection.kindOf(targetSection.name()) != null && dataSections.containsKey(targetSection.name())) {
                    DataSection data = dataSections.get(targetSection.name());
                    boolean variable = !symbol.isSectionSymbol() && data.variable(symbol.name()).isPresent();
                    long offset = variable ? addend : symbol.value() + addend;
                    if (offset < 0 || offset > data.size()) {
                        throw new FormatException(at, place + " points " + offset + " bytes into " + target + ", outside "
                                + targetSection.name());
                    }
                    String name = variable ? symbol.name() : targetSection.name();
                    function.references.add(new Reference(index, name, Reference.Kind.GLOBAL, (int) offset));
                    function.instructions.set(index, new Instruction.LoadImm64(dst, PseudoSource.MAP_VALUE, offset << 32));
                } else if (targetSection.isExecutable()) {
                    Function callee = functionAt(targetSection, symbol.value() + addend, at);
                    function.references.add(new Reference(index, callee.name, Reference.Kind.FUNCTION_POINTER, 0));
                    function.instructions.set(index, new Instruction.LoadImm64(dst, PseudoSource.FUNC, 0));
                } else {
                    throw new FormatException(at, place + " refers to " + target + " in section " + targetSection.name()
                            + ", which is neither a map, a global nor a function");
                }
            }
            case RelocationType.R_BPF_64_32 -> {
                if (!(instruction instanceof Instruction.Call(CallKind kind, int imm, int module)) || kind == CallKind.HELPER) {
                    throw new FormatException(at, place + " (R_BPF_64_32 against " + target + ") is not on a bpf-to-bpf or kfunc call");
                }
                if (symbol.isUndefined()) {
                    if (symbol.name().isEmpty()) {
                        throw new FormatException(at, place + " calls an unnamed extern");
                    }
                    function.references.add(new Reference(index, symbol.name(), Reference.Kind.KFUNC, 0));
                    function.instructions.set(index, new Instruction.Call(CallKind.KFUNC, 0, 0));
                } else if (symbol.isInSection() && elf.section(symbol.sectionIndex()).isExecutable()) {
                    // libbpf's rule: the callee starts at the symbol's value plus (imm + 1) instructions.
                    long targetOffset = symbol.value() + ((long) imm + 1) * SLOT;
                    Function callee = functionAt(elf.section(symbol.sectionIndex()), targetOffset, at);
                    function.references.add(new Reference(index, callee.name, Reference.Kind.FUNCTION, 0));
                    function.instructions.set(index, new Instruction.Call(CallKind.FUNCTION, -1, 0));
                } else {
                    throw new FormatException(at, place + " calls " + target + ", which is not a function");
                }
            }
            default -> throw new FormatException(at, place + " has type " + relocation.typeName()
                    + "; code takes only R_BPF_64_64 and R_BPF_64_32");
        }
    }

    private String symbolAt(Section section, long offset, String place) {
        for (Symbol symbol : elf.symbolsIn(section.index())) {
            if (!symbol.isSectionSymbol() && !symbol.name().isEmpty() && symbol.value() == offset) {
                return symbol.name();
            }
        }
        throw new FormatException(section.offset(), place + " points to byte " + offset + " of " + section.name()
                + ", where no symbol starts");
    }

    private List<MapDefinition> readMaps() {
        var section = elf.section(BtfCompletion.MAPS);
        if (section.isEmpty()) {
            return List.of();
        }
        where = section.get().offset();
        var datasecId = btf.findId(dev.ebpf4j.btf.BtfKind.DATASEC, BtfCompletion.MAPS);
        List<MapDefinition> maps = new ArrayList<>();
        java.util.Set<String> declared = new java.util.HashSet<>();
        if (datasecId.isPresent()) {
            for (BtfType.VarSecinfo info : btf.type(datasecId.getAsInt(), BtfType.Datasec.class).vars()) {
                BtfType.Var var = btf.type(info.type(), BtfType.Var.class);
                maps.add(MapStructs.parse(btf, var.name(), var.type()));
                declared.add(var.name());
            }
        }
        for (Symbol symbol : elf.symbolsIn(section.get().index())) {
            if (!symbol.isSectionSymbol() && !symbol.name().isEmpty() && !declared.contains(symbol.name())) {
                throw new FormatException(section.get().offset() + Math.min(symbol.value(), section.get().size()),
                        "map " + symbol.name() + " in .maps has no BTF (the .maps DATASEC does not list it)");
            }
        }
        return maps;
    }

    private ProgramDefinition program(Function function) {
        List<Code.LineMark> marks = lineMarks(function);
        function.references.sort(Comparator.comparingInt(Reference::instructionIndex));
        Code code = new Code(function.instructions, Map.of(), function.references, marks);
        String section = function.section.name();
        if (section.equals(ProgramDefinition.TEXT)) {
            return ProgramDefinition.subprogram(function.name, code);
        }
        return new ProgramDefinition(function.name, section, SectionNames.require(section), ProgramDefinition.Role.ENTRY, code);
    }

    private List<Code.LineMark> lineMarks(Function function) {
        TreeMap<Integer, SourceLine> byIndex = new TreeMap<>();
        for (BtfExt.Section<BtfExt.LineInfo> lines : ext.lineInfos()) {
            if (!lines.name().equals(function.section.name())) {
                continue;
            }
            for (BtfExt.LineInfo line : lines.records()) {
                long offset = Integer.toUnsignedLong(line.insnOffset());
                if (offset < function.start || offset >= function.end || line.line() == 0) {
                    continue;
                }
                int index = function.indexAt(offset);
                if (offset % SLOT != 0 || index < 0) {
                    throw new FormatException(elf.section(".BTF.ext").map(Section::offset).orElse(0L), "line info for "
                            + function.name + " points at byte " + offset + " of " + lines.name() + ", not at an instruction");
                }
                byIndex.putIfAbsent(index, new SourceLine(line.fileName(), line.line(), line.column(), line.lineText()));
            }
        }
        List<Code.LineMark> marks = new ArrayList<>(byIndex.size());
        byIndex.forEach((index, line) -> marks.add(new Code.LineMark(index, line)));
        return marks;
    }

    private String readLicense() {
        var section = elf.section("license");
        if (section.isEmpty() || !section.get().hasData()) {
            return "";
        }
        byte[] data = section.get().data();
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    private int readVersion() {
        var section = elf.section("version");
        if (section.isEmpty() || !section.get().hasData()) {
            return 0;
        }
        if (section.get().size() != 4) {
            throw new FormatException(section.get().offset(), "section version holds " + section.get().size() + " bytes, not a 4-byte kernel version");
        }
        return ByteBuffer.wrap(section.get().data()).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
