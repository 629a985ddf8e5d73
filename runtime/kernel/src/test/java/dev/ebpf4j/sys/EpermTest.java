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

/** A process without capabilities gets EPERM, and the message names what it lacks. */
@RequiresBpf
class EpermTest {
    @Test
    void unprivilegedLoadNamesTheMissingCapabilities() throws Exception {
        String setpriv = ExternalTool.require("setpriv").executable().toString();
        List<String> command = new ArrayList<>(List.of(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--"));
        command.addAll(ChildJvm.command(List.of("-Xshare:off"), TestClassPath.of(), EpermChild.class.getName(), List.of()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), out);
        assertTrue(out.contains("BPF_PROG_LOAD of 'eperm' failed: EPERM"), out);
        assertTrue(out.contains("CAP_BPF plus CAP_NET_ADMIN"), out);
    }
}
