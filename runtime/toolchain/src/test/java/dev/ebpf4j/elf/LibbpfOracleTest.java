package dev.ebpf4j.elf;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.testing.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libbpf opens what our writer writes: {@code bpftool gen skeleton} runs libbpf's object parser
 * (sections, symbols, relocations, BTF-defined maps) without touching the kernel.
 */
class LibbpfOracleTest {
    @TempDir
    Path dir;

    @Test
    void libbpfOpensAClangObjectRebuiltByOurWriter() throws IOException {
        ExternalTool bpftool = ExternalTool.require("bpftool");
        Path object = dir.resolve("rebuilt.o");
        Files.write(object, ElfCopy.of(ElfFile.read(Fixtures.compiled("elf_sections"))).toBytes());
        String skeleton = bpftool.run("gen", "skeleton", object.toString(), "name", "rebuilt").stdout();
        for (String name : List.of("count_xdp", "count_tc", "counters", "struct bpf_map *data", "struct bpf_map *rodata")) {
            assertTrue(skeleton.contains(name), name + " missing from the skeleton libbpf made");
        }
    }

    @Test
    void libbpfRejectsAnObjectWhoseRelocationPointsOutsideItsSection() throws IOException {
        ExternalTool bpftool = ExternalTool.require("bpftool");
        // The same object with the xdp program's call relocated past its end: proof this oracle can fail.
        ElfFile elf = ElfFile.read(Fixtures.compiled("elf_sections"));
        Map<Integer, ElfWriter.SectionRef> sections = new HashMap<>();
        ElfWriter w = ElfCopy.of(elf, sections);
        Section xdp = elf.section("xdp").orElseThrow();
        ElfWriter.SectionRef target = sections.get(xdp.index());
        ElfWriter.SymbolRef function = w.addSymbol("stray", 0, 0, SymbolBinding.GLOBAL, SymbolType.FUNC, 0, target);
        w.addRelocation(target, xdp.size() + 64, function, RelocationType.R_BPF_64_32);
        Path object = dir.resolve("broken.o");
        Files.write(object, w.toBytes());
        assertNotEquals(0, bpftool.runAllowingFailure(List.of("gen", "skeleton", object.toString(), "name", "broken")).exitCode());
    }
}
