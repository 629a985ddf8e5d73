package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.inspect.TcpFlagCounterSkeleton;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.links.XdpAttachment;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.VethPair;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every failure a person meets ends as one line on standard error, "tcpinspect: " and the problem
 * with its fix, and an exit code of its own; nothing is left attached after it.
 */
@RequiresBpf
class ErrorsTest {
    private VethPair veth;
    private NetworkNamespace inner;
    private NetworkDevice device;

    @BeforeEach
    void namespaces() throws Exception {
        veth = VethPair.create();
        inner = new NetworkNamespace(veth.innerNamespace());
        device = NetworkDevice.named(veth.inner(), inner);
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (veth != null) {
            veth.close();
        }
    }

    private ToolRuns.Result fails(int exitCode, String... args) throws InterruptedException {
        ToolRuns.Result result = ToolRuns.inProcess(args);
        assertOneLine(result, exitCode);
        ToolRuns.awaitXdp(device, 0, 0);
        ToolRuns.awaitTc(device, 0, 0);
        return result;
    }

    private static void assertOneLine(ToolRuns.Result result, int exitCode) {
        assertEquals(exitCode, result.exitCode(), "exit code; stderr: " + result.err());
        assertEquals(1, result.errLines().size(), "one line: " + result.err());
        assertTrue(result.err().startsWith("tcpinspect: "), result.err());
        assertEquals("", result.out(), "nothing on standard output");
    }

    @Test
    void unknownInterfaceSaysHowToListThem() throws Exception {
        String err = fails(ExitCode.NO_SUCH_INTERFACE, "watch", "nosuch0", "--netns", inner.name()).err();
        assertTrue(err.contains("no network interface named 'nosuch0'") && err.contains("ip -n " + inner.name() + " link"), err);
        err = fails(ExitCode.NO_SUCH_INTERFACE, "watch", veth.inner(), "--netns", "ebpf4j-no-such-namespace").err();
        assertTrue(err.contains("no network namespace named 'ebpf4j-no-such-namespace'") && err.contains("ip netns"), err);
    }

    @Test
    void anInterfaceCarryingAnotherXdpProgramIsNamedWithTheWayOut() throws Exception {
        try (TcpFlagCounterSkeleton other = TcpFlagCounterSkeleton.load();
             XdpAttachment held = XdpAttachment.attach(other.count(), device)) {
            ToolRuns.Result result = ToolRuns.inProcess("firewall", veth.inner(), "--netns", inner.name(), "--block", "10.0.0.0/8",
                    "--json", "--duration", "1");
            assertOneLine(result, ExitCode.HOOK_TAKEN);
            assertTrue(result.err().contains(veth.inner() + " already carries XDP program 'count' (id " + held.programId()), result.err());
            assertTrue(result.err().contains("detach it first (native and generic XDP cannot be active together; 'tcpinspect watch' runs at tc"),
                    result.err());
            ToolRuns.awaitTc(device, 0, 0);
            assertEquals(List.of(held.programId()), ToolRuns.xdp(device).stream().map(p -> p.programId()).toList(),
                    "the other program is untouched");
        }
    }

    @Test
    void persistWithoutBpffsNamesTheDirectoryAndTheMount(@TempDir Path notBpffs) throws Exception {
        String err = fails(ExitCode.NO_BPFFS, "watch", veth.inner(), "--netns", inner.name(), "--persist",
                "--pin-dir", notBpffs.resolve("pins").toString()).err();
        assertTrue(err.contains("is not on a bpffs") && err.contains("mount -t bpf bpf /sys/fs/bpf") && err.contains("--pin-dir"), err);
        assertTrue(Files.notExists(notBpffs.resolve("pins")), "nothing created");
    }

