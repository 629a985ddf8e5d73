package dev.ebpf4j.program.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.program.XdpContext;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HeaderViewsTest {
    private static Tcp tcpOf(byte[] frame) {
        Ethernet ethernet = XdpContext.of(frame).ethernet();
        if (ethernet == null) return null;
        Ipv4 ipv4 = ethernet.ipv4();
        if (ipv4 != null) return ipv4.tcp();
        Ipv6 ipv6 = ethernet.ipv6();
        return ipv6 == null ? null : ipv6.tcp();
    }

    @Test
    void tcpOverIpv4ReadsPortsFlagsAndNumbersInHostOrder() {
        byte[] frame = FrameBuilder.tcp(40000, 443).flags(Tcp.SYN | Tcp.ACK).build();
        Ethernet ethernet = XdpContext.of(frame).ethernet();
        assertEquals(Ethernet.IPV4, ethernet.etherType());
        assertEquals(0x020000000002L, ethernet.destination());
        Ipv4 ipv4 = ethernet.ipv4();
        assertEquals(20, ipv4.headerLength());
        assertEquals(0x0a000001, ipv4.source());
        assertEquals(64, ipv4.ttl());
        assertEquals(40, ipv4.totalLength());
        assertNull(ethernet.ipv6());
        Tcp tcp = ipv4.tcp();
        assertEquals(40000, tcp.sourcePort());
        assertEquals(443, tcp.destinationPort());
        assertEquals(1000, tcp.sequenceNumber());
        assertEquals(Tcp.SYN | Tcp.ACK, tcp.flags());
        assertTrue(tcp.syn());
        assertTrue(tcp.ack());
        assertFalse(tcp.fin());
        assertEquals(20, tcp.headerLength());
        assertNull(ipv4.udp());
    }

    @Test
    void ipv4OptionsMoveTheTcpHeader() {
        byte[] frame = FrameBuilder.tcp(1, 22).ipv4Options(10).build();
        Ipv4 ipv4 = XdpContext.of(frame).ethernet().ipv4();
        assertEquals(60, ipv4.headerLength());
        assertEquals(22, ipv4.tcp().destinationPort());
    }

    @Test
    void laterFragmentsHaveNoTransportHeader() {
        assertNull(tcpOf(FrameBuilder.tcp(1, 22).fragmentOffset(3).build()));
        assertNull(tcpOf(FrameBuilder.tcp(1, 22).ipv6().extensionHeaders(Ipv6.FRAGMENT).fragmentOffset(3).build()));
        assertEquals(22, tcpOf(FrameBuilder.tcp(1, 22).ipv6().extensionHeaders(Ipv6.FRAGMENT).build()).destinationPort());
    }

    @Test
    void vlanTagsAreSteppedOver() {
        for (int tags = 0; tags <= 2; tags++) {
            byte[] frame = FrameBuilder.tcp(1, 8080).vlanTags(tags).build();
            assertEquals(8080, tcpOf(frame).destinationPort(), tags + " tags");
        }
        assertNull(tcpOf(FrameBuilder.tcp(1, 8080).vlanTags(3).build()), "a third tag is not stepped over");
    }

    @Test
    void ipv6WalksExtensionHeadersUpToTheLimit() {
        byte[] frame = FrameBuilder.tcp(5, 9000).ipv6()
                .extensionHeaders(Ipv6.HOP_BY_HOP, Ipv6.DESTINATION_OPTIONS, Ipv6.ROUTING, Ipv6.AUTHENTICATION).build();
        Ipv6 ipv6 = XdpContext.of(frame).ethernet().ipv6();
        assertEquals(Ipv6.HOP_BY_HOP, ipv6.nextHeader());
        assertEquals(64, ipv6.hopLimit());
        assertEquals(0x20010db800000000L, ipv6.sourceHigh());
        assertEquals(2, ipv6.destinationLow());
        assertEquals(9000, ipv6.tcp().destinationPort());
        int[] six = new int[Ipv6.MAX_EXTENSION_HEADERS];
        Arrays.fill(six, Ipv6.DESTINATION_OPTIONS);
        assertNotNull(tcpOf(FrameBuilder.tcp(5, 9000).ipv6().extensionHeaders(six).build()));
        int[] seven = new int[Ipv6.MAX_EXTENSION_HEADERS + 1];
        Arrays.fill(seven, Ipv6.DESTINATION_OPTIONS);
        assertNull(tcpOf(FrameBuilder.tcp(5, 9000).ipv6().extensionHeaders(seven).build()));
    }

    @Test
    void aViewExistsOnlyWhereItsHeaderFits() {
        byte[] frame = FrameBuilder.tcp(1, 22).ipv4Options(2).build();
        int tcpStart = 14 + 28;
        for (int length = 0; length <= frame.length; length++) {
            Tcp tcp = tcpOf(Arrays.copyOf(frame, length));
            assertEquals(length >= tcpStart + Tcp.MIN_LENGTH, tcp != null, "length " + length);
        }
        assertNull(XdpContext.of(new byte[13]).ethernet());
    }

    @Test
    void malformedIpHeadersHaveNoView() {
        byte[] frame = FrameBuilder.tcp(1, 22).build();
        frame[14] = 0x44; // IHL 4: shorter than the fixed header
        assertNull(XdpContext.of(frame).ethernet().ipv4());
        frame[14] = 0x65; // version 6 under EtherType IPv4
        assertNull(XdpContext.of(frame).ethernet().ipv4());
    }

    @Test
    void udpAndOtherProtocols() {
        byte[] frame = FrameBuilder.udp(53, 5353).payload(4).build();
        Ipv4 ipv4 = XdpContext.of(frame).ethernet().ipv4();
        assertNull(ipv4.tcp());
        assertEquals(5353, ipv4.udp().destinationPort());
        assertEquals(12, ipv4.udp().length());
        assertNull(tcpOf(FrameBuilder.tcp(1, 2).protocol(132).build()));
        assertEquals(5353, XdpContext.of(FrameBuilder.udp(53, 5353).ipv6().build()).ethernet().ipv6().udp().destinationPort());
    }

    @Test
    void framesCarryTheAddressesGivenOfEitherFamily() {
        byte[] six = FrameBuilder.tcp(40000, 443)
                .addresses(java.net.InetAddress.ofLiteral("fd00::7"), java.net.InetAddress.ofLiteral("2001:db8:1::ff")).build();
        Ipv6 ipv6 = XdpContext.of(six).ethernet().ipv6();
        assertEquals(0xfd00000000000000L, ipv6.sourceHigh());
        assertEquals(7, ipv6.sourceLow());
        assertEquals(0x20010db800010000L, ipv6.destinationHigh());
        assertEquals(0xff, ipv6.destinationLow());
        assertEquals(443, ipv6.tcp().destinationPort());
        byte[] four = FrameBuilder.tcp(40000, 80).ipv6()
                .addresses(java.net.InetAddress.ofLiteral("192.0.2.9"), java.net.InetAddress.ofLiteral("198.51.100.1")).build();
        Ipv4 ipv4 = XdpContext.of(four).ethernet().ipv4();
        assertEquals(0xc0000209, ipv4.source());
        assertEquals(0xc6336401, ipv4.destination());
        Ipv6 unset = XdpContext.of(FrameBuilder.tcp(1, 2).ipv6().build()).ethernet().ipv6();
        assertEquals(0x20010db800000000L, unset.sourceHigh());
        assertEquals(2, unset.destinationLow());
        IllegalArgumentException mixed = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FrameBuilder.tcp(1, 2).addresses(java.net.InetAddress.ofLiteral("10.0.0.1"), java.net.InetAddress.ofLiteral("::1")));
        assertEquals("the source 10.0.0.1 and the destination 0:0:0:0:0:0:0:1 are of different families: a frame carries one",
                mixed.getMessage());
    }
}
