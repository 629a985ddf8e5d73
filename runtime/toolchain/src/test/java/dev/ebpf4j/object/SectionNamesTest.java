package dev.ebpf4j.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.types.AttachType;
import dev.ebpf4j.types.ProgramType;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SectionNamesTest {
    @ParameterizedTest(name = "{0} -> {1}, {2}")
    @CsvSource({
            "xdp, XDP, XDP",
            "xdp.frags, XDP, XDP",
            "xdp/devmap, XDP, XDP_DEVMAP",
            "xdp.frags/cpumap, XDP, XDP_CPUMAP",
            "tc, SCHED_CLS, ",
            "classifier, SCHED_CLS, ",
            "tcx/ingress, SCHED_CLS, TCX_INGRESS",
            "tcx/egress, SCHED_CLS, TCX_EGRESS",
            "tc/ingress, SCHED_CLS, TCX_INGRESS",
            "socket, SOCKET_FILTER, ",
            "kprobe/tcp_v4_connect, KPROBE, ",
            "kprobe, KPROBE, ",
            "kretprobe/tcp_v4_connect, KPROBE, ",
            "kprobe.multi/tcp_*, KPROBE, TRACE_KPROBE_MULTI",
            "tracepoint/sock/inet_sock_set_state, TRACEPOINT, ",
            "tp/syscalls/sys_enter_open, TRACEPOINT, ",
            "raw_tracepoint/sched_switch, RAW_TRACEPOINT, ",
            "raw_tp/sched_switch, RAW_TRACEPOINT, ",
            "tp_btf/sched_switch, TRACING, TRACE_RAW_TP",
            "fentry/tcp_rcv_established, TRACING, TRACE_FENTRY",
            "fexit/tcp_rcv_established, TRACING, TRACE_FEXIT",
            "fmod_ret/security_socket_connect, TRACING, MODIFY_RETURN",
            "lsm/socket_connect, LSM, LSM_MAC",
            "cgroup_skb/ingress, CGROUP_SKB, CGROUP_INET_INGRESS",
            "cgroup_skb/egress, CGROUP_SKB, CGROUP_INET_EGRESS",
            "cgroup/connect4, CGROUP_SOCK_ADDR, CGROUP_INET4_CONNECT",
            "sockops, SOCK_OPS, CGROUP_SOCK_OPS",
            "sk_msg, SK_MSG, SK_MSG_VERDICT",
            "sk_skb/stream_verdict, SK_SKB, SK_SKB_STREAM_VERDICT",
            "perf_event, PERF_EVENT, ",
            "iter/task, TRACING, TRACE_ITER",
            "syscall, SYSCALL, ",
            "sk_lookup, SK_LOOKUP, SK_LOOKUP",
            "netfilter, NETFILTER, NETFILTER",
    })
    void mapsLibbpfSectionNamesToProgramAndAttachTypes(String section, ProgramType type, AttachType attach) {
        assertEquals(new ProgramKind(type, Optional.ofNullable(attach)), SectionNames.require(section));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "xdp/foo", "xdpx", "tc/foo", "tcx", "socket/1", "kprobe/", "kprobex/foo", ".text", "license", "prog"})
    void rejectsNamesLibbpfDoesNotKnowNamingTheSection(String section) {
        assertTrue(SectionNames.lookup(section).isEmpty(), section);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SectionNames.require(section));
        assertTrue(e.getMessage().contains("\"" + section + "\""), e.getMessage());
    }
}
