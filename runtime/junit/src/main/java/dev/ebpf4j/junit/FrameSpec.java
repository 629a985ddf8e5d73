package dev.ebpf4j.junit;

import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.program.net.Ipv6;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * What a generated frame is made of, kept beside its bytes so that a property knows the truth about
 * the frame it got ({@link FrameArbitraries} makes these): an Ethernet frame with {@code vlanTags}
 * VLAN tags, IPv4 (with options, maybe a fragment) or IPv6 (with extension headers), TCP (flags,
 * options) or UDP, a payload, and perhaps cut short to {@code length} bytes.
 *
 * @param udp UDP rather than TCP
 * @param vlanTags 0 to 2 tags (802.1ad outer, 802.1Q inner)
 * @param source the source address; its family is the frame's
 * @param destination the destination address, of the same family
 * @param sourcePort the transport source port
 * @param destinationPort the transport destination port
 * @param tcpFlags the TCP flag bits (TCP only)
 * @param tcpOptions the TCP option bytes before padding, at most 40 (TCP only)
 * @param ipv4OptionWords 4-byte words of IPv4 options, 0 to 10 (IPv4 only)
 * @param fragmentOffset the fragment offset in 8-byte units: of the IPv4 header, or of the IPv6 fragment header
 * @param extensionHeaders IPv6 extension header types, in order (IPv6 only)
 * @param payload bytes after the transport header
 * @param length the frame's length: {@link #fullLength()}, or less for a truncated frame
 */
public record FrameSpec(boolean udp, int vlanTags, InetAddress source, InetAddress destination, int sourcePort, int destinationPort,
                        int tcpFlags, byte[] tcpOptions, int ipv4OptionWords, int fragmentOffset, List<Integer> extensionHeaders,
                        int payload, int length) {
    public FrameSpec {
        tcpOptions = tcpOptions.clone();
        extensionHeaders = List.copyOf(extensionHeaders);
    }

    /** The frame's bytes, as {@link FrameBuilder} writes them, cut to {@link #length()}. */
    public byte[] bytes() {
        FrameBuilder builder = udp ? FrameBuilder.udp(sourcePort, destinationPort) : FrameBuilder.tcp(sourcePort, destinationPort)
                .flags(tcpFlags).tcpOptions(tcpOptions);
        builder.addresses(source, destination).vlanTags(vlanTags).fragmentOffset(fragmentOffset).payload(payload);
        if (ipv6()) {
            builder.extensionHeaders(extensionHeaders.stream().mapToInt(Integer::intValue).toArray());
        } else {
            builder.ipv4Options(ipv4OptionWords);
        }
        byte[] full = builder.build();
        return length < full.length ? Arrays.copyOf(full, length) : full;
    }

    /** Whether the frame is IPv6. */
    public boolean ipv6() {
        return source.getAddress().length == 16;
    }

    /** Whether this is a later fragment (offset not zero), which carries no transport header. */
    public boolean laterFragment() {
        return fragmentOffset != 0 && (!ipv6() || extensionHeaders.contains(Ipv6.FRAGMENT));
    }

    /** Where the transport header starts. */
    public int transportOffset() {
        int offset = 14 + 4 * vlanTags;
        if (!ipv6()) return offset + 20 + 4 * ipv4OptionWords;
        offset += Ipv6.LENGTH;
        for (int type : extensionHeaders) offset += type == Ipv6.AUTHENTICATION ? 12 : 8;
        return offset;
    }

    /** The transport header's length: 8 for UDP, 20 plus the padded options for TCP. */
    public int transportHeaderLength() {
        return udp ? 8 : 20 + (tcpOptions.length + 3) / 4 * 4;
    }

    /** The length of the frame before any truncation. */
    public int fullLength() {
        return transportOffset() + transportHeaderLength() + payload;
    }

    /** Whether the whole transport header is in the frame (a first fragment, not cut inside it). */
    public boolean transportHeaderComplete() {
        return !laterFragment() && length >= transportOffset() + transportHeaderLength();
    }

    @Override
    public String toString() {
        return (udp ? "UDP " : "TCP flags 0x" + Integer.toHexString(tcpFlags) + " options " + tcpOptions.length + " bytes ")
                + source.getHostAddress() + "." + sourcePort + " > " + destination.getHostAddress() + "." + destinationPort
                + (vlanTags > 0 ? ", " + vlanTags + " VLAN tags" : "")
                + (ipv6() ? (extensionHeaders.isEmpty() ? "" : ", extension headers " + extensionHeaders) : (ipv4OptionWords > 0 ? ", " + ipv4OptionWords + " option words" : ""))
                + (fragmentOffset != 0 ? ", fragment offset " + fragmentOffset : "")
                + ", payload " + payload + (length < fullLength() ? ", cut to " + length + " of " + fullLength() + " bytes" : ", " + length + " bytes");
    }
}
