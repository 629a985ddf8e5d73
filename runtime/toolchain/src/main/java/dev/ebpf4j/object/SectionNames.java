package dev.ebpf4j.object;

import static dev.ebpf4j.types.ProgramType.*;

import dev.ebpf4j.types.AttachType;
import dev.ebpf4j.types.ProgramType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * libbpf's program section names: which program type and expected attach type a section such as
 * {@code xdp}, {@code tcx/ingress} or {@code kprobe/tcp_connect} stands for.
 *
 * <p>Matching follows libbpf 1.x: a plain name matches exactly ({@code xdp}, {@code tc},
 * {@code cgroup_skb/ingress}); a name marked as taking an argument matches itself and itself
 * followed by {@code /} and anything ({@code kprobe}, {@code kprobe/do_sys_open}); the first
 * entry that matches wins, so more specific names come first.
 *
 * <pre>{@code
 * SectionNames.lookup("xdp.frags");        // Optional[ProgramKind[type=XDP, expectedAttachType=Optional[XDP]]]
 * SectionNames.lookup("kprobe/tcp_v4_connect").get().type();   // KPROBE
 * SectionNames.require("nonsense");        // IllegalArgumentException naming the section
 * }</pre>
 */
public final class SectionNames {
    private record Entry(String name, boolean takesArgument, ProgramKind kind) {
        boolean matches(String section) {
            return section.equals(name)
                    || takesArgument && section.length() > name.length() + 1 && section.startsWith(name) && section.charAt(name.length()) == '/';
        }
    }

    private static final List<Entry> ENTRIES = new ArrayList<>();

