package dev.ebpf4j.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.testing.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libbpf, through Debian's bpftool, loads what our writer writes into the kernel: maps created and
 * pinned, programs through the verifier, line info attached. Pins go to a private bpffs instance
 * mounted on a temporary directory for this test alone, unmounted afterwards even on failure.
 */
@Tag("kernel")
class BpftoolAcceptanceTest {
    @TempDir
    Path files;
    private Path bpffs;
    private ExternalTool bpftool;

    @BeforeEach
    void mountPrivateBpffs() throws Exception {
        bpftool = ExternalTool.require("bpftool");
        bpffs = Files.createTempDirectory("ebpf4j-object-bpffs");
        int status = new ProcessBuilder("mount", "-t", "bpf", "bpf", bpffs.toString()).inheritIO().start().waitFor();
        if (status != 0) {
            Files.delete(bpffs);
            bpffs = null;
            System.out.println("skipped: mounting a private bpffs failed (not root?)");
            Assumptions.abort("cannot mount a private bpffs");
        }
    }

    @AfterEach
    void unmountPrivateBpffs() throws Exception {
        if (bpffs == null) {
            return;
        }
        try {
            // Pins vanish with the private instance; unmounting drops the last references.
            int status = new ProcessBuilder("umount", bpffs.toString()).inheritIO().start().waitFor();
            assertEquals(0, status, "umount " + bpffs);
        } finally {
            try (Stream<Path> left = Files.list(bpffs)) {
                assertEquals(List.of(), left.toList(), "the mount point is empty once unmounted");
            }
            Files.delete(bpffs);
        }
    }

