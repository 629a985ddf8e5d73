package dev.ebpf4j.sys;

import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.errors.NetlinkException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A {@code NETLINK_ROUTE} socket: requests to the kernel's routing netlink (interfaces, qdiscs,
 * filters) and their replies, with extended ACKs on so a failure carries the kernel's own sentence.
 *
 * <p>The socket belongs to the network namespace of the thread that opened it, whichever thread
 * uses it afterwards. One socket per operation, as libbpf and aya do; requests on one socket are
 * not to be interleaved between threads.
 *
 * <pre>{@code
 * try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
 *     List<NetlinkMessage> replies = socket.request(message, "RTM_GETLINK");
 * }
 * }</pre>
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_ROUTE = 0;
    private static final int SOL_NETLINK = 270;
    private static final int NETLINK_CAP_ACK = 10;
    private static final int NETLINK_EXT_ACK = 11;
    private static final int MSG_PEEK = 0x2;
    private static final int MSG_TRUNC = 0x20;

    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    private static final int NLM_F_CAPPED = 0x100;
    private static final int NLM_F_ACK_TLVS = 0x200;
    private static final int NLMSGERR_ATTR_MSG = 1;

    private static final MethodHandle SOCKET = Libc.downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = Libc.downcall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = Libc.downcall("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKNAME = Libc.downcall("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SEND = Libc.downcall("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECV = Libc.downcall("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private static final AtomicInteger SEQUENCE = new AtomicInteger((int) (System.currentTimeMillis() / 1000));

    private final OwnedFd fd;
    private final int portId;
    private final Arena arena = Arena.ofShared();
    private MemorySegment receiveBuffer;

    private NetlinkSocket(OwnedFd fd, int portId) {
        this.fd = fd;
        this.portId = portId;
        this.receiveBuffer = arena.allocate(32 * 1024);
    }

    /** Opens and binds a routing socket in the calling thread's network namespace. */
    public static NetlinkSocket openRoute() {
        int raw = (int) call(SOCKET, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
        if (raw < 0) {
            throw new NetlinkException("socket(AF_NETLINK)", new Errno(Libc.errno()), null);
        }
        OwnedFd fd = OwnedFd.adopt(raw);
        try (Arena local = Arena.ofConfined()) {
            MemorySegment one = local.allocateFrom(JAVA_INT, 1);
            // Without extended ACKs the kernel's explanation is lost; kernels before 4.12 lack them, which is no error.
            callInt(SETSOCKOPT, fd.get(), SOL_NETLINK, NETLINK_EXT_ACK, one, 4);
            callInt(SETSOCKOPT, fd.get(), SOL_NETLINK, NETLINK_CAP_ACK, one, 4);
            MemorySegment address = local.allocate(12);
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_NETLINK);
            if (callInt(BIND, fd.get(), address, 12) < 0) {
                throw new NetlinkException("bind(AF_NETLINK)", new Errno(Libc.errno()), null);
            }
            MemorySegment length = local.allocateFrom(JAVA_INT, 12);
            if (callInt(GETSOCKNAME, fd.get(), address, length) < 0) {
                throw new NetlinkException("getsockname(AF_NETLINK)", new Errno(Libc.errno()), null);
            }
            return new NetlinkSocket(fd, address.get(ValueLayout.JAVA_INT, 4));
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * Sends {@code request} and collects every reply that is not an ACK, until the final ACK or
     * {@code NLMSG_DONE}.
     *
     * @param operation names the request in an exception, e.g. {@code "RTM_SETLINK (XDP)"}
     * @throws NetlinkException with the kernel's errno and extended-ACK message if it refused
     */
    public List<NetlinkMessage> request(NetlinkWriter request, String operation) {
        int sequence = SEQUENCE.incrementAndGet();
        byte[] bytes = request.finish(sequence);
        try (Arena local = Arena.ofConfined()) {
            MemorySegment out = local.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            long sent;
            do {
                sent = callLong(SEND, fd.get(), out, (long) bytes.length, 0);
            } while (sent < 0 && Libc.errno() == Errno.EINTR.number());
            if (sent < 0) {
                throw new NetlinkException(operation + " (send)", new Errno(Libc.errno()), null);
            }
        }
        List<NetlinkMessage> replies = new ArrayList<>();
        while (true) {
            ByteBuffer datagram = receive(operation);
            while (datagram.remaining() >= NetlinkMessage.HEADER_BYTES) {
                int start = datagram.position();
                int length = datagram.getInt(start);
                if (length < NetlinkMessage.HEADER_BYTES || length > datagram.remaining()) {
                    throw new IllegalStateException(operation + ": malformed netlink reply (length " + length + ")");
                }
                int type = Short.toUnsignedInt(datagram.getShort(start + 4));
                int flags = Short.toUnsignedInt(datagram.getShort(start + 6));
                int seq = datagram.getInt(start + 8);
                int pid = datagram.getInt(start + 12);
                ByteBuffer payload = datagram.duplicate().position(start + NetlinkMessage.HEADER_BYTES).limit(start + length).slice();
                datagram.position(Math.min(datagram.limit(), start + NetlinkWriter.align(length)));
                if (seq != sequence || (pid != 0 && pid != portId)) {
                    continue; // a late reply to an earlier request
                }
                if (type == NLMSG_ERROR) {
                    int error = payload.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
                    if (error == 0) {
                        return replies;
                    }
                    throw new NetlinkException(operation, new Errno(-error), extackMessage(payload, flags));
                }
                if (type == NLMSG_DONE) {
                    int error = payload.remaining() >= 4 ? payload.order(ByteOrder.LITTLE_ENDIAN).getInt(0) : 0;
                    if (error < 0) {
                        throw new NetlinkException(operation, new Errno(-error), null);
                    }
                    return replies;
                }
                replies.add(new NetlinkMessage(type, flags, seq, pid, payload));
            }
        }
    }

    /** {@code NLMSGERR_ATTR_MSG} from an error reply: after the error code and the original header (and its payload unless capped). */
    private static String extackMessage(ByteBuffer payload, int flags) {
        if ((flags & NLM_F_ACK_TLVS) == 0) {
            return null;
        }
        ByteBuffer in = payload.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int offset = 4 + NetlinkMessage.HEADER_BYTES;
        if ((flags & NLM_F_CAPPED) == 0 && in.remaining() >= offset) {
            offset = 4 + NetlinkWriter.align(in.getInt(4));
        }
        if (offset > in.remaining()) {
            return null;
        }
        in.position(offset);
        return NetlinkAttributes.parse(in.slice()).string(NLMSGERR_ATTR_MSG).orElse(null);
    }

    private ByteBuffer receive(String operation) {
        while (true) {
            long peeked = callLong(RECV, fd.get(), receiveBuffer, receiveBuffer.byteSize(), MSG_PEEK | MSG_TRUNC);
            if (peeked < 0) {
                int errno = Libc.errno();
                if (errno == Errno.EINTR.number() || errno == Errno.EAGAIN.number()) {
                    continue;
                }
                throw new NetlinkException(operation + " (receive)", new Errno(errno), null);
            }
            if (peeked > receiveBuffer.byteSize()) {
                receiveBuffer = arena.allocate(peeked);
            }
            long received = callLong(RECV, fd.get(), receiveBuffer, receiveBuffer.byteSize(), 0);
            if (received < 0) {
                int errno = Libc.errno();
                if (errno == Errno.EINTR.number() || errno == Errno.EAGAIN.number()) {
                    continue;
                }
                throw new NetlinkException(operation + " (receive)", new Errno(errno), null);
            }
            byte[] bytes = receiveBuffer.asSlice(0, received).toArray(ValueLayout.JAVA_BYTE);
            return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    @Override
    public void close() {
        fd.close();
        arena.close();
    }

    private static long call(MethodHandle handle, int a, int b, int c) {
        try {
            return (int) handle.invokeExact(Libc.capture(), a, b, c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int callInt(MethodHandle handle, int fd, int level, int name, MemorySegment value, int length) {
        try {
            return (int) handle.invokeExact(Libc.capture(), fd, level, name, value, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int callInt(MethodHandle handle, int fd, MemorySegment address, int length) {
        try {
            return (int) handle.invokeExact(Libc.capture(), fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int callInt(MethodHandle handle, int fd, MemorySegment address, MemorySegment length) {
        try {
            return (int) handle.invokeExact(Libc.capture(), fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static long callLong(MethodHandle handle, int fd, MemorySegment buffer, long length, int flags) {
        try {
            return (long) handle.invokeExact(Libc.capture(), fd, buffer, length, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }
}
