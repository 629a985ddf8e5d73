package dev.ebpf4j.cli;

import static dev.ebpf4j.cli.CommandLineTest.ebpf4j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.cli.CommandLineTest.Run;
import dev.ebpf4j.links.NetworkAttachments;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.testing.ChildJvm;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.TestClassPath;
import dev.ebpf4j.testing.VethPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ebpf4j attach} run by a process without {@code CAP_NET_ADMIN} (a child under
 * {@code setpriv}, in the test's namespace): attaching over netlink, which the kernel allows only with
 * that capability, fails in one line that names it, and leaves nothing attached or pinned. The
 * program is loaded and pinned by this process first, so the child's refusal is the attach's alone.
 */
@RequiresBpf
@Tag("slow") // child JVMs: minutes under the VMs' emulation, for a refusal that is the same on every kernel
class AttachWithFewerCapabilitiesTest {

    @TempDir
    Path dir;

    private VethPair veth;
    private PrivateBpffs bpffs;
    private Path pinned;

    @BeforeEach
    void setUp() throws Exception {
        Path source = dir.resolve("attach.s");
        Files.writeString(source, AttachCommandsTest.PROGRAMS);
        String object = dir.resolve("attach.o").toString();
        assertEquals(0, ebpf4j("asm", source.toString(), "-o", object).exitCode());
        veth = VethPair.create();
        bpffs = PrivateBpffs.mount();
        pinned = bpffs.dir().resolve("programs");
        Run load = ebpf4j("load", object, "--pin", pinned.toString());
        assertEquals(0, load.exitCode(), load.err());
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (veth != null) {
                veth.close();
            }
        } finally {
            if (bpffs != null) {
                bpffs.close();
            }
        }
    }

    @Test
    void attachingOverNetlinkWithoutNetAdminIsOneLineNamingTheCapability() throws Exception {
        String pinDir = bpffs.dir().resolve("ebpf4j").toString();
        Run xdp = inChildWithout("net_admin", "attach", "xdp", pinned.resolve("pass_xdp").toString(), "veth-in", "--netlink",
                "--pin-dir", pinDir);
        assertRefused(xdp, "cannot attach XDP program 'pass_xdp' to veth-in: not permitted; run as root or grant CAP_NET_ADMIN");
        Run tc = inChildWithout("net_admin", "attach", "tc", pinned.resolve("next_tc").toString(), "veth-in", "ingress", "--netlink",
                "--pin-dir", pinDir);
        assertRefused(tc, "cannot attach tc program 'next_tc' to veth-in ingress", "CAP_NET_ADMIN");

        NetworkDevice device = NetworkDevice.named("veth-in", new NetworkNamespace(veth.innerNamespace()));
        assertEquals(List.of(), NetworkAttachments.on(device), "nothing attached");
        if (Files.exists(Path.of(pinDir))) {
            try (var pins = Files.list(Path.of(pinDir))) {
                assertEquals(List.of(), pins.toList(), "nothing pinned");
            }
        }
        assertFalse(veth.inInner("tc", "qdisc", "show", "dev", "veth-in").contains("clsact"), "no clsact left behind");
    }

    private static void assertRefused(Run run, String... fragments) {
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), "one line expected: " + run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        for (String fragment : fragments) {
            assertTrue(run.err().contains(fragment), "missing '" + fragment + "' in " + run.err());
        }
    }

    /** Runs the command line in a child JVM inside the inner namespace, without {@code capability}. */
    private Run inChildWithout(String capability, String... args) throws Exception {
        String setpriv = ExternalTool.require("setpriv").executable().toString();
        String ip = ExternalTool.require("ip").executable().toString();
        List<String> command = new java.util.ArrayList<>(List.of(ip, "netns", "exec", veth.innerNamespace(),
                setpriv, "--inh-caps=-" + capability, "--bounding-set=-" + capability, "--"));
        command.addAll(ChildJvm.command(List.of(), TestClassPath.of(), Ebpf4j.class.getName(), List.of(args)));
        Path err = dir.resolve("err");
        Process child = new ProcessBuilder(command).redirectError(err.toFile()).start();
        child.getOutputStream().close();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child did not finish");
        String error = Files.readString(err);
        if (error.startsWith("setpriv:")) {
            System.out.println("skipping: cannot drop capabilities: " + error.strip());
            Assumptions.abort("cannot drop capabilities: " + error.strip());
        }
        return new Run(child.exitValue(), out, error);
    }
}
