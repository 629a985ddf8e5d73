package dev.ebpf4j.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one netlink request: the {@code nlmsghdr}, a fixed family header, then attributes, each
 * padded to 4 bytes ({@code NLMSG_ALIGNTO}, {@code NLA_ALIGNTO}). The message length is filled in by
 * {@link #finish(int)}, when the sequence number is known.
 *
 * <pre>{@code
 * NetlinkWriter m = NetlinkWriter.request(RouteNetlink.RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK);
 * m.ifinfomsg(AF_UNSPEC, ifindex);
 * int xdp = m.beginNested(IFLA_XDP);
 * m.s32(IFLA_XDP_FD, progFd);
 * m.endNested(xdp);
 * }</pre>
 */
public final class NetlinkWriter {
    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_ECHO = 0x8;
    public static final int NLM_F_DUMP = 0x300;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    private static final int NLA_F_NESTED = 0x8000;

    private ByteBuffer buffer = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
    private final int type;

    private NetlinkWriter(int type, int flags) {
        this.type = type;
        buffer.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
    }

    /** A request of message type {@code type} with {@code nlmsg_flags} {@code flags}. */
    public static NetlinkWriter request(int type, int flags) {
        return new NetlinkWriter(type, flags);
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }

    /** The message type, for error messages. */
    public int type() {
        return type;
    }

    /** {@code struct ifinfomsg} (16 bytes): family, interface index; type, flags and change 0. */
    public NetlinkWriter ifinfomsg(int family, int ifindex) {
        room(16);
        buffer.put((byte) family).put((byte) 0).putShort((short) 0).putInt(ifindex).putInt(0).putInt(0);
        return this;
    }

    /** {@code struct tcmsg} (20 bytes). */
    public NetlinkWriter tcmsg(int family, int ifindex, int handle, int parent, int info) {
        room(20);
        buffer.put((byte) family).put((byte) 0).putShort((short) 0).putInt(ifindex).putInt(handle).putInt(parent).putInt(info);
        return this;
    }

    public NetlinkWriter u32(int attributeType, int value) {
        header(attributeType, 4);
        buffer.putInt(value);
        return this;
    }

    public NetlinkWriter s32(int attributeType, int value) {
        return u32(attributeType, value);
    }

    /** A NUL-terminated string attribute. */
    public NetlinkWriter string(int attributeType, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        header(attributeType, bytes.length + 1);
        buffer.put(bytes).put((byte) 0);
        pad();
        return this;
    }

    /** Opens a nested attribute; returns its position for {@link #endNested}. */
    public int beginNested(int attributeType) {
        int start = buffer.position();
        header(attributeType | NLA_F_NESTED, 0);
        return start;
    }

    public NetlinkWriter endNested(int start) {
        buffer.putShort(start, (short) (buffer.position() - start));
        return this;
    }

    /** The finished message with {@code nlmsg_len} and {@code nlmsg_seq} filled in. */
    public byte[] finish(int sequence) {
        buffer.putInt(0, buffer.position());
        buffer.putInt(8, sequence);
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private void header(int attributeType, int payloadBytes) {
        room(4 + align(payloadBytes));
        buffer.putShort((short) (4 + payloadBytes)).putShort((short) attributeType);
    }

    private void pad() {
        while ((buffer.position() & 3) != 0) {
            buffer.put((byte) 0);
        }
    }

    private void room(int bytes) {
        if (buffer.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes))
                    .order(ByteOrder.LITTLE_ENDIAN);
            bigger.put(buffer.array(), 0, buffer.position());
            buffer = bigger;
        }
    }
}
