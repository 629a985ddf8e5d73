package dev.ebpf4j.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.inspect.PortFilterSkeleton;
import dev.ebpf4j.inspect.VethNetworkFailingSample;
import dev.ebpf4j.inspect.VethNetworkVlanSample;
import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.links.AttachedProgram;
import dev.ebpf4j.links.Direction;
import dev.ebpf4j.links.TcAttachment;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.types.ProgramType;
import dev.ebpf4j.links.NetworkAttachments;
import dev.ebpf4j.links.NetworkDevice;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Tag;

/**
 * The network fixture for real: PortFilter attached to the inner end of a veth pair drops exactly the
 * SYNs and RSTs hping3 sends to a blocked port, over IPv4, while TCP
 * to other ports passes with every byte, over IPv4 and IPv6; a tc program on the inner end's ingress
 * drops connections until its attachment closes; a VLAN sub-interface carries tagged traffic where the
 * kernel has 802.1Q; and a test that fails with a program attached leaves no namespace, veth or
 * program behind.
 */
@KernelTest
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class VethNetworkTest {
    private static final int BLOCKED = 23;

    @RegisterExtension
    final VethNetwork network = VethNetwork.create();

    @Test
    void anAttachedPortFilterDropsSynsAndResetsToABlockedPortAndPassesOtherTraffic(PortFilterSkeleton filter) {
        filter.blockedPorts().put(BLOCKED, (byte) 1);
        network.attachXdp(filter.filter());
        assertEquals(List.of(filter.filter().id()), NetworkAttachments.on(NetworkDevice.named(network.innerDevice(), network.inner()))
                .stream().map(AttachedProgram::programId).toList());

        network.synOnly(VethNetwork.INNER_IPV4, BLOCKED, 5);
        assertEquals(Map.of(BLOCKED, 5L), filter.droppedByPort().entries());
        network.resets(VethNetwork.INNER_IPV4, BLOCKED, 3);
        assertEquals(Map.of(BLOCKED, 8L), filter.droppedByPort().entries());
        assertFalse(network.canConnect(VethNetwork.INNER_IPV4, BLOCKED, 500));

        assertEquals(100_000, network.sendTcp(VethNetwork.INNER_IPV4, 8080, 100_000));
        assertEquals(5_000, network.sendTcp(VethNetwork.INNER_IPV6, 8080, 5_000));
        assertTrue(network.canConnect(VethNetwork.INNER_IPV6, 8080, 2_000));
        assertEquals(List.of(BLOCKED), List.copyOf(filter.droppedByPort().entries().keySet()), "only the blocked port counted");
    }

    @Test
    void aTcProgramOnTheInnerEndsIngressDropsConnectionsUntilItsAttachmentCloses() {
        // r0 = TC_ACT_SHOT (2); exit: every frame arriving on the inner end is dropped.
        byte[] shot = new CodeBuilder().mov64(Register.R0, 2).exit().build().encode();
        try (Program program = Program.load(ProgramType.SCHED_CLS, shot, "GPL", "shot")) {
            assertTrue(network.canConnect(VethNetwork.INNER_IPV4, 8080, 2_000), "before attaching");
            TcAttachment attached = network.attachTc(program, Direction.INGRESS);
            assertEquals(List.of(program.id()), NetworkAttachments.on(NetworkDevice.named(network.innerDevice(), network.inner()))
                    .stream().map(AttachedProgram::programId).toList());
            assertFalse(network.canConnect(VethNetwork.INNER_IPV4, 8080, 500));
            assertFalse(network.canConnect(VethNetwork.INNER_IPV6, 8080, 500));
            attached.close();
            assertEquals(1_000, network.sendTcp(VethNetwork.INNER_IPV6, 8080, 1_000), "after detaching");
        }
    }

    @Test
    void badArgumentsAreOneLineErrorsNamingTheCall() {
        IllegalArgumentException vlan = assertThrows(IllegalArgumentException.class, () -> VethNetwork.create().withVlan(4095));
        assertEquals("VethNetwork.withVlan: VLAN id 4095 is not in 1..4094", vlan.getMessage());
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> network.sendTcp(InetAddress.ofLiteral("192.0.2.1"), 80, 10));
        assertEquals("VethNetwork.sendTcp: 192.0.2.1 is not an address of this network's inner end", outside.getMessage());
        IllegalArgumentException noVlan = assertThrows(IllegalArgumentException.class,
                () -> network.sendTcp(VethNetwork.INNER_VLAN_IPV4, 80, 10));
        assertEquals("VethNetwork.sendTcp: 10.212.0.1 is not an address of this network's inner end", noVlan.getMessage());
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
                () -> network.synOnly(VethNetwork.INNER_IPV4, 80, 100_000));
        assertEquals("VethNetwork.hping3: 100000 packets is not in 1..1000", many.getMessage());
    }

    /**
     * Where the kernel has 802.1Q (module 8021q, as the VM guests load it) tagged traffic is filtered;
     * where it lacks it (this machine's kernel is built without CONFIG_VLAN_8021Q), the test fails
     * with that one line, and what was made before is removed.
     */
    @Test
    void aVlanSubInterfaceCarriesTaggedTrafficOrFailsWithTheReasonWhereTheKernelHasNoVlans() {
        VethNetworkVlanSample.NAMESPACES.clear();
        String before = Commands.run(10, List.of("ip", "netns", "list"));
        List<LaunchedTests.Outcome> outcomes = LaunchedTests.run(VethNetworkVlanSample.class);
        assertEquals(1, outcomes.size(), outcomes::toString);
        LaunchedTests.Outcome outcome = outcomes.getFirst();
        if (Files.exists(Path.of("/proc/net/vlan"))) {
            assertEquals("SUCCESSFUL", outcome.status(), outcome::toString);
            assertEquals(1, VethNetworkVlanSample.NAMESPACES.size());
        } else {
            assertEquals("FAILED", outcome.status(), outcome::toString);
            assertTrue(outcome.reason().matches("java.lang.IllegalStateException: VethNetwork: this kernel has no 802.1Q VLAN support "
                    + "\\(CONFIG_VLAN_8021Q, module 8021q\\): cannot make veth-in.100"), outcome::toString);
            assertEquals(List.of(), VethNetworkVlanSample.NAMESPACES, "the test body ran");
        }
        // This test's own network is there before and after; the sample's must be gone.
        assertEquals(before, Commands.run(10, List.of("ip", "netns", "list")), "namespaces left by the sample");
    }

    @Test
    void aFailingTestLeavesNoNamespaceVethOrProgramBehind() throws Exception {
        VethNetworkFailingSample.NAMESPACES.clear();
        VethNetworkFailingSample.PROGRAM_IDS.clear();
        List<LaunchedTests.Outcome> outcomes = LaunchedTests.run(VethNetworkFailingSample.class);
        assertEquals(1, outcomes.size(), outcomes::toString);
        assertEquals("FAILED", outcomes.getFirst().status(), outcomes::toString);
        assertTrue(outcomes.getFirst().reason().contains("failing on purpose with VethNetwork ebpf4j-junit-"), outcomes::toString);

        List<String> namespaces = VethNetworkFailingSample.NAMESPACES;
        assertEquals(2, namespaces.size(), namespaces::toString);
        String listed = Commands.run(10, List.of("ip", "netns", "list"));
        for (String namespace : namespaces) {
            assertFalse(Files.exists(Path.of("/run/netns", namespace)), namespace + " is still bound");
            assertFalse(listed.contains(namespace), namespace + " is still listed: " + listed);
        }
        String links = Commands.run(10, List.of("ip", "-o", "link", "show"));
        assertFalse(links.contains("veth-in") || links.contains("veth-out"), "a veth end is in this namespace: " + links);
        SkeletonParametersTest.assertClosed(VethNetworkFailingSample.PROGRAM_IDS.getFirst());
    }
}
