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
 * The C rendering of {@link CallsKernelTest}'s program, from Java source through the processor,
 * checked in under {@code golden/Flows.bpf.c}: its four functions as {@code static __noinline}
 * functions declared before the entry point and defined after it, the calls where Java makes them.
 * After an intended change, regenerate with {@code -Debpf4j.golden.update=true} and review the diff.
 */
class CallsGoldenTest {
    @Test
    void theRenderingIsTheGoldenFile(@TempDir Path dir) throws IOException {
        InProcessCompiler.Output output = InProcessCompiler.compile(dir, Map.of("calls.Flows", CallsKernelTest.CALLS));
        assertTrue(output.success(), output.errors());
        String rendered = new String(output.resource("calls/Flows.bpf.c"), StandardCharsets.UTF_8);
        Golden.assertMatches(CallsGoldenTest.class, "golden/Flows.bpf.c", rendered);
    }
}
