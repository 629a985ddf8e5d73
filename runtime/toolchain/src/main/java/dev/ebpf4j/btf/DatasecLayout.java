package dev.ebpf4j.btf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Lays out global variables in a data section ({@code .data}, {@code .rodata}, {@code .bss},
 * {@code .maps}) and describes them in BTF: one VAR per variable and a DATASEC with each
 * variable's real offset and size and the section's size. (clang writes zeros there and leaves
 * libbpf to fill them in from the symbol table; we know the layout, so we write it.)
 *
 * <pre>{@code
 * DatasecLayout.Layout data = DatasecLayout.add(builder, ".data", List.of(
 *         new DatasecLayout.Variable("hits", u64, BtfType.VarLinkage.GLOBAL),
 *         new DatasecLayout.Variable("limit", u32, BtfType.VarLinkage.GLOBAL)));
 * data.variables().get(1).offset();   // 8: where the ELF writer puts "limit" and its symbol
 * }</pre>
 */
public final class DatasecLayout {
    /** A variable to place: its name, the id of its type, its linkage. */
    public record Variable(String name, int typeId, BtfType.VarLinkage linkage) {
        public Variable {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(linkage, "linkage");
        }
    }

    /** A placed variable: its VAR's id, and its offset and size in the section. */
    public record Placed(String name, int varId, long offset, long size) {}

    /** The section: its DATASEC's id, its size in bytes, its variables in order. */
    public record Layout(String sectionName, int datasecId, long size, List<Placed> variables) {
        public Layout {
            variables = List.copyOf(variables);
        }
    }

    private DatasecLayout() {}

    /** Adds a VAR for each variable, in order, aligned as its type requires, then the DATASEC. */
    public static Layout add(Btf.Builder builder, String sectionName, List<Variable> variables) {
        List<Placed> placed = new ArrayList<>();
        List<BtfType.VarSecinfo> infos = new ArrayList<>();
        long offset = 0;
        for (Variable v : variables) {
            long size = builder.sizeOf(v.typeId());
            long align = builder.alignOf(v.typeId());
            offset = (offset + align - 1) / align * align;
            int varId = builder.add(new BtfType.Var(v.name(), v.typeId(), v.linkage()));
            placed.add(new Placed(v.name(), varId, offset, size));
            infos.add(new BtfType.VarSecinfo(varId, offset, size));
            offset += size;
        }
        int datasec = builder.add(new BtfType.Datasec(sectionName, offset, infos));
        return new Layout(sectionName, datasec, offset, placed);
    }
}
