package dev.ebpf4j.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One netlink message as received: the {@code nlmsghdr} fields and the payload after the header
 * (a little-endian, read-only view positioned at 0).
 *
 * @param type {@code nlmsg_type}, e.g. {@code RTM_NEWLINK}
 * @param flags {@code nlmsg_flags}
 */
public record NetlinkMessage(int type, int flags, int sequence, int portId, ByteBuffer payload) {
    /** {@code sizeof(struct nlmsghdr)}. */
    public static final int HEADER_BYTES = 16;

    public NetlinkMessage {
        payload = payload.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The attributes that follow a fixed family header of {@code headerBytes} bytes (ifinfomsg: 16, tcmsg: 20). */
    public NetlinkAttributes attributes(int headerBytes) {
        ByteBuffer rest = payload.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        rest.position(Math.min(NetlinkWriter.align(headerBytes), rest.limit()));
        return NetlinkAttributes.parse(rest.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    /** A 32-bit field of the fixed family header at byte {@code offset}. */
    public int headerInt(int offset) {
        return payload.getInt(offset);
    }
}
