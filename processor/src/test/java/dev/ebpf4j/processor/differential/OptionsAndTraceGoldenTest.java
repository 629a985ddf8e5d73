package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.processor.fixture.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C rendering of the TCP option accessors and of {@code Bpf.trace}, from Java source through
 * the processor, checked in under {@code golden/OptionsAndTrace.bpf.c} (the kernel tests compile
 * and run such renderings with clang). After an intended change, regenerate with
 * {@code -Debpf4j.golden.update=true} and review the diff.
 */
class OptionsAndTraceGoldenTest {
    private static final String SOURCE = ProgramSources.program("gen.OptionsAndTrace", """
            @MapDef(maxEntries = 4)
            static final BpfArray<Long> results = new BpfArray<>();

            """ + ProgramSources.overTcp("run", """
            int mss = tcp.mss();
            results.put(0, (long) mss);
            results.put(1, tcp.timestampEcho());
            if (tcp.sackPermitted() && tcp.windowScale() > 7) Bpf.trace("big \\"scale\\" %d from %u", tcp.windowScale(), tcp.sourcePort());
            Bpf.trace("tsval %llx", tcp.timestampValue());
            """));

    @Test
    void theRenderingIsTheGoldenFile(@TempDir Path dir) throws IOException {
        InProcessCompiler.Output output = InProcessCompiler.compile(dir, Map.of("gen.OptionsAndTrace", SOURCE));
        assertTrue(output.success(), output.errors());
        String rendered = new String(output.resource("gen/OptionsAndTrace.bpf.c"), StandardCharsets.UTF_8);
        Golden.assertMatches(OptionsAndTraceGoldenTest.class, "golden/OptionsAndTrace.bpf.c", rendered);
    }
}
