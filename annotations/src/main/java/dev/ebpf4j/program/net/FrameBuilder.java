package dev.ebpf4j.program.net;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds Ethernet frames carrying TCP or UDP over IPv4 or IPv6, for running programs on the JVM
 * and in the kernel's test runs: VLAN tags, IPv4 options, IPv6 extension headers, fragments and
 * payload are all optional, and {@link #build()} gives a well-formed frame to truncate or mutate.
 *
 * <pre>{@code
 * byte[] syn = FrameBuilder.tcp(40000, 80).flags(Tcp.SYN).build();
 * byte[] tagged6 = FrameBuilder.tcp(40000, 443).ipv6().vlanTags(1).extensionHeaders(Ipv6.HOP_BY_HOP).build();
 * byte[] fromTo = FrameBuilder.tcp(40000, 443)
 *         .addresses(InetAddress.ofLiteral("fd00::7"), InetAddress.ofLiteral("fd00::1")).build();  // IPv6
 * }</pre>
 *
 * <p>Unless set, IPv4 frames go from 10.0.0.1 to 10.0.0.2 and IPv6 frames from 2001:db8::1 to
 * 2001:db8::2.
 */
public final class FrameBuilder {
    private int protocol;
    private final int sourcePort;
    private final int destinationPort;
    private boolean ipv6;
    private int flags = Tcp.ACK;
    private int vlanTags;
    private int ipv4OptionWords;
    private int fragmentOffset;
    private final List<Integer> extensionHeaders = new ArrayList<>();
    private int payload;
    private byte[] tcpOptions = new byte[0];
    private int tcpDataOffset = -1;
    private int source = 0x0a000001;
    private int destination = 0x0a000002;
    private byte[] source6 = ipv6Bytes(0x20010db800000000L, 1);
    private byte[] destination6 = ipv6Bytes(0x20010db800000000L, 2);

    private FrameBuilder(int protocol, int sourcePort, int destinationPort) {
        this.protocol = protocol;
        this.sourcePort = sourcePort;
        this.destinationPort = destinationPort;
    }

    /** A TCP segment from {@code sourcePort} to {@code destinationPort} over IPv4, flags ACK. */
    public static FrameBuilder tcp(int sourcePort, int destinationPort) {
        return new FrameBuilder(Ipv4.TCP, sourcePort, destinationPort);
    }

    /** A UDP datagram from {@code sourcePort} to {@code destinationPort} over IPv4. */
    public static FrameBuilder udp(int sourcePort, int destinationPort) {
        return new FrameBuilder(Ipv4.UDP, sourcePort, destinationPort);
    }

    /** Carries the segment over IPv6 instead of IPv4. */
    public FrameBuilder ipv6() {
        this.ipv6 = true;
        return this;
    }

    /** The TCP flags ({@link Tcp#SYN} | {@link Tcp#ACK}, ...). */
    public FrameBuilder flags(int flags) {
        this.flags = flags;
        return this;
    }

    /** Puts {@code count} VLAN tags (802.1ad outer, 802.1Q inner) before the network header. */
    public FrameBuilder vlanTags(int count) {
        this.vlanTags = count;
        return this;
    }

    /** Adds {@code words} 4-byte words of IPv4 options (NOPs ending in an end-of-list), 0 to 10. */
    public FrameBuilder ipv4Options(int words) {
        this.ipv4OptionWords = words;
        return this;
    }

    /** Sets the fragment offset (8-byte units) of the IPv4 header or of an IPv6 fragment header. */
    public FrameBuilder fragmentOffset(int offset) {
        this.fragmentOffset = offset;
        return this;
    }

    /** Puts IPv6 extension headers of these types, in order, before the transport header. */
    public FrameBuilder extensionHeaders(int... types) {
        for (int type : types) extensionHeaders.add(type);
        return this;
    }

    /**
     * Puts these bytes, as they are, after the fixed TCP header as its options, padded with zero
     * bytes (end of list) to a multiple of 4; the data offset covers them. At most 40 bytes.
     */
    public FrameBuilder tcpOptions(byte... options) {
        if (options.length > 40) throw new IllegalArgumentException("TCP options take at most 40 bytes, not " + options.length);
        this.tcpOptions = options.clone();
        return this;
    }

    /** Overrides the TCP data offset (header length in 4-byte words, 0 to 15), to build headers that lie about their length. */
    public FrameBuilder tcpDataOffset(int words) {
        if (words < 0 || words > 15) throw new IllegalArgumentException("a data offset is 0 to 15 words, not " + words);
        this.tcpDataOffset = words;
        return this;
    }

    /** Appends {@code bytes} bytes of payload. */
    public FrameBuilder payload(int bytes) {
        this.payload = bytes;
        return this;
    }

    /** The IPv4 source and destination addresses (the frame stays IPv4 unless {@link #ipv6()} says otherwise). */
    public FrameBuilder addresses(int source, int destination) {
        this.source = source;
        this.destination = destination;
        return this;
    }

    /**
     * The source and destination addresses, both IPv4 or both IPv6; the frame is carried over that
     * family (IPv6 addresses imply {@link #ipv6()}).
     *
     * @throws IllegalArgumentException if one address is IPv4 and the other IPv6
     */
    public FrameBuilder addresses(InetAddress source, InetAddress destination) {
        if (source instanceof Inet4Address && destination instanceof Inet4Address) {
            this.ipv6 = false;
            return addresses(ByteBuffer.wrap(source.getAddress()).getInt(), ByteBuffer.wrap(destination.getAddress()).getInt());
        }
        if (source instanceof Inet6Address && destination instanceof Inet6Address) {
            this.ipv6 = true;
            this.source6 = source.getAddress();
            this.destination6 = destination.getAddress();
            return this;
        }
        throw new IllegalArgumentException("the source " + source.getHostAddress() + " and the destination "
                + destination.getHostAddress() + " are of different families: a frame carries one");
    }

    /** Overrides the IP protocol / final next-header value (to build frames that are not TCP or UDP). */
    public FrameBuilder protocol(int protocol) {
        this.protocol = protocol;
        return this;
    }

    /** The frame. */
    public byte[] build() {
        Bytes out = new Bytes();
        out.u48(0x020000000002L).u48(0x020000000001L);
        int[] tagTypes = {Ethernet.QINQ, Ethernet.VLAN};
        for (int tag = 0; tag < vlanTags; tag++) {
            out.u16(vlanTags - tag == 1 ? Ethernet.VLAN : tagTypes[0]).u16(100 + tag);
        }
        out.u16(ipv6 ? Ethernet.IPV6 : Ethernet.IPV4);
        byte[] transport = transport();
        if (ipv6) {
            byte[] extensions = extensions();
            out.u32(0x60000000L).u16(extensions.length + transport.length)
                    .u8(extensionHeaders.isEmpty() ? protocol : extensionHeaders.getFirst()).u8(64);
            out.bytes(source6);
            out.bytes(destination6);
            out.bytes(extensions);
        } else {
            int headerLength = Ipv4.MIN_LENGTH + 4 * ipv4OptionWords;
            out.u8(0x40 | headerLength / 4).u8(0).u16(headerLength + transport.length).u16(1)
                    .u16(fragmentOffset & 0x1fff).u8(64).u8(protocol).u16(0).u32(source).u32(destination);
            for (int word = 0; word < ipv4OptionWords; word++) {
                out.u32(word == ipv4OptionWords - 1 ? 0x01010100L : 0x01010101L);
            }
        }
        out.bytes(transport);
        return out.toByteArray();
    }

    private static byte[] ipv6Bytes(long high, long low) {
        return ByteBuffer.allocate(16).putLong(high).putLong(low).array();
    }

    private byte[] extensions() {
        Bytes out = new Bytes();
        for (int i = 0; i < extensionHeaders.size(); i++) {
            int type = extensionHeaders.get(i);
            int next = i + 1 < extensionHeaders.size() ? extensionHeaders.get(i + 1) : protocol;
            switch (type) {
                case Ipv6.FRAGMENT -> out.u8(next).u8(0).u16(fragmentOffset << 3).u32(7);
                case Ipv6.AUTHENTICATION -> {
                    out.u8(next).u8(1); // (1 + 2) * 4 = 12 bytes
                    for (int b = 0; b < 10; b++) out.u8(0);
                }
                case Ipv6.ROUTING -> out.u8(next).u8(0).u8(0).u8(0).u32(0); // type 0, no segments left
                default -> out.u8(next).u8(0).u8(1).u8(4).u32(0); // 8 bytes: one PadN option
            }
        }
        return out.toByteArray();
    }

    private byte[] transport() {
        Bytes out = new Bytes();
        if (protocol == Ipv4.UDP) {
            out.u16(sourcePort).u16(destinationPort).u16(Udp.LENGTH + payload).u16(0);
        } else {
            int optionWords = (tcpOptions.length + 3) / 4;
            int dataOffset = tcpDataOffset >= 0 ? tcpDataOffset : 5 + optionWords;
            out.u16(sourcePort).u16(destinationPort).u32(1000).u32((flags & Tcp.ACK) != 0 ? 2000 : 0)
                    .u8(dataOffset << 4).u8(flags).u16(65535).u16(0).u16(0);
            out.bytes(tcpOptions);
            for (int b = tcpOptions.length; b < 4 * optionWords; b++) out.u8(0);
        }
        for (int b = 0; b < payload; b++) out.u8(b);
        return out.toByteArray();
    }

    private static final class Bytes extends ByteArrayOutputStream {
        Bytes u8(int value) {
            write(value);
            return this;
        }

        Bytes u16(int value) {
            return u8(value >>> 8).u8(value);
        }

        Bytes u32(long value) {
            return u16((int) (value >>> 16)).u16((int) value);
        }

        Bytes u48(long value) {
            return u16((int) (value >>> 32)).u32(value);
        }

        Bytes u64(long value) {
            return u32(value >>> 32).u32(value);
        }

        Bytes bytes(byte[] bytes) {
            writeBytes(bytes);
            return this;
        }
    }
}
