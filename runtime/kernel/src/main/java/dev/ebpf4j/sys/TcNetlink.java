package dev.ebpf4j.sys;

import java.util.ArrayList;
import java.util.List;

/**
 * tc over routing netlink, as {@code tc} itself and libbpf's {@code bpf_tc_*} speak it: the
 * {@code clsact} qdisc (found by dump, created exclusively), {@code cls_bpf} filters in
 * direct-action mode added with {@code NLM_F_ECHO} so the kernel says which priority and handle it
 * gave, listed by dump, and deleted one at a time by priority and handle.
 */
public final class TcNetlink {
    static final int RTM_NEWQDISC = 36, RTM_DELQDISC = 37, RTM_GETQDISC = 38;
    static final int RTM_NEWTFILTER = 44, RTM_DELTFILTER = 45, RTM_GETTFILTER = 46;
    static final int TCA_KIND = 1, TCA_OPTIONS = 2;
    static final int TCA_BPF_FD = 6, TCA_BPF_NAME = 7, TCA_BPF_FLAGS = 8, TCA_BPF_ID = 11;
    static final int TCA_BPF_FLAG_ACT_DIRECT = 1;
    /** {@code TC_H_CLSACT} (= {@code TC_H_INGRESS}): the parent of the clsact and ingress qdiscs. */
    public static final int TC_H_CLSACT = 0xFFFFFFF1;
    /** The clsact qdisc's own handle, {@code TC_H_MAKE(TC_H_CLSACT, 0)}. */
    static final int CLSACT_HANDLE = 0xFFFF0000;
    /** Filter parents: {@code TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS / TC_H_MIN_EGRESS)}. */
    public static final int PARENT_INGRESS = 0xFFFFFFF2, PARENT_EGRESS = 0xFFFFFFF3;
    /** {@code htons(ETH_P_ALL)}, the protocol half of {@code tcm_info} for filters that see every frame. */
    static final int ETH_P_ALL_BE = 0x0300;

    private TcNetlink() {}

    /** A qdisc on an interface: its kind ("clsact", "ingress", ...), handle and parent. */
    public record Qdisc(int ifindex, String kind, int handle, int parent) {}

    /**
     * A filter on a clsact parent.
     *
     * @param kind "bpf" for cls_bpf, or another classifier's name
     * @param programId the cls_bpf program's id (4.13+), 0 for other kinds
     * @param name cls_bpf's {@code TCA_BPF_NAME}, empty for other kinds
     * @param directAction whether cls_bpf runs in direct-action mode
     */
    public record Filter(int ifindex, int parent, int priority, int handle, String kind, int programId, String name,
                         boolean directAction) {}

    /** The qdiscs of interface {@code ifindex}. */
    public static List<Qdisc> qdiscs(NetlinkSocket socket, int ifindex) {
        NetlinkWriter m = NetlinkWriter.request(RTM_GETQDISC, NetlinkWriter.NLM_F_REQUEST | NetlinkWriter.NLM_F_DUMP)
                .tcmsg(0, ifindex, 0, 0, 0);
        List<Qdisc> all = new ArrayList<>();
        for (NetlinkMessage reply : socket.request(m, "RTM_GETQDISC")) {
            if (reply.headerInt(4) == ifindex) {
                all.add(new Qdisc(ifindex, reply.attributes(20).string(TCA_KIND).orElse(""), reply.headerInt(8), reply.headerInt(12)));
            }
        }
        return all;
    }

    /** Creates the clsact qdisc; fails with {@code EEXIST} if the interface has a clsact or ingress qdisc. */
    public static void addClsact(NetlinkSocket socket, int ifindex) {
        NetlinkWriter m = NetlinkWriter.request(RTM_NEWQDISC, NetlinkWriter.NLM_F_REQUEST | NetlinkWriter.NLM_F_ACK
                        | NetlinkWriter.NLM_F_EXCL | NetlinkWriter.NLM_F_CREATE)
                .tcmsg(0, ifindex, CLSACT_HANDLE, TC_H_CLSACT, 0)
                .string(TCA_KIND, "clsact");
        socket.request(m, "RTM_NEWQDISC (clsact)");
    }

