package dev.ebpf4j.processor.c;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Frames built byte by byte for the kernel tests: the cases where the header views' rules bite. */
final class Frames {
    private Frames() {
    }

    record Named(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) out.writeBytes(part);
        return out.toByteArray();
    }

    static byte[] ethernet(int etherType, byte[] payload, int... vlanTypes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x02, 0x11, 0x22, 0x33, 0x44, 0x55, 0x02, 0x66, 0x77, (byte) 0x88, (byte) 0x99, (byte) 0xaa});
        for (int vlan : vlanTypes) {
            out.writeBytes(u16(vlan));
            out.writeBytes(u16(0x0123));
        }
        out.writeBytes(u16(etherType));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** An IPv4 header of {@code ihl} words (options are NOPs) with {@code flagsAndOffset} in bytes 6-7. */
    static byte[] ipv4(int version, int ihl, int protocol, int flagsAndOffset, byte[] payload) {
        int length = Math.max(ihl, 5) * 4;
        byte[] header = new byte[length];
        Arrays.fill(header, 20, length, (byte) 1);
        header[0] = (byte) (version << 4 | ihl);
        header[1] = (byte) 0xb8;
        System.arraycopy(u16(length + payload.length), 0, header, 2, 2);
        System.arraycopy(u16(0xbeef), 0, header, 4, 2);
        System.arraycopy(u16(flagsAndOffset), 0, header, 6, 2);
        header[8] = 64;
        header[9] = (byte) protocol;
        System.arraycopy(u16(0xcafe), 0, header, 10, 2);
        System.arraycopy(new byte[] {10, 0, 0, 1, (byte) 192, (byte) 168, 7, (byte) 200}, 0, header, 12, 8);
        return concat(header, payload);
    }

    static byte[] ipv4(int protocol, byte[] payload) {
        return ipv4(4, 5, protocol, 0x4000, payload);
    }

    static byte[] ipv6(int nextHeader, byte[] payload) {
        byte[] header = new byte[40];
        header[0] = 0x6a;
        header[1] = (byte) 0xbc;
        header[2] = (byte) 0xde;
        header[3] = (byte) 0xf1;
        System.arraycopy(u16(payload.length), 0, header, 4, 2);
        header[6] = (byte) nextHeader;
        header[7] = (byte) 255;
        for (int k = 8; k < 40; k++) header[k] = (byte) (k * 7 + 0x80);
        return concat(header, payload);
    }

    /** A hop-by-hop, routing or destination options header: (units + 1) * 8 bytes. */
    static byte[] extension(int next, int units) {
        byte[] header = new byte[(units + 1) * 8];
        header[0] = (byte) next;
        header[1] = (byte) units;
        return header;
    }

    static byte[] fragment(int next, int offsetAndFlags) {
        byte[] header = new byte[8];
        header[0] = (byte) next;
        System.arraycopy(u16(offsetAndFlags), 0, header, 2, 2);
        return header;
    }

    /** An authentication header: (units + 2) * 4 bytes. */
    static byte[] authentication(int next, int units) {
        byte[] header = new byte[(units + 2) * 4];
        header[0] = (byte) next;
        header[1] = (byte) units;
        return header;
    }

    static byte[] tcp(int source, int destination, int flags) {
        byte[] header = new byte[20];
        System.arraycopy(u16(source), 0, header, 0, 2);
        System.arraycopy(u16(destination), 0, header, 2, 2);
        System.arraycopy(new byte[] {(byte) 0xf0, 1, 2, 3, (byte) 0x80, 0, 0, 9}, 0, header, 4, 8);
        header[12] = 0x50;
        header[13] = (byte) flags;
        System.arraycopy(u16(0xfaf0), 0, header, 14, 2);
        System.arraycopy(u16(0x1234), 0, header, 16, 2);
        System.arraycopy(u16(7), 0, header, 18, 2);
        return header;
    }

    static byte[] udp(int source, int destination) {
        byte[] header = new byte[8];
        System.arraycopy(u16(source), 0, header, 0, 2);
        System.arraycopy(u16(destination), 0, header, 2, 2);
        System.arraycopy(u16(8), 0, header, 4, 2);
        System.arraycopy(u16(0xffff), 0, header, 6, 2);
        return header;
    }

    static byte[] u16(int value) {
        return new byte[] {(byte) (value >> 8), (byte) value};
    }

    static byte[] truncate(byte[] frame, int length) {
        return Arrays.copyOf(frame, length);
    }

    static final int SYN = 0x02, ACK = 0x10, FIN = 0x01, RST = 0x04, PSH = 0x08, URG = 0x20;

    /** The crafted frames: valid, odd and truncated, IPv4 and IPv6, tagged and not. */
    static List<Named> crafted() {
        List<Named> frames = new ArrayList<>();
        byte[] syn80 = tcp(40000, 80, SYN);
        frames.add(new Named("ipv4 tcp syn", ethernet(0x0800, ipv4(6, syn80))));
        frames.add(new Named("ipv4 tcp syn-ack", ethernet(0x0800, ipv4(6, tcp(80, 40000, SYN | ACK)))));
        frames.add(new Named("ipv4 tcp ack", ethernet(0x0800, ipv4(6, tcp(40000, 443, ACK | PSH)))));
        frames.add(new Named("ipv4 tcp fin", ethernet(0x0800, ipv4(6, tcp(40000, 443, FIN | ACK)))));
        frames.add(new Named("ipv4 tcp rst", ethernet(0x0800, ipv4(6, tcp(40000, 22, RST)))));
        frames.add(new Named("ipv4 tcp urg only", ethernet(0x0800, ipv4(6, tcp(40000, 22, URG)))));
        frames.add(new Named("ipv4 options ihl 15", ethernet(0x0800, ipv4(4, 15, 6, 0, tcp(1, 443, ACK)))));
        frames.add(new Named("ipv4 options ihl 6", ethernet(0x0800, ipv4(4, 6, 6, 0, tcp(1, 80, SYN)))));
        frames.add(new Named("ipv4 ihl 4", ethernet(0x0800, ipv4(4, 4, 6, 0, tcp(1, 80, SYN)))));
        frames.add(new Named("ipv4 version 5", ethernet(0x0800, ipv4(5, 5, 6, 0, syn80))));
        frames.add(new Named("ipv4 later fragment", ethernet(0x0800, ipv4(4, 5, 6, 0x2001, syn80))));
        frames.add(new Named("ipv4 first fragment", ethernet(0x0800, ipv4(4, 5, 6, 0x2000, syn80))));
        frames.add(new Named("ipv4 udp", ethernet(0x0800, ipv4(17, udp(53, 5353)))));
        frames.add(new Named("ipv4 tcp truncated", truncate(ethernet(0x0800, ipv4(6, syn80)), 14 + 20 + 19)));
        frames.add(new Named("ipv4 options truncated", truncate(ethernet(0x0800, ipv4(4, 15, 6, 0, syn80)), 14 + 40)));
        frames.add(new Named("ipv4 header truncated", truncate(ethernet(0x0800, ipv4(6, syn80)), 14 + 19)));
        frames.add(new Named("vlan ipv4 tcp", ethernet(0x0800, ipv4(6, tcp(5, 8080, SYN)), 0x8100)));
        frames.add(new Named("qinq ipv4 tcp", ethernet(0x0800, ipv4(6, tcp(5, 8080, ACK)), 0x88a8, 0x8100)));
        frames.add(new Named("three vlan tags", ethernet(0x0800, ipv4(6, syn80), 0x8100, 0x8100, 0x8100)));
        frames.add(new Named("vlan truncated", truncate(ethernet(0x0800, ipv4(6, syn80), 0x8100), 16)));
        frames.add(new Named("vlan ipv6 udp", ethernet(0x86dd, ipv6(17, udp(1, 2)), 0x8100)));
        frames.add(new Named("ipv6 tcp", ethernet(0x86dd, ipv6(6, tcp(1000, 80, SYN)))));
        frames.add(new Named("ipv6 udp", ethernet(0x86dd, ipv6(17, udp(1000, 53)))));
        frames.add(new Named("ipv6 hop routing dstopts tcp", ethernet(0x86dd, ipv6(0,
                concat(extension(43, 0), extension(60, 2), extension(6, 1), tcp(3, 443, FIN))))));
        frames.add(new Named("ipv6 first fragment tcp", ethernet(0x86dd, ipv6(44, concat(fragment(6, 0x0001), tcp(3, 80, RST))))));
        frames.add(new Named("ipv6 later fragment tcp", ethernet(0x86dd, ipv6(44, concat(fragment(6, 0x0008), tcp(3, 80, RST))))));
        frames.add(new Named("ipv6 authentication tcp", ethernet(0x86dd, ipv6(51, concat(authentication(6, 4), tcp(3, 22, ACK))))));
        frames.add(new Named("ipv6 six extension headers", ethernet(0x86dd, ipv6(0, concat(extension(60, 0), extension(43, 1),
                fragment(51, 0), authentication(60, 1), extension(60, 0), extension(6, 0), tcp(9, 8443, SYN | ACK))))));
        frames.add(new Named("ipv6 seven extension headers", ethernet(0x86dd, ipv6(0, concat(extension(60, 0), extension(43, 1),
                fragment(51, 0), authentication(60, 1), extension(60, 0), extension(60, 0), extension(6, 0), tcp(9, 8443, SYN))))));
        frames.add(new Named("ipv6 extension truncated", truncate(ethernet(0x86dd, ipv6(0, concat(extension(6, 3), syn80))), 14 + 40 + 20)));
        frames.add(new Named("ipv6 tcp truncated", truncate(ethernet(0x86dd, ipv6(6, syn80)), 14 + 40 + 12)));
        frames.add(new Named("ipv6 version 4", ethernet(0x86dd, ipv4(6, syn80))));
        frames.add(new Named("ipv6 no next header", ethernet(0x86dd, ipv6(59, new byte[16]))));
        frames.add(new Named("arp", ethernet(0x0806, new byte[28])));
        frames.add(new Named("ethernet only", ethernet(0x0800, new byte[0])));
        return frames;
    }
}
