package dev.ebpf4j.elf;

import java.util.List;

/**
 * The entries of one {@code SHT_REL} section, tied to the section they apply to.
 *
 * @param index the {@code REL} section's own index
 * @param name its name, by convention {@code ".rel"} followed by the target's name
 * @param targetSection {@code sh_info}: the index of the section the entries patch
 * @param symbolTable {@code sh_link}: the index of the symbol table the entries refer to
 * @param relocations in file order
 */
public record RelocationSection(int index, String name, int targetSection, int symbolTable,
                                List<Relocation> relocations) {
    public RelocationSection {
        relocations = List.copyOf(relocations);
    }
}