    /** Deletes the clsact qdisc (with every filter on it): only for undoing a qdisc this process just made. */
    public static void deleteClsact(NetlinkSocket socket, int ifindex) {
        NetlinkWriter m = NetlinkWriter.request(RTM_DELQDISC, NetlinkWriter.NLM_F_REQUEST | NetlinkWriter.NLM_F_ACK)
                .tcmsg(0, ifindex, CLSACT_HANDLE, TC_H_CLSACT, 0)
                .string(TCA_KIND, "clsact");
        socket.request(m, "RTM_DELQDISC (clsact)");
    }

    /**
     * Adds (or with {@code replace}, replaces at the given priority and handle) a direct-action
     * cls_bpf filter running {@code programFd} on {@code parent}; priority and handle 0 let the
     * kernel choose. Returns the filter as the kernel echoed it back.
     */
    public static Filter addBpfFilter(NetlinkSocket socket, int ifindex, int parent, int priority, int handle,
                                      int programFd, String name, boolean replace) {
        int flags = NetlinkWriter.NLM_F_REQUEST | NetlinkWriter.NLM_F_ACK | NetlinkWriter.NLM_F_ECHO
                | (replace ? NetlinkWriter.NLM_F_REPLACE : NetlinkWriter.NLM_F_CREATE | NetlinkWriter.NLM_F_EXCL);
        NetlinkWriter m = NetlinkWriter.request(RTM_NEWTFILTER, flags)
                .tcmsg(0, ifindex, handle, parent, (priority << 16) | ETH_P_ALL_BE)
                .string(TCA_KIND, "bpf");
        int options = m.beginNested(TCA_OPTIONS);
        m.s32(TCA_BPF_FD, programFd).string(TCA_BPF_NAME, name).u32(TCA_BPF_FLAGS, TCA_BPF_FLAG_ACT_DIRECT);
        m.endNested(options);
        for (NetlinkMessage reply : socket.request(m, "RTM_NEWTFILTER (cls_bpf)")) {
            if (reply.type() == RTM_NEWTFILTER) {
                return filter(reply);
            }
        }
        throw new IllegalStateException("the kernel added the filter on ifindex " + ifindex
                + " but did not echo it back: its priority and handle are unknown");
    }

    /** The filters on {@code parent} of interface {@code ifindex}. */
    public static List<Filter> filters(NetlinkSocket socket, int ifindex, int parent) {
        NetlinkWriter m = NetlinkWriter.request(RTM_GETTFILTER, NetlinkWriter.NLM_F_REQUEST | NetlinkWriter.NLM_F_DUMP)
                .tcmsg(0, ifindex, 0, parent, 0);
        List<Filter> all = new ArrayList<>();
        for (NetlinkMessage reply : socket.request(m, "RTM_GETTFILTER")) {
            Filter f = filter(reply);
            // A dump also lists each priority's classifier head, with handle 0 and no options.
            if (f.handle() != 0) {
                all.add(f);
            }
        }
        return all;
    }

    /** Deletes exactly the filter at {@code priority}/{@code handle} on {@code parent}. */
    public static void deleteFilter(NetlinkSocket socket, int ifindex, int parent, int priority, int handle, String kind) {
        NetlinkWriter m = NetlinkWriter.request(RTM_DELTFILTER, NetlinkWriter.NLM_F_REQUEST | NetlinkWriter.NLM_F_ACK)
                .tcmsg(0, ifindex, handle, parent, (priority << 16) | ETH_P_ALL_BE)
                .string(TCA_KIND, kind);
        socket.request(m, "RTM_DELTFILTER");
    }

    private static Filter filter(NetlinkMessage reply) {
        NetlinkAttributes attributes = reply.attributes(20);
        String kind = attributes.string(TCA_KIND).orElse("");
        NetlinkAttributes options = attributes.nested(TCA_OPTIONS);
        boolean bpf = kind.equals("bpf");
        return new Filter(reply.headerInt(4), reply.headerInt(12), reply.headerInt(16) >>> 16, reply.headerInt(8), kind,
                bpf ? options.u32(TCA_BPF_ID).orElse(0) : 0, bpf ? options.string(TCA_BPF_NAME).orElse("") : "",
                bpf && (options.u32(TCA_BPF_FLAGS).orElse(0) & TCA_BPF_FLAG_ACT_DIRECT) != 0);
    }
}
