package dev.ebpf4j.inspect;

import dev.ebpf4j.program.TcContext;
import dev.ebpf4j.program.net.Ipv4;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;

/**
 * The parsing the suite's programs share, as ordinary static methods they inline: the TCP segment
 * of an IPv4 or IPv6 packet, its addresses in one 128-bit form (an IPv4 address as the IPv4-mapped
 * IPv6 address {@code ::ffff:a.b.c.d}, so that one key type holds both families), and the flag
 * combination a segment counts as.
 *
 * <p>Each method takes the packet's two network views, of which at most one is non-null (the
 * caller reads {@code ipv6()} only when {@code ipv4()} was null).
 */
public final class Segments {
    /** The upper 64 bits of an IPv4-mapped address are zero; the lower hold {@code 0xFFFF} then the IPv4 address. */
    public static final long IPV4_MAPPED = 0x0000_FFFF_0000_0000L;

    /** Flag combinations, by precedence: see {@link #combination(int)}. */
    public static final int SYN = 0, SYN_ACK = 1, ACK = 2, FIN = 3, RST = 4, OTHER = 5;
    /** The number of flag combinations. */
    public static final int COMBINATIONS = 6;

    private Segments() {
    }

    /** The length of a VLAN tag (802.1Q or 802.1ad): its type and its tag control information. */
    public static final int VLAN_TAG_LENGTH = 4;

    /**
     * The length of the frame as it was on the wire (as tcpdump captures it): tc's length plus a
     * VLAN tag the kernel keeps in metadata ({@link TcContext#vlanPresent()}). At tc ingress the
     * kernel has moved the outermost tag there whatever the device does, and at egress a
     * sub-interface's tag is there until after tc: without it a trunk port's byte counts fall 4
     * bytes a frame short of the capture (measured on veth, kernels 5.10 and 6.12).
     */
    public static int frameLength(TcContext ctx) {
        int length = ctx.length();
        if (ctx.vlanPresent()) length += VLAN_TAG_LENGTH;
        return length;
    }

    /** The TCP segment the packet carries, or null (not TCP, a later fragment, or too short). */
    public static Tcp tcp(Ipv4 ipv4, Ipv6 ipv6) {
        if (ipv4 != null) return ipv4.tcp();
        if (ipv6 != null) return ipv6.tcp();
        return null;
    }

    /** The upper 64 bits of the source address (0 for IPv4). */
    public static long sourceHigh(Ipv4 ipv4, Ipv6 ipv6) {
        if (ipv4 == null && ipv6 != null) return ipv6.sourceHigh();
        return 0;
    }

    /** The lower 64 bits of the source address (IPv4-mapped for IPv4). */
    public static long sourceLow(Ipv4 ipv4, Ipv6 ipv6) {
        if (ipv4 != null) return mapped(ipv4.source());
        if (ipv6 != null) return ipv6.sourceLow();
        return 0;
    }

    /** The upper 64 bits of the destination address (0 for IPv4). */
    public static long destinationHigh(Ipv4 ipv4, Ipv6 ipv6) {
        if (ipv4 == null && ipv6 != null) return ipv6.destinationHigh();
        return 0;
    }

    /** The lower 64 bits of the destination address (IPv4-mapped for IPv4). */
    public static long destinationLow(Ipv4 ipv4, Ipv6 ipv6) {
        if (ipv4 != null) return mapped(ipv4.destination());
        if (ipv6 != null) return ipv6.destinationLow();
        return 0;
    }

    /** {@code address} as the lower half of its IPv4-mapped IPv6 address. */
    public static long mapped(int address) {
        return IPV4_MAPPED | Integer.toUnsignedLong(address);
    }

    /**
     * The combination a segment with {@code flags} counts as: RST wins over FIN, FIN over SYN; a
     * SYN with ACK is SYN_ACK; ACK alone (PSH or URG may be set) is ACK; anything else is OTHER.
     */
    public static int combination(int flags) {
        if ((flags & Tcp.RST) != 0) return RST;
        if ((flags & Tcp.FIN) != 0) return FIN;
        if ((flags & Tcp.SYN) != 0) return (flags & Tcp.ACK) != 0 ? SYN_ACK : SYN;
        if ((flags & Tcp.ACK) != 0) return ACK;
        return OTHER;
    }

    /** True for a connection attempt: SYN set, ACK clear. */
    public static boolean isSyn(int flags) {
        return (flags & (Tcp.SYN | Tcp.ACK)) == Tcp.SYN;
    }
}