    static {
        exact("socket", SOCKET_FILTER, null);
        exact("sk_reuseport/migrate", SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT_OR_MIGRATE);
        exact("sk_reuseport", SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT);
        argument("kprobe.multi", KPROBE, AttachType.TRACE_KPROBE_MULTI);
        argument("kretprobe.multi", KPROBE, AttachType.TRACE_KPROBE_MULTI);
        argument("kprobe.session", KPROBE, AttachType.TRACE_KPROBE_SESSION);
        argument("uprobe.multi", KPROBE, AttachType.TRACE_UPROBE_MULTI);
        argument("uretprobe.multi", KPROBE, AttachType.TRACE_UPROBE_MULTI);
        argument("uprobe.multi.s", KPROBE, AttachType.TRACE_UPROBE_MULTI);
        argument("uretprobe.multi.s", KPROBE, AttachType.TRACE_UPROBE_MULTI);
        for (String probe : List.of("kprobe", "kretprobe", "uprobe", "uretprobe", "uprobe.s", "uretprobe.s",
                "ksyscall", "kretsyscall", "usdt", "usdt.s")) {
            argument(probe, KPROBE, null);
        }
        exact("tc/ingress", SCHED_CLS, AttachType.TCX_INGRESS);
        exact("tc/egress", SCHED_CLS, AttachType.TCX_EGRESS);
        exact("tcx/ingress", SCHED_CLS, AttachType.TCX_INGRESS);
        exact("tcx/egress", SCHED_CLS, AttachType.TCX_EGRESS);
        exact("tc", SCHED_CLS, null);
        exact("classifier", SCHED_CLS, null);
        exact("action", SCHED_ACT, null);
        exact("netkit/primary", SCHED_CLS, AttachType.NETKIT_PRIMARY);
        exact("netkit/peer", SCHED_CLS, AttachType.NETKIT_PEER);
        argument("tracepoint", TRACEPOINT, null);
        argument("tp", TRACEPOINT, null);
        argument("raw_tracepoint", RAW_TRACEPOINT, null);
        argument("raw_tp", RAW_TRACEPOINT, null);
        argument("raw_tracepoint.w", RAW_TRACEPOINT_WRITABLE, null);
        argument("raw_tp.w", RAW_TRACEPOINT_WRITABLE, null);
        argument("tp_btf", TRACING, AttachType.TRACE_RAW_TP);
        argument("fentry", TRACING, AttachType.TRACE_FENTRY);
        argument("fmod_ret", TRACING, AttachType.MODIFY_RETURN);
        argument("fexit", TRACING, AttachType.TRACE_FEXIT);
        argument("fentry.s", TRACING, AttachType.TRACE_FENTRY);
        argument("fmod_ret.s", TRACING, AttachType.MODIFY_RETURN);
        argument("fexit.s", TRACING, AttachType.TRACE_FEXIT);
        argument("freplace", EXT, null);
        argument("lsm", LSM, AttachType.LSM_MAC);
        argument("lsm.s", LSM, AttachType.LSM_MAC);
        argument("lsm_cgroup", LSM, AttachType.LSM_CGROUP);
        argument("iter", TRACING, AttachType.TRACE_ITER);
        argument("iter.s", TRACING, AttachType.TRACE_ITER);
        exact("syscall", SYSCALL, null);
        exact("xdp.frags/devmap", XDP, AttachType.XDP_DEVMAP);
        exact("xdp/devmap", XDP, AttachType.XDP_DEVMAP);
        exact("xdp.frags/cpumap", XDP, AttachType.XDP_CPUMAP);
        exact("xdp/cpumap", XDP, AttachType.XDP_CPUMAP);
        exact("xdp.frags", XDP, AttachType.XDP);
        exact("xdp", XDP, AttachType.XDP);
        exact("perf_event", PERF_EVENT, null);
        exact("lwt_in", LWT_IN, null);
        exact("lwt_out", LWT_OUT, null);
        exact("lwt_xmit", LWT_XMIT, null);
        exact("lwt_seg6local", LWT_SEG6LOCAL, null);
        exact("sockops", SOCK_OPS, AttachType.CGROUP_SOCK_OPS);
        exact("sk_skb/stream_parser", SK_SKB, AttachType.SK_SKB_STREAM_PARSER);
        exact("sk_skb/stream_verdict", SK_SKB, AttachType.SK_SKB_STREAM_VERDICT);
        exact("sk_skb/verdict", SK_SKB, AttachType.SK_SKB_VERDICT);
        exact("sk_skb", SK_SKB, null);
        exact("sk_msg", SK_MSG, AttachType.SK_MSG_VERDICT);
        exact("lirc_mode2", LIRC_MODE2, AttachType.LIRC_MODE2);
        exact("flow_dissector", FLOW_DISSECTOR, AttachType.FLOW_DISSECTOR);
        exact("cgroup_skb/ingress", CGROUP_SKB, AttachType.CGROUP_INET_INGRESS);
        exact("cgroup_skb/egress", CGROUP_SKB, AttachType.CGROUP_INET_EGRESS);
        exact("cgroup/skb", CGROUP_SKB, null);
        exact("cgroup/sock_create", CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE);
        exact("cgroup/sock_release", CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_RELEASE);
        exact("cgroup/sock", CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE);
        exact("cgroup/post_bind4", CGROUP_SOCK, AttachType.CGROUP_INET4_POST_BIND);
        exact("cgroup/post_bind6", CGROUP_SOCK, AttachType.CGROUP_INET6_POST_BIND);
        exact("cgroup/bind4", CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_BIND);
        exact("cgroup/bind6", CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_BIND);
        exact("cgroup/connect4", CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_CONNECT);
        exact("cgroup/connect6", CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_CONNECT);
        exact("cgroup/connect_unix", CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_CONNECT);
        exact("cgroup/sendmsg4", CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_SENDMSG);
        exact("cgroup/sendmsg6", CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_SENDMSG);
        exact("cgroup/sendmsg_unix", CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_SENDMSG);
        exact("cgroup/recvmsg4", CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_RECVMSG);
        exact("cgroup/recvmsg6", CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_RECVMSG);
        exact("cgroup/recvmsg_unix", CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_RECVMSG);
        exact("cgroup/getpeername4", CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETPEERNAME);
        exact("cgroup/getpeername6", CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETPEERNAME);
        exact("cgroup/getpeername_unix", CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETPEERNAME);
        exact("cgroup/getsockname4", CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETSOCKNAME);
        exact("cgroup/getsockname6", CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETSOCKNAME);
        exact("cgroup/getsockname_unix", CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETSOCKNAME);
        exact("cgroup/sysctl", CGROUP_SYSCTL, AttachType.CGROUP_SYSCTL);
        exact("cgroup/getsockopt", CGROUP_SOCKOPT, AttachType.CGROUP_GETSOCKOPT);
        exact("cgroup/setsockopt", CGROUP_SOCKOPT, AttachType.CGROUP_SETSOCKOPT);
        exact("cgroup/dev", CGROUP_DEVICE, AttachType.CGROUP_DEVICE);
        argument("struct_ops", STRUCT_OPS, null);
        argument("struct_ops.s", STRUCT_OPS, null);
        exact("sk_lookup", SK_LOOKUP, AttachType.SK_LOOKUP);
        exact("netfilter", NETFILTER, AttachType.NETFILTER);
    }

    private SectionNames() {}

    private static void exact(String name, ProgramType type, AttachType attach) {
        ENTRIES.add(new Entry(name, false, new ProgramKind(type, Optional.ofNullable(attach))));
    }

    private static void argument(String name, ProgramType type, AttachType attach) {
        ENTRIES.add(new Entry(name, true, new ProgramKind(type, Optional.ofNullable(attach))));
    }

    /** The kind {@code section} stands for, if libbpf knows the name. */
    public static Optional<ProgramKind> lookup(String section) {
        for (Entry entry : ENTRIES) {
            if (entry.matches(section)) {
                return Optional.of(entry.kind());
            }
        }
        return Optional.empty();
    }

    /**
     * The kind {@code section} stands for.
     *
     * @throws IllegalArgumentException naming the section if libbpf does not know it
     */
    public static ProgramKind require(String section) {
        return lookup(section).orElseThrow(() -> new IllegalArgumentException("section \"" + section
                + "\" is not a program section libbpf knows (such as xdp, tc, tcx/ingress, socket, kprobe/<function>,"
                + " tracepoint/<category>/<name>, fentry/<function>)"));
    }
}
