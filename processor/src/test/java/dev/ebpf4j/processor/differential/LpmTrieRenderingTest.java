package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.MapDefinition;
import dev.ebpf4j.object.ObjectReader;
import dev.ebpf4j.processor.c.CRenderer;
import dev.ebpf4j.processor.fixture.Golden;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.types.MapType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the processor writes for the LPM classifier of {@link LpmTrieKernelTest}: the C rendering
 * is the golden file ({@code -Debpf4j.golden.update=true} rewrites it; review the diff) and compiles
 * with clang-19's default instruction set without a warning, and both objects describe the tries'
 * keys in BTF as the kernel's {@code struct { __u32 prefixlen; __u8 data[n]; }}.
 */
class LpmTrieRenderingTest {
    private static final String GOLDEN = "golden/Classifier.bpf.c";

    private static InProcessCompiler.Output output;

    @BeforeAll
    static void compile() throws Exception {
        output = InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-lpm"), Map.of("lpm.Classifier", LpmTrieKernelTest.SOURCE));
    }

    @Test
    void theRenderingIsTheGoldenFile() throws IOException {
        String rendered = new String(output.resource("lpm/Classifier.bpf.c"), StandardCharsets.UTF_8);
        Golden.assertMatches(LpmTrieRenderingTest.class, GOLDEN, rendered);
    }

    @Test
    void bothObjectsDeclareTheKernelsKeyStructAndNoPrealloc() throws IOException {
        ExternalTool clang = ExternalTool.require("clang-19");
        Path dir = Files.createTempDirectory("ebpf4j-lpm-c");
        Path c = Files.write(dir.resolve("Classifier.bpf.c"), output.resource("lpm/Classifier.bpf.c"));
        Files.writeString(dir.resolve(CRenderer.HEADER_NAME), CRenderer.header());
        Path object = dir.resolve("Classifier.bpf.o");
        clang.run(List.of("-target", "bpf", "-O2", "-g", "-Wall", "-Werror", "-c", c.toString(), "-o", object.toString()));
        for (BpfObject o : List.of(ObjectReader.read(output.resource("lpm/Classifier.bpf.o")), ObjectReader.read(Files.readAllBytes(object)))) {
            assertKey(o, "zones", 4);
            assertKey(o, "zones6", 16);
            assertKey(o, "learned", 8);
            assertKey(o, "tagged", 7);
        }
    }

    private static void assertKey(BpfObject object, String name, int addressBytes) {
        MapDefinition map = object.map(name).orElseThrow();
        assertEquals(MapType.LPM_TRIE, map.type());
        assertEquals(4 + addressBytes, map.keySize());
        assertEquals(1, map.flags() & 1, name + ": BPF_F_NO_PREALLOC");
        BtfType.Struct key = object.btf().type(object.btf().skipQualifiers(map.keyTypeId()), BtfType.Struct.class);
        assertEquals(name + "_lpm_key", key.name());
        assertEquals(4 + addressBytes, key.size());
        assertEquals(List.of("prefixlen", "data"), key.members().stream().map(BtfType.Member::name).toList());
        BtfType.Array data = object.btf().type(object.btf().skipQualifiers(key.members().get(1).type()), BtfType.Array.class);
        assertEquals(addressBytes, data.count());
        assertEquals(32, key.members().get(1).bitOffset());
    }
}