    private Set<String> loadAll(String name, byte[] object) throws IOException {
        Path file = files.resolve(name + ".o");
        Files.write(file, object);
        Path progs = bpffs.resolve(name);
        Path maps = bpffs.resolve(name + "-maps");
        bpftool.run("prog", "loadall", file.toString(), progs.toString(), "pinmaps", maps.toString());
        if (!Files.exists(maps)) {
            Files.createDirectory(maps);
        }
        try (Stream<Path> p = Files.list(progs); Stream<Path> m = Files.list(maps)) {
            return Stream.concat(p.map(x -> "prog " + x.getFileName()), m.map(x -> "map " + x.getFileName()))
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    @Test
    void bpftoolLoadsOurObjectWithMapsOfSeveralTypesProgramsASubprogramAndGlobals() throws IOException {
        Set<String> pinned = loadAll("sample", ObjectWriter.write(ObjectFixtures.sample()));
        assertEquals(Set.of("prog xdp_count", "prog tc_count", "map counts", "map per_cpu", "map events", "map outer",
                "map sample_data", "map sample_rodata", "map sample_bss"), pinned);
        // The kernel kept our line info: the translated program is annotated with the Java lines.
        String xlated = bpftool.run("prog", "dump", "xlated", "pinned", bpffs.resolve("sample/xdp_count").toString()).stdout();
        assertTrue(xlated.contains("; total += limit;") && xlated.contains("; return XDP_PASS;"), xlated);
        assertTrue(xlated.contains("int xdp_count(void * ctx)"), xlated);
    }

    @Test
    void bpftoolLoadsAClangObjectAfterOurReaderAndWriter() throws IOException {
        byte[] rewritten = ObjectWriter.write(ObjectReader.read(ObjectFixtures.compiledBytes("full")));
        Set<String> pinned = loadAll("full", rewritten);
        assertEquals(Set.of("prog xdp_count", "prog tc_count", "map counts", "map per_cpu", "map events", "map outer",
                "map full_data", "map full_rodata", "map full_bss"), pinned);
        String xlated = bpftool.run("prog", "dump", "xlated", "pinned", bpffs.resolve("full/tc_count").toString()).stdout();
        assertTrue(xlated.contains("; zeroed.bytes += bump(2, 64);"), xlated);
    }

    @Test
    void bpftoolLoadsAClangObjectWithAGlobalSubprogramAfterOurReaderAndWriter() throws IOException {
        BpfObject object = ObjectReader.read(ObjectFixtures.compiledBytes("global_sub"));
        assertEquals(ProgramDefinition.Role.SUBPROGRAM, object.program("helper").orElseThrow().role());
        byte[] rewritten = ObjectWriter.write(object);
        var symbol = dev.ebpf4j.elf.ElfFile.read(rewritten).symbols("helper").getFirst();
        assertEquals(dev.ebpf4j.elf.SymbolBinding.GLOBAL, symbol.binding(), "a global subprogram stays global");
        assertTrue(loadAll("global_sub", rewritten).contains("prog xdp_global"));
    }

    @Test
    void bpftoolLoadsACallbackPassedByFunctionPointer() throws IOException {
        // bpf_loop (helper 181, 5.17+) calls a static subprogram whose address the program loads.
        Assumptions.assumeTrue(
                dev.ebpf4j.features.Features.get().helper(dev.ebpf4j.types.ProgramType.XDP, 181),
                "the kernel lacks bpf_loop (helper 181, Linux 5.17)");
        var step = new dev.ebpf4j.asm.CodeBuilder().mov64(dev.ebpf4j.asm.Register.R0, 0).exit().build();
        var prog = new dev.ebpf4j.asm.CodeBuilder()
                .mov64(dev.ebpf4j.asm.Register.R1, 4)
                .ldFunction(dev.ebpf4j.asm.Register.R2, "step")
                .mov64(dev.ebpf4j.asm.Register.R3, 0)
                .mov64(dev.ebpf4j.asm.Register.R4, 0)
                .call(181)
                .mov64(dev.ebpf4j.asm.Register.R0, 2)
                .exit()
                .build();
        BpfObject object = new BpfObject("GPL", 0, List.of(ProgramDefinition.subprogram("step", step),
                ProgramDefinition.entry("looping", "xdp", prog)), List.of(), List.of(), dev.ebpf4j.btf.Btf.builder().build());
        byte[] bytes = ObjectWriter.write(object);
        assertEquals(ObjectWriter.complete(object), ObjectReader.read(bytes));
        assertEquals(Set.of("prog looping"), loadAll("callback", bytes).stream().filter(s -> s.startsWith("prog")).collect(Collectors.toSet()));
    }

    @Test
    void bpftoolRejectsAnObjectWhoseProgramTheVerifierRefuses() throws IOException {
        // Proof the oracle can fail: the same object with a program that returns without setting r0.
        BpfObject sample = ObjectFixtures.sample();
        var broken = new dev.ebpf4j.asm.CodeBuilder().exit().build();
        List<ProgramDefinition> programs = new java.util.ArrayList<>(sample.programs());
        programs.set(2, ProgramDefinition.entry("tc_count", "tc", broken));
        BpfObject bad = new BpfObject(sample.license(), 0, programs, sample.maps(), sample.dataSections(), sample.btf());
        Path file = files.resolve("bad.o");
        Files.write(file, ObjectWriter.write(bad));
        var result = bpftool.runAllowingFailure(List.of("prog", "loadall", file.toString(), bpffs.resolve("bad").toString()));
        assertNotEquals(0, result.exitCode());
    }

    @Test
    void bpftoolDumpsOurBtf() throws IOException {
        Path file = files.resolve("sample.o");
        Files.write(file, ObjectWriter.write(ObjectFixtures.sample()));
        String dump = bpftool.run("btf", "dump", "file", file.toString()).stdout();
        for (String expected : List.of("STRUCT 'stats' size=16 vlen=2", "FUNC 'xdp_count' type_id=", "linkage=global",
                "FUNC 'bump' type_id=", "linkage=static", "VAR 'counts' type_id=", "DATASEC '.maps' size=104 vlen=4",
                "DATASEC '.bss' size=20 vlen=2", "VAR 'total' type_id=", "type_id=", "offset=16 size=4 (VAR 'flag')")) {
            assertTrue(dump.contains(expected), expected + " missing from\n" + dump);
        }
    }
}
