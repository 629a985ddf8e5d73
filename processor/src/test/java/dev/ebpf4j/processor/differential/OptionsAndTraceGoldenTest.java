package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private static final String SOURCE = """
            package gen;

            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.maps.*;
            import dev.ebpf4j.program.net.*;

            @BpfProgram(license = "GPL")
            public final class OptionsAndTrace {
                @MapDef(maxEntries = 4)
                static final BpfArray<Long> results = new BpfArray<>();

                @Xdp
                public static XdpAction run(XdpContext ctx) {
                    Ethernet eth = ctx.ethernet();
                    if (eth == null) return XdpAction.PASS;
                    Ipv4 ip = eth.ipv4();
                    if (ip == null) return XdpAction.PASS;
                    Tcp tcp = ip.tcp();
                    if (tcp == null) return XdpAction.PASS;
                    int mss = tcp.mss();
                    results.put(0, (long) mss);
                    results.put(1, tcp.timestampEcho());
                    if (tcp.sackPermitted() && tcp.windowScale() > 7) Bpf.trace("big \\"scale\\" %d from %u", tcp.windowScale(), tcp.sourcePort());
                    Bpf.trace("tsval %llx", tcp.timestampValue());
                    return XdpAction.PASS;
                }
            }
            """;

    @Test
    void theRenderingIsTheGoldenFile(@TempDir Path dir) throws IOException {
        InProcessCompiler.Output output = InProcessCompiler.compile(dir, Map.of("gen.OptionsAndTrace", SOURCE));
        assertTrue(output.success(), output.errors());
        String rendered = new String(output.resource("gen/OptionsAndTrace.bpf.c"), StandardCharsets.UTF_8);
        String resource = "golden/OptionsAndTrace.bpf.c";
        if (Boolean.getBoolean("ebpf4j.golden.update")) {
            Path file = Path.of("src/test/resources/dev/ebpf4j/processor/differential").resolve(resource);
            Files.createDirectories(file.getParent());
            Files.writeString(file, rendered);
            return;
        }
        try (InputStream in = OptionsAndTraceGoldenTest.class.getResourceAsStream(resource)) {
            assertTrue(in != null, "no golden file " + resource + ": run with -Debpf4j.golden.update=true");
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), rendered);
        }
    }
}
