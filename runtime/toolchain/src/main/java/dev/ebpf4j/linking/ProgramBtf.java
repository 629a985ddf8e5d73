package dev.ebpf4j.linking;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfEncoder;
import dev.ebpf4j.btf.BtfExt;
import dev.ebpf4j.btf.BtfKind;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.DataSection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The BTF blob the loader hands the kernel and the func and line info records of each linked
 * program against it, computed without system calls.
 *
 * <p>The records' string offsets must point into the very blob loaded as {@code prog_btf_fd}, so
 * the object's types and a {@link BtfExt} for the linked programs are encoded together (one shared
 * string table) and the records are read back from the encoded {@code .BTF.ext}, with instruction
 * offsets turned from bytes (the file's unit) into slots (the kernel's).
 *
 * @param btf the encoded BTF blob, empty if the object has no types
 * @param programs per linked program name, its kernel records (absent parts are null)
 * @param notes why some program gets no func or line info, one line each
 */
public record ProgramBtf(byte[] btf, Map<String, Records> programs, List<String> notes) {
    /** Size of {@code struct bpf_func_info}. */
    public static final int FUNC_INFO_SIZE = 8;
    /** Size of {@code struct bpf_line_info}. */
    public static final int LINE_INFO_SIZE = 16;

    /** {@code struct bpf_func_info} and {@code struct bpf_line_info} arrays of one program, or null. */
    public record Records(byte[] funcInfo, byte[] lineInfo) {}

    /** Builds the blob and records for {@code programs} linked from {@code object}. */
    public static ProgramBtf of(BpfObject object, List<LinkedProgram> programs) {
        Btf btf = completeDatasecs(object);
        List<String> notes = new ArrayList<>();
        List<BtfExt.Section<BtfExt.FuncInfo>> funcSections = new ArrayList<>();
        List<BtfExt.Section<BtfExt.LineInfo>> lineSections = new ArrayList<>();
        for (LinkedProgram program : programs) {
            funcInfos(btf, program, notes).ifPresent(records -> funcSections.add(new BtfExt.Section<>(program.name(), records)));
            lineInfos(program, notes).ifPresent(records -> lineSections.add(new BtfExt.Section<>(program.name(), records)));
        }
        if (btf.typeCount() == 0) {
            return new ProgramBtf(new byte[0], Map.of(), List.of());
        }
        BtfEncoder.Sections encoded = BtfEncoder.encode(btf, new BtfExt(funcSections, lineSections, List.of()));
        ByteBuffer ext = ByteBuffer.wrap(encoded.btfExt()).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = ext.getInt(4);
        Map<String, byte[]> funcs = readBlock(ext, headerLength + ext.getInt(8), ext.getInt(12));
        Map<String, byte[]> lines = readBlock(ext, headerLength + ext.getInt(16), ext.getInt(20));
        // Names come back as string offsets; the sections are in the order they were added.
        Map<String, Records> records = new LinkedHashMap<>();
        List<byte[]> funcList = new ArrayList<>(funcs.values());
        List<byte[]> lineList = new ArrayList<>(lines.values());
        int f = 0;
        int l = 0;
        for (LinkedProgram program : programs) {
            byte[] func = funcSections.size() > f && funcSections.get(f).name().equals(program.name()) ? funcList.get(f++) : null;
            byte[] line = lineSections.size() > l && lineSections.get(l).name().equals(program.name()) ? lineList.get(l++) : null;
            records.put(program.name(), new Records(func, line));
        }
        return new ProgramBtf(encoded.btf(), records, notes);
    }

