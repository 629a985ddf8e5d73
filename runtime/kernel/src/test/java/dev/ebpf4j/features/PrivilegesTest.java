package dev.ebpf4j.features;

import static org.junit.jupiter.api.Assertions.*;

import dev.ebpf4j.features.Privileges.Capability;
import dev.ebpf4j.types.MapType;
import dev.ebpf4j.types.ProgramType;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The reasons a refusal carries, for capability sets written out here rather than read from this process. */
class PrivilegesTest {
    /** Root whose effective set lacks CAP_SYS_RESOURCE (the machine of issue 10). */
    private static final long ROOT_WITHOUT_SYS_RESOURCE = 0x000001fffeffffffL;

    private static long without(long effective, Capability... capabilities) {
        for (Capability capability : capabilities) {
            effective &= ~(1L << capability.bit);
        }
        return effective;
    }

    @Test
    void sysAdminPassesTheChecksForBpfAndPerfmonButNotForNetAdmin() {
        long adminOnly = 1L << Capability.SYS_ADMIN.bit;
        assertTrue(Privileges.grants(adminOnly, Capability.BPF));
        assertTrue(Privileges.grants(adminOnly, Capability.PERFMON));
        assertFalse(Privileges.grants(adminOnly, Capability.NET_ADMIN));
        assertFalse(Privileges.grants(0, Capability.BPF));
    }

    @Test
    void aRefusalForAMissingCapabilityNamesWhatTheKernelChecksAndWhatIsMissing() {
        long noNetAdmin = without(ROOT_WITHOUT_SYS_RESOURCE, Capability.NET_ADMIN);
        assertEquals("the kernel allows it only with CAP_BPF plus CAP_NET_ADMIN, and this process lacks CAP_NET_ADMIN",
                Privileges.refusal(Privileges.needs(ProgramType.XDP), OptionalLong.of(noNetAdmin)));
        long noPerfmon = without(ROOT_WITHOUT_SYS_RESOURCE, Capability.PERFMON, Capability.SYS_ADMIN);
        assertEquals("the kernel allows it only with CAP_BPF plus CAP_PERFMON, and this process lacks CAP_PERFMON"
                + " (CAP_SYS_ADMIN would do too)", Privileges.refusal(Privileges.needs(ProgramType.KPROBE), OptionalLong.of(noPerfmon)));
    }

    @Test
    void aRefusalDespiteTheCheckedCapabilitiesPointsAtWhatElseIsMissingOrAtAPolicy() {
        assertEquals("this process holds CAP_BPF, which the kernel checks for it, so something else refuses it: a check this kernel"
                        + " adds (this process lacks CAP_SYS_RESOURCE) or a security policy (an LSM or seccomp)",
                Privileges.refusal(Privileges.needs(MapType.ARENA), OptionalLong.of(ROOT_WITHOUT_SYS_RESOURCE)));
        assertEquals("the kernel checks no capability for it beyond those for array maps, so something else refuses it:"
                        + " a security policy (an LSM or seccomp)",
                Privileges.refusal(List.of(), OptionalLong.of(-1L)));
        assertTrue(Privileges.refusal(List.of(), OptionalLong.empty()).contains("could not be read"));
    }

    @Test
    void helpersBehindACapabilityAreKnownAndPacketHelpersAreNot() {
        assertEquals(Capability.PERFMON, Privileges.helperNeeds(6));    // trace_printk
        assertEquals(Capability.PERFMON, Privileges.helperNeeds(113));  // probe_read_kernel
        assertEquals(Capability.BPF, Privileges.helperNeeds(93));       // spin_lock
        assertEquals(Capability.SYS_ADMIN, Privileges.helperNeeds(36)); // probe_write_user
        assertNull(Privileges.helperNeeds(44));                          // xdp_adjust_head
        assertNull(Privileges.helperNeeds(1));                           // map_lookup_elem
    }

    @Test
    void everyTypeHasItsCheckedCapabilities() {
        for (MapType type : MapType.values()) {
            assertNotNull(Privileges.needs(type), type.name());
        }
        assertEquals(List.of(Capability.NET_ADMIN), Privileges.needs(MapType.DEVMAP));
        assertEquals(List.of(), Privileges.needs(ProgramType.SOCKET_FILTER));
        assertEquals(List.of(Capability.BPF), Privileges.needs(ProgramType.SK_REUSEPORT));
    }
}
