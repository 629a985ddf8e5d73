package dev.ebpf4j.loader;

import static org.junit.jupiter.api.Assertions.*;

import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.ObjectReader;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.RequiresBpf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** clang-19's objects, read by our reader, loaded by our loader and run in the kernel. */
@RequiresBpf
class ClangObjectLoadTest {
    private static BpfObject compile(String name) throws IOException {
        ExternalTool clang = ExternalTool.require("clang-19");
        Path dir = Files.createTempDirectory("loader-fixture-");
        Path source = dir.resolve(name + ".c");
        try (InputStream in = ClangObjectLoadTest.class.getResourceAsStream("/fixtures/object/" + name + ".c")) {
            Files.copy(in, source);
        }
        Path object = dir.resolve(name + ".o");
        clang.run("-g", "-O2", "-target", "bpf", "-c", source.toString(), "-o", object.toString());
        try {
            return ObjectReader.read(object);
        } finally {
            Files.delete(object);
            Files.delete(source);
            Files.delete(dir);
        }
    }

    @Test
    void theFullFixtureLoadsAndRunsWithItsSubprogramsMapsAndGlobals() throws IOException {
        try (LoadedObject loaded = ObjectLoader.load(compile("full"), LoadOptions.defaults().withObjectName("full"))) {
            assertTrue(loaded.btf().loaded(), loaded.btf().toString());
            assertEquals(java.util.List.of(), loaded.warnings());
            byte[] stats = new byte[16];
            loaded.map("counts").update(new byte[] {1, 0, 0, 0}, stats);

            assertEquals(2, loaded.program("xdp_count").testRun(new byte[64], 1).retval());

            assertEquals(11, loaded.variable("total").getLong());      // 1 + limit (10) + zeroed.packets (0)
            assertEquals(1, loaded.variable("flag").getInt());         // bump found counts[1]
            ByteBuffer s = ByteBuffer.wrap(loaded.map("counts").lookup(new byte[] {1, 0, 0, 0}).orElseThrow())
                    .order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(1, s.getLong(0));
            assertEquals((11 << 3) + 7, s.getLong(8));                 // scale(total) = (total << shift) + hits
            assertTrue(loaded.globals(".rodata").isFrozen());
            assertEquals(10, loaded.variable("limit").getInt());
        }
    }

    @Test
    void aRodataConstantSetBeforeLoadChangesWhatTheProgramComputes() throws IOException {
        LoadOptions options = LoadOptions.defaults().withGlobal("limit", new byte[] {100, 0, 0, 0});
        try (LoadedObject loaded = ObjectLoader.load(compile("full"), options)) {
            loaded.program("xdp_count").testRun(new byte[64], 1);
            assertEquals(101, loaded.variable("total").getLong());
        }
    }
}