    /**
     * The object's types with every DATASEC of a data section sized and its variables placed as
     * the object says (clang leaves zeros there for the loader to fill in); other zero-sized
     * DATASECs ({@code .maps}) are laid out in order, each variable aligned as its type requires.
     */
    static Btf completeDatasecs(BpfObject object) {
        Btf btf = object.btf();
        Btf.Builder builder = null;
        for (int id = 1; id <= btf.typeCount(); id++) {
            if (!(btf.type(id) instanceof BtfType.Datasec datasec)) {
                continue;
            }
            Optional<DataSection> section = object.dataSection(datasec.name());
            List<BtfType.VarSecinfo> vars = new ArrayList<>();
            long size;
            if (section.isPresent()) {
                for (BtfType.VarSecinfo v : datasec.vars()) {
                    String name = btf.type(v.type()).name();
                    long offset = section.get().variable(name).map(DataSection.Variable::offset).map(Integer::longValue).orElse(v.offset());
                    vars.add(new BtfType.VarSecinfo(v.type(), offset, v.size() != 0 ? v.size() : btf.sizeOf(v.type())));
                }
                size = section.get().size();
            } else if (datasec.size() == 0 && !datasec.vars().isEmpty()) {
                long offset = 0;
                for (BtfType.VarSecinfo v : datasec.vars()) {
                    long varSize = btf.sizeOf(v.type());
                    long align = Math.max(1, btf.alignOf(v.type()));
                    offset = (offset + align - 1) / align * align;
                    vars.add(new BtfType.VarSecinfo(v.type(), offset, varSize));
                    offset += varSize;
                }
                size = offset;
            } else {
                continue;
            }
            vars.sort(java.util.Comparator.comparingLong(BtfType.VarSecinfo::offset));
            BtfType.Datasec fixed = new BtfType.Datasec(datasec.name(), size, vars);
            if (!fixed.equals(datasec)) {
                if (builder == null) {
                    builder = btf.toBuilder();
                }
                builder.set(id, fixed);
            }
        }
        return builder == null ? btf : builder.build();
    }

    private static Optional<List<BtfExt.FuncInfo>> funcInfos(Btf btf, LinkedProgram program, List<String> notes) {
        if (btf.typeCount() == 0) {
            return Optional.empty();
        }
        List<BtfExt.FuncInfo> records = new ArrayList<>();
        for (LinkedProgram.Function function : program.functions()) {
            OptionalInt id = btf.findId(BtfKind.FUNC, function.name());
            if (id.isEmpty()) {
                notes.add("program " + program.name() + ": no func info, the BTF has no FUNC " + function.name());
                return Optional.empty();
            }
            records.add(new BtfExt.FuncInfo(program.slotOf(function) * 8, id.getAsInt()));
        }
        return Optional.of(records);
    }

    private static Optional<List<BtfExt.LineInfo>> lineInfos(LinkedProgram program, List<String> notes) {
        Code code = program.code();
        if (code.lines().isEmpty()) {
            return Optional.empty();
        }
        List<BtfExt.LineInfo> records = new ArrayList<>();
        List<LinkedProgram.Function> functions = program.functions();
        for (int f = 0; f < functions.size(); f++) {
            int start = functions.get(f).instructionIndex();
            int end = f + 1 < functions.size() ? functions.get(f + 1).instructionIndex() : code.size();
            List<Code.LineMark> marks = code.lines().stream()
                    .filter(m -> m.instructionIndex() >= start && m.instructionIndex() < end).toList();
            if (marks.isEmpty()) {
                // The kernel wants line info at the start of every function once there is any.
                notes.add("program " + program.name() + ": no line info, function " + functions.get(f).name() + " has no source lines");
                return Optional.empty();
            }
            boolean first = true;
            for (Code.LineMark mark : marks) {
                int index = first ? start : mark.instructionIndex();
                first = false;
                var line = mark.line();
                records.add(new BtfExt.LineInfo(code.slotOf(index) * 8, line.file(), line.text(),
                        Math.min(line.line(), BtfExt.LineInfo.MAX_LINE), Math.min(line.column(), BtfExt.LineInfo.MAX_COLUMN)));
            }
        }
        return Optional.of(records);
    }

    /**
     * The record arrays of each section of one .BTF.ext block, with the instruction offset (each
     * record's first word) divided by 8, in section order.
     */
    private static Map<String, byte[]> readBlock(ByteBuffer ext, int offset, int length) {
        Map<String, byte[]> sections = new LinkedHashMap<>();
        if (length == 0) {
            return sections;
        }
        int end = offset + length;
        int recordSize = ext.getInt(offset);
        int position = offset + 4;
        int index = 0;
        while (position < end) {
            int count = ext.getInt(position + 4);
            position += 8;
            byte[] records = new byte[count * recordSize];
            ext.get(position, records);
            ByteBuffer view = ByteBuffer.wrap(records).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < count; r++) {
                view.putInt(r * recordSize, view.getInt(r * recordSize) / 8);
            }
            sections.put(String.valueOf(index++), records);
            position += count * recordSize;
        }
        return sections;
    }
}
