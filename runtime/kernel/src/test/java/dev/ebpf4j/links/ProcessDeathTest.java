package dev.ebpf4j.links;

import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.ChildJvm;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.VethPair;
import dev.ebpf4j.types.ProgramType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kill -9} of a process holding link attachments: unpinned ones go with it, a pinned one stays. */
@RequiresBpf
class ProcessDeathTest {
    private VethPair veth;
    private NetworkDevice device;

    @BeforeEach
    void namespaces() throws Exception {
        ExternalTool.require("ip");
        veth = VethPair.create();
        device = NetworkDevice.named(veth.inner(), new NetworkNamespace(veth.innerNamespace()));
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (veth != null) {
            veth.close();
        }
    }

    @Test
    void killingTheHolderLeavesNothingAttached() throws Exception {
        List<String> before = holdThenKill(null);
        assertEquals(LinkSupport.tcx().orElse(false) ? 2 : 1, before.size(), before.toString());
        assertEquals(List.of(), describeAttached(), "the kernel released the links with the process");
    }

    @Test
    void aPinnedLinkSurvivesTheKillAndIsDetachedFromItsPin() throws Exception {
        try (PrivateBpffs bpffs = PrivateBpffs.mount()) {
            Path pin = bpffs.dir().resolve("held-xdp");
            holdThenKill(pin);
            List<String> after = describeAttached();
            assertEquals(1, after.size(), after.toString());
            assertTrue(after.getFirst().contains("xdp: program ") && after.getFirst().contains("'held_xdp', native mode, BPF link "),
                    after.toString());
            XdpLink.openPinned(pin, device.namespace().orElseThrow()).detach();
            assertFalse(Files.exists(pin));
            assertEquals(List.of(), describeAttached());
        }
    }

    /** Starts the holder, waits until it has attached, kills it with SIGKILL; returns what was attached before. */
    private List<String> holdThenKill(Path pin) throws Exception {
        String classpath = String.join(":", location(Program.class), location(ProgramType.class), location(HoldAttachments.class));
        List<String> command = new ArrayList<>(ChildJvm.command(classpath, HoldAttachments.class.getName(),
                veth.innerNamespace(), veth.inner()));
        if (pin != null) {
            command.add(pin.toString());
        }
        Process holder = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream()));
            StringBuilder said = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                said.append(line).append('\n');
            }
            assertEquals("ready", line, "the holder failed: " + said);
            List<String> before = describeAttached();
            holder.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, holder.exitValue(), "killed by SIGKILL");
            return before;
        } finally {
            holder.destroyForcibly();
        }
    }

    private List<String> describeAttached() {
        return NetworkAttachments.on(device).stream().map(AttachedProgram::describe).toList();
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
