package dev.ebpf4j.btf;

import java.util.List;
import java.util.Objects;

/**
 * The contents of .BTF.ext: per ELF code section, which FUNC starts at which instruction, the source
 * line of instructions, and CO-RE relocations. Offsets are in bytes from the start of the section
 * (instruction index × 8). Strings are held as strings; {@link BtfEncoder#encode(Btf, BtfExt)}
 * puts them into .BTF's string table.
 *
 * <pre>{@code
 * BtfExt ext = new BtfExt(
 *     List.of(new BtfExt.Section<>("xdp", List.of(new BtfExt.FuncInfo(0, progFuncId)))),
 *     List.of(new BtfExt.Section<>("xdp", List.of(new BtfExt.LineInfo(0, "Prog.java", "return XDP_PASS;", 12, 9)))),
 *     List.of());
 * }</pre>
 */
public record BtfExt(List<Section<FuncInfo>> funcInfos, List<Section<LineInfo>> lineInfos, List<Section<CoreRelo>> coreRelos) {
    public BtfExt {
        funcInfos = List.copyOf(funcInfos);
        lineInfos = List.copyOf(lineInfos);
        coreRelos = List.copyOf(coreRelos);
    }

    public static final BtfExt EMPTY = new BtfExt(List.of(), List.of(), List.of());

    /** The records of one ELF section, named as in the ELF file ({@code xdp}, {@code .text}, …). */
    public record Section<T>(String name, List<T> records) {
        public Section {
            Objects.requireNonNull(name, "name");
            records = List.copyOf(records);
        }
    }

    /** The FUNC {@code typeId} begins at byte {@code insnOffset} of the section. */
    public record FuncInfo(int insnOffset, int typeId) {
        public FuncInfo {
            checkOffset(insnOffset);
            if (typeId < 0) {
                throw new IllegalArgumentException("type id must not be negative: " + typeId);
            }
        }
    }

    /** The instruction at {@code insnOffset} comes from {@code line}:{@code column} of {@code fileName}, which reads {@code lineText}. */
    public record LineInfo(int insnOffset, String fileName, String lineText, int line, int column) {
        public static final int MAX_LINE = (1 << 22) - 1;
        public static final int MAX_COLUMN = (1 << 10) - 1;

        public LineInfo {
            checkOffset(insnOffset);
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(lineText, "lineText");
            if (line < 0 || line > MAX_LINE) {
                throw new IllegalArgumentException("line must be between 0 and " + MAX_LINE + ": " + line);
            }
            if (column < 0 || column > MAX_COLUMN) {
                throw new IllegalArgumentException("column must be between 0 and " + MAX_COLUMN + ": " + column);
            }
        }

        /** The packed {@code line_col} word: {@code line << 10 | column}. */
        public int lineCol() {
            return line << 10 | column;
        }
    }

    /**
     * A CO-RE relocation, kept as the record libbpf reads: the instruction, the root type, the
     * access string ({@code "0:1:2"}) and the relocation kind number ({@code enum bpf_core_relo_kind}).
     */
    public record CoreRelo(int insnOffset, int typeId, String accessString, int kind) {
        public CoreRelo {
            checkOffset(insnOffset);
            Objects.requireNonNull(accessString, "accessString");
            if (typeId < 0 || kind < 0) {
                throw new IllegalArgumentException("type id and kind must not be negative: " + typeId + ", " + kind);
            }
        }
    }

    private static void checkOffset(int insnOffset) {
        if (insnOffset < 0) {
            throw new IllegalArgumentException("instruction offset must not be negative: " + insnOffset);
        }
    }
}