    @Test
    void aPrometheusPortInUseIsSaidBeforeAnythingIsAttached() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String err = fails(ExitCode.PORT_IN_USE, "watch", veth.inner(), "--netns", inner.name(), "--json", "--duration", "1",
                    "--prometheus", "127.0.0.1:" + taken.getLocalPort()).err();
            assertTrue(err.contains("port " + taken.getLocalPort() + " is in use") && err.contains("choose another port"), err);
        }
    }

    @Test
    void aMalformedCidrIsNamedWithWhatIsWrong() throws Exception {
        String err = fails(ExitCode.BAD_CIDR, "firewall", veth.inner(), "--netns", inner.name(), "--block", "10.0.0.300/8").err();
        assertTrue(err.contains("--block: '10.0.0.300/8' is not a CIDR prefix: 300 is more than 255"), err);
        err = fails(ExitCode.BAD_CIDR, "guard", veth.inner(), "--netns", inner.name(), "--syn-rate", "100", "--allow", "2001:db8::/129").err();
        assertTrue(err.contains("--allow: '2001:db8::/129' is not a CIDR prefix: the length '129' is not a number from 0 to 128"), err);
        err = fails(ExitCode.BAD_CIDR, "firewall", veth.inner(), "--netns", inner.name(), "--block", "10.1.2.3/8:80").err();
        assertTrue(err.contains("bits set past /8 (the network is 10.0.0.0/8)"), err);
        err = fails(ExitCode.BAD_CIDR, "firewall", veth.inner(), "--netns", inner.name(), "--block", "0.0.0.0/0:99999").err();
        assertTrue(err.contains("the port '99999' is not a number from 1 to 65535"), err);
        err = fails(ExitCode.BAD_CIDR, "guard", veth.inner(), "--netns", inner.name(), "--add-allow", "10.0.0.0/8", "fd00::1/64").err();
        assertTrue(err.contains("--add-allow: 'fd00::1/64' is not a CIDR prefix: the address has bits set past /64"), err);
    }

    @Test
    void changingAFirewallOrGuardThatIsNotRunningSaysHowToStartOne(@TempDir Path dir) throws Exception {
        String err = fails(ExitCode.NOT_RUNNING, "firewall", veth.inner(), "--netns", inner.name(), "--pin-dir", dir.toString(),
                "--add", "10.0.0.0/8").err();
        assertTrue(err.contains("no running firewall on " + veth.inner()) && err.contains("tcpinspect firewall " + veth.inner() + " --block"), err);
        err = fails(ExitCode.NOT_RUNNING, "guard", veth.inner(), "--netns", inner.name(), "--pin-dir", dir.toString(),
                "--syn-rate", "5", "--update").err();
        assertTrue(err.contains("no running guard on " + veth.inner()), err);
        err = fails(ExitCode.NOT_RUNNING, "guard", veth.inner(), "--netns", inner.name(), "--pin-dir", dir.toString(),
                "--add-allow", "10.0.0.0/8").err();
        assertTrue(err.contains("--add-allow: no running guard on " + veth.inner()) && err.contains("tcpinspect guard " + veth.inner()
                + " --syn-rate N"), err);
    }

    @Test
    void twoRulesOnOnePrefixOfOneListAreRefusedBeforeAnythingIsAttached() throws Exception {
        String err = fails(ExitCode.BAD_CIDR, "firewall", veth.inner(), "--netns", inner.name(), "--block", "10.0.0.0/8:80",
                "10.0.0.0/8:443", "--duration", "1").err();
        assertTrue(err.contains("--block 10.0.0.0/8:443: the blocklist already has a rule on 10.0.0.0/8 (10.0.0.0/8:80)"), err);
    }

    @Test
    void startingAndChangingAFirewallInOneCommandIsAUsageError() throws Exception {
        String err = fails(ExitCode.USAGE, "firewall", veth.inner(), "--netns", inner.name(), "--block", "10.0.0.0/8", "--add", "10.1.0.0/16")
                .err();
        assertTrue(err.contains("give one kind or the other"), err);
        err = fails(ExitCode.USAGE, "guard", veth.inner(), "--netns", inner.name(), "--syn-rate", "5", "--allow", "10.0.0.0/8",
                "--add-allow", "10.1.0.0/16").err();
        assertTrue(err.contains("give one kind or the other"), err);
        err = fails(ExitCode.USAGE, "guard", veth.inner(), "--netns", inner.name(), "--allow", "10.0.0.0/8").err();
        assertTrue(err.contains("give the limit with --syn-rate N"), err);
    }

    @Test
    void anIpv6PrefixOutOfRangeOrForARunningGuardIsOneLine() throws Exception {
        for (String length : List.of("129", "-1")) {
            String err = fails(ExitCode.USAGE, "guard", veth.inner(), "--netns", inner.name(), "--syn-rate", "5", "--ipv6-prefix", length).err();
            assertEquals("tcpinspect: --ipv6-prefix " + length + ": give a prefix length from 0 to 128\n", err);
        }
        String err = fails(ExitCode.USAGE, "guard", veth.inner(), "--netns", inner.name(), "--syn-rate", "5", "--update", "--ipv6-prefix", "56")
                .err();
        assertTrue(err.contains("--ipv6-prefix is chosen when a guard starts") && err.contains("start it again"), err);
    }

    @Test
    void stopWithNothingPersistedSaysWhereItLooked(@TempDir Path dir) throws Exception {
        String err = fails(ExitCode.NOTHING_PERSISTED, "stop", veth.inner(), "--pin-dir", dir.toString()).err();
        assertTrue(err.contains("tcpinspect persisted nothing for " + veth.inner()) && err.contains(dir.toString()), err);
    }

    @Test
    void usageErrorsPointToHelp() {
        ToolRuns.Result result = ToolRuns.inProcess("watch", "--duration", "soon", veth.inner());
        assertEquals(ExitCode.USAGE, result.exitCode());
        assertEquals(2, result.errLines().size(), result.err());
        assertTrue(result.errLines().get(1).contains("tcpinspect watch --help"), result.err());
    }

    /** As a process with every capability dropped (root without them is what a container often is). */
    @Test
    @Tag("slow")
    void withoutCapabilitiesItSaysWhichAreMissing() throws Exception {
        String setpriv = ExternalTool.require("setpriv").executable().toString();
        Process process = ToolRuns.process(List.of("ip", "netns", "exec", inner.name(), setpriv, "--inh-caps=-all",
                "--bounding-set=-all", "--"), "watch", veth.inner()).start();
        ToolRuns.Result result = ToolRuns.finish(process);
        assertOneLine(result, ExitCode.NOT_PERMITTED);
        assertTrue(result.err().contains("needs CAP_BPF, CAP_NET_ADMIN and CAP_PERFMON") && result.err().contains("run as root"), result.err());
        ToolRuns.awaitXdp(device, 0, 0);
    }
}
