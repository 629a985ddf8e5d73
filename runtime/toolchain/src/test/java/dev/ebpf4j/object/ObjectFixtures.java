package dev.ebpf4j.object;

import static dev.ebpf4j.asm.Register.*;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.types.MapType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Objects the object tests use: C fixtures compiled by clang-19 at test time, and one our model builds. */
final class ObjectFixtures {
    private ObjectFixtures() {}

    /** {@code fixtures/object/<name>.c} compiled with {@code clang-19 -target bpf -O2 -g -c}; skips the test without clang-19. */
    static Path compiled(String name) {
        return dev.ebpf4j.testing.ClangFixtures.compiled("fixtures/object/" + name);
    }

    static String source(String name) {
        return new String(dev.ebpf4j.testing.ClangFixtures.source("fixtures/object/" + name), java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] compiledBytes(String name) {
        try {
            return Files.readAllBytes(compiled(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An object built from the model alone: maps of four types (one a map of maps), an XDP and a
     * tc program sharing a subprogram, globals in .data, .rodata and .bss, line marks, and BTF
     * only for the key, value and variable types (the writer synthesizes the rest).
     */
    static BpfObject sample() {
        Btf.Builder b = Btf.builder();
        int u32 = b.add(new BtfType.Int("unsigned int", 4, BtfType.IntEncoding.NONE, 0, 32));
        int u64 = b.add(new BtfType.Int("unsigned long long", 8, BtfType.IntEncoding.NONE, 0, 64));
        int stats = b.add(BtfType.Struct.of("stats", 16, new BtfType.Member("packets", u64, 0), new BtfType.Member("bytes", u64, 64)));
        Btf btf = b.build();

        Code bump = new CodeBuilder()
                .line("Sample.java", 10, 9, "counts.get(key).add(by);")
                .stxw(R10, -4, R1)
                .mov64(R6, R2)
                .ldMap(R1, "counts")
                .mov64(R2, R10)
                .add64(R2, -4)
                .call(1)
                .jeq(R0, 0, "out")
                .ldxdw(R1, R0, 0)
                .add64(R1, 1)
                .stxdw(R0, 0, R1)
                .ldxdw(R1, R0, 8)
                .add64(R1, R6)
                .stxdw(R0, 8, R1)
                .label("out")
                .line("Sample.java", 11, 9, "return 0;")
                .mov64(R0, 0)
                .exit()
                .build();
        Code xdp = new CodeBuilder()
                .line("Sample.java", 20, 9, "total += limit;")
                .ldGlobal(R1, "limit", 0)
                .ldxw(R2, R1, 0)
                .ldGlobal(R1, "total", 0)
                .ldxdw(R3, R1, 0)
                .add64(R3, R2)
                .stxdw(R1, 0, R3)
                .line("Sample.java", 21, 9, "zeroed.bytes++;")
                .ldGlobal(R1, ".bss", 8)
                .ldxdw(R3, R1, 0)
                .add64(R3, 1)
                .stxdw(R1, 0, R3)
                .line("Sample.java", 22, 9, "bump(1, 64);")
                .mov64(R1, 1)
                .mov64(R2, 64)
                .callFunction("bump")
                .line("Sample.java", 23, 9, "return XDP_PASS;")
                .mov64(R0, 2)
                .exit()
                .build();
        Code tc = new CodeBuilder()
                .mov64(R1, 2)
                .mov64(R2, 1)
                .callFunction("bump")
                .ldGlobal(R1, "flag", 0)
                .stxw(R1, 0, R0)
                .mov64(R0, 0)
                .exit()
                .build();
        List<ProgramDefinition> programs = List.of(
                ProgramDefinition.subprogram("bump", bump),
                ProgramDefinition.entry("xdp_count", "xdp", xdp),
                ProgramDefinition.entry("tc_count", "tc", tc));
        List<MapDefinition> maps = List.of(
                MapDefinition.of("counts", MapType.HASH, 4, 16, 1024).withTypes(u32, stats),
                MapDefinition.of("per_cpu", MapType.PERCPU_ARRAY, 4, 8, 4),
                MapDefinition.of("events", MapType.RINGBUF, 0, 0, 4096),
                MapDefinition.of("outer", MapType.ARRAY_OF_MAPS, 4, 4, 8).withTypes(u32, 0)
                        .withInner(MapDefinition.of("inner", MapType.ARRAY, 4, 8, 1)));
        List<DataSection> data = List.of(
                DataSection.of(".data", new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0},
                        new DataSection.Variable("total", 0, 8, u64), new DataSection.Variable("hits", 8, 8, u64)),
                DataSection.of(".rodata", new byte[] {10, 0, 0, 0}, new DataSection.Variable("limit", 0, 4, u32)),
                DataSection.bss(".bss", 20, new DataSection.Variable("zeroed", 0, 16, stats), new DataSection.Variable("flag", 16, 4, 0)));
        return new BpfObject("GPL", 0, programs, maps, data, btf);
    }
}
