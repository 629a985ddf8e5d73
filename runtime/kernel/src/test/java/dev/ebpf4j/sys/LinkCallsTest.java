package dev.ebpf4j.sys;

import dev.ebpf4j.testing.TestClassPath;
import dev.ebpf4j.testing.ExternalTool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Links for real, in a child JVM inside its own network namespace (see {@link LinkChild}). */
@Tag("kernel")
class LinkCallsTest {
    @Test
    void xdpAndTcxLinksAttachReplaceAndDetachInAPrivateNamespace() throws Exception {
        BpfAvailable.assumeBpf();
        String unshare = ExternalTool.require("unshare").executable().toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = TestClassPath.of();
        Process child = new ProcessBuilder(List.of(unshare, "--net", "--", java, "-XX:-UsePerfData",
                "--enable-native-access=ALL-UNNAMED", "-cp", classpath, LinkChild.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), out);
        assertTrue(out.contains("ok: xdp link detached") && out.contains("DONE"), out);
        if (KernelVersion.running().isAtLeast(6, 6)) {
            assertTrue(out.contains("ok: tcx link placed before the first"), out);
        }
    }
}
