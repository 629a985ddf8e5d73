package dev.ebpf4j.sys;

import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.errors.NetlinkException;
import java.util.ArrayList;
import java.util.List;

/**
 * XDP over routing netlink: {@code RTM_SETLINK} with a nested {@code IFLA_XDP} to attach, replace
 * or detach a program, {@code RTM_GETLINK} to read what is attached and in which mode. Message
 * layouts as libbpf's {@code bpf_xdp_attach}/{@code bpf_xdp_query} send them.
 */
public final class XdpNetlink {
    public static final int RTM_GETLINK = 18, RTM_SETLINK = 19;
    static final int AF_UNSPEC = 0, AF_PACKET = 17;
    static final int IFLA_IFNAME = 3, IFLA_XDP = 43;
    static final int IFLA_XDP_FD = 1, IFLA_XDP_ATTACHED = 2, IFLA_XDP_FLAGS = 3, IFLA_XDP_PROG_ID = 4,
            IFLA_XDP_DRV_PROG_ID = 5, IFLA_XDP_SKB_PROG_ID = 6, IFLA_XDP_HW_PROG_ID = 7, IFLA_XDP_EXPECTED_FD = 8;

    /** {@code XDP_FLAGS_*} for {@link #set}. */
    public static final int FLAGS_UPDATE_IF_NOEXIST = 1, FLAGS_SKB_MODE = 2, FLAGS_DRV_MODE = 4, FLAGS_HW_MODE = 8,
            FLAGS_REPLACE = 16;
    /** {@code XDP_ATTACHED_*}: what {@link XdpState#attached()} holds. */
    public static final int ATTACHED_NONE = 0, ATTACHED_DRV = 1, ATTACHED_SKB = 2, ATTACHED_HW = 3, ATTACHED_MULTI = 4;

    private XdpNetlink() {}

    /**
     * The XDP state of one interface, as {@code IFLA_XDP} reports it.
     *
     * @param attached {@code XDP_ATTACHED_*}
     * @param programId the program of the single attached mode, 0 if none or several
     */
    public record XdpState(int attached, int programId, int driverProgramId, int genericProgramId, int offloadProgramId) {
        static final XdpState NONE = new XdpState(ATTACHED_NONE, 0, 0, 0, 0);

        /** The id of the program attached in the mode {@code XDP_ATTACHED_DRV/SKB/HW}, 0 if none. */
        public int programIn(int attachedMode) {
            if (attached == attachedMode) {
                return programId != 0 ? programId : modeProgram(attachedMode);
            }
            return attached == ATTACHED_MULTI ? modeProgram(attachedMode) : 0;
        }

        private int modeProgram(int attachedMode) {
            return switch (attachedMode) {
                case ATTACHED_DRV -> driverProgramId;
                case ATTACHED_SKB -> genericProgramId;
                case ATTACHED_HW -> offloadProgramId;
                default -> 0;
            };
        }
    }

    /** One interface and its XDP state, from a dump of all interfaces. */
    public record InterfaceXdp(int index, String name, XdpState xdp) {}

    /**
     * {@code RTM_SETLINK} with {@code IFLA_XDP}: attaches {@code programFd} ({@code -1} detaches)
     * with {@code XDP_FLAGS_*} {@code flags}; {@code expectedFd} (with {@link #FLAGS_REPLACE}) names
     * the program that must be there now.
     */
    public static void set(NetlinkSocket socket, int ifindex, int programFd, int flags, int expectedFd) {
        NetlinkWriter m = NetlinkWriter.request(RTM_SETLINK, NetlinkWriter.NLM_F_REQUEST | NetlinkWriter.NLM_F_ACK)
                .ifinfomsg(AF_UNSPEC, ifindex);
        int xdp = m.beginNested(IFLA_XDP);
        m.s32(IFLA_XDP_FD, programFd);
        if (flags != 0) {
            m.u32(IFLA_XDP_FLAGS, flags);
        }
        if ((flags & FLAGS_REPLACE) != 0) {
            m.s32(IFLA_XDP_EXPECTED_FD, expectedFd);
        }
        m.endNested(xdp);
        socket.request(m, "RTM_SETLINK (XDP)");
    }

    /** The XDP state of interface {@code ifindex}; none if there is no such interface. */
    public static XdpState query(NetlinkSocket socket, int ifindex) {
        NetlinkWriter m = NetlinkWriter.request(RTM_GETLINK, NetlinkWriter.NLM_F_REQUEST | NetlinkWriter.NLM_F_ACK)
                .ifinfomsg(AF_UNSPEC, ifindex);
        try {
            for (NetlinkMessage reply : socket.request(m, "RTM_GETLINK")) {
                if (reply.headerInt(4) == ifindex) {
                    return state(reply.attributes(16));
                }
            }
        } catch (NetlinkException e) {
            if (!e.errno().equals(Errno.ENODEV)) {
                throw e;
            }
        }
        return XdpState.NONE;
    }

    /** Every interface of the socket's namespace with its XDP state. */
    public static List<InterfaceXdp> queryAll(NetlinkSocket socket) {
        NetlinkWriter m = NetlinkWriter.request(RTM_GETLINK, NetlinkWriter.NLM_F_REQUEST | NetlinkWriter.NLM_F_DUMP)
                .ifinfomsg(AF_PACKET, 0);
        List<InterfaceXdp> all = new ArrayList<>();
        for (NetlinkMessage reply : socket.request(m, "RTM_GETLINK (dump)")) {
            NetlinkAttributes attributes = reply.attributes(16);
            all.add(new InterfaceXdp(reply.headerInt(4), attributes.string(IFLA_IFNAME).orElse("?"), state(attributes)));
        }
        return all;
    }

    /** The name of interface {@code ifindex}, or null if there is none. */
    public static String nameOf(NetlinkSocket socket, int ifindex) {
        NetlinkWriter m = NetlinkWriter.request(RTM_GETLINK, NetlinkWriter.NLM_F_REQUEST | NetlinkWriter.NLM_F_ACK)
                .ifinfomsg(AF_UNSPEC, ifindex);
        try {
            for (NetlinkMessage reply : socket.request(m, "RTM_GETLINK")) {
                return reply.attributes(16).string(IFLA_IFNAME).orElse(null);
            }
        } catch (NetlinkException e) {
            if (!e.errno().equals(Errno.ENODEV)) {
                throw e;
            }
        }
        return null;
    }

    private static XdpState state(NetlinkAttributes link) {
        NetlinkAttributes xdp = link.nested(IFLA_XDP);
        return new XdpState(xdp.u8(IFLA_XDP_ATTACHED).orElse(ATTACHED_NONE), xdp.u32(IFLA_XDP_PROG_ID).orElse(0),
                xdp.u32(IFLA_XDP_DRV_PROG_ID).orElse(0), xdp.u32(IFLA_XDP_SKB_PROG_ID).orElse(0),
                xdp.u32(IFLA_XDP_HW_PROG_ID).orElse(0));
    }
}
