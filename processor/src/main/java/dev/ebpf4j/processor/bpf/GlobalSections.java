package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.object.DataSection;
import dev.ebpf4j.processor.ir.GlobalDecl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data sections of a unit's globals: {@code .rodata} for configuration, {@code .data} and
 * {@code .bss} for shared state, each variable at the next offset aligned to its size, with its
 * initial value in little-endian order and its BTF type ({@code const volatile} for configuration,
 * as clang types a {@code const volatile} global). The object writer adds the VARs and DATASECs.
 */
final class GlobalSections {
    private GlobalSections() {
    }

    static List<DataSection> of(List<GlobalDecl> globals, BtfTypes btf) {
        Map<String, List<GlobalDecl>> bySection = new LinkedHashMap<>();
        for (GlobalDecl g : globals) bySection.computeIfAbsent(g.section(), s -> new ArrayList<>()).add(g);
        List<DataSection> sections = new ArrayList<>();
        bySection.forEach((name, members) -> {
            int[] offsets = new int[members.size()];
            int size = 0;
            for (int i = 0; i < members.size(); i++) {
                int width = members.get(i).type().size();
                size = (size + width - 1) / width * width;
                offsets[i] = size;
                size += width;
            }
            byte[] contents = new byte[size];
            List<DataSection.Variable> variables = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                GlobalDecl g = members.get(i);
                int width = g.type().size();
                for (int b = 0; b < width; b++) contents[offsets[i] + b] = (byte) (g.initial() >>> (8 * b));
                variables.add(new DataSection.Variable(g.name(), offsets[i], width, btf.global(g)));
            }
            sections.add(name.equals(".bss") ? new DataSection(name, size, new byte[0], variables)
                    : new DataSection(name, size, contents, variables));
        });
        return sections;
    }
}
