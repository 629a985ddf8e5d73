package dev.ebpf4j.sys;

import dev.ebpf4j.testing.TestClassPath;
import dev.ebpf4j.testing.ChildJvm;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.RequiresBpf;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Links for real, in a child JVM inside its own network namespace (see {@link LinkChild}). */
@RequiresBpf
class LinkCallsTest {
    @Test
    void xdpAndTcxLinksAttachReplaceAndDetachInAPrivateNamespace() throws Exception {
        String unshare = ExternalTool.require("unshare").executable().toString();
        List<String> command = new ArrayList<>(List.of(unshare, "--net", "--"));
        command.addAll(ChildJvm.command(TestClassPath.of(), LinkChild.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), out);
        assertTrue(out.contains("ok: xdp link detached") && out.contains("DONE"), out);
        if (KernelVersion.running().isAtLeast(6, 6)) {
            assertTrue(out.contains("ok: tcx link placed before the first"), out);
        }
    }
}
