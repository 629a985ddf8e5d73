package dev.ebpf4j.program.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.program.XdpContext;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The option walk of {@link Tcp}'s class comment, case by case. */
class TcpOptionsTest {
    /** A Linux SYN's options: mss 1460, sackOK, TS val 0x01020304 ecr 0, nop, wscale 7. */
    private static final byte[] LINUX_SYN = bytes(2, 4, 0x05, 0xb4, 4, 2, 8, 10, 1, 2, 3, 4, 0, 0, 0, 0, 1, 3, 3, 7);

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (byte) values[i];
        return out;
    }

    private static Tcp tcpOf(byte[] frame) {
        return XdpContext.of(frame).ethernet().ipv4().tcp();
    }

    private static Tcp tcp(byte... options) {
        return tcpOf(FrameBuilder.tcp(1, 2).tcpOptions(options).build());
    }

    @Test
    void readsALinuxSyn() {
        Tcp tcp = tcp(LINUX_SYN);
        assertEquals(40, tcp.headerLength());
        assertEquals(1460, tcp.mss());
        assertEquals(7, tcp.windowScale());
        assertTrue(tcp.sackPermitted());
        assertEquals(0x01020304L, tcp.timestampValue());
        assertEquals(0, tcp.timestampEcho());
    }

    @Test
    void unsignedValuesStayPositive() {
        Tcp tcp = tcp(bytes(2, 4, 0xff, 0xff, 3, 3, 0xff, 8, 10, 0xff, 0xff, 0xff, 0xff, 0x80, 0, 0, 1));
        assertEquals(65535, tcp.mss());
        assertEquals(255, tcp.windowScale());
        assertEquals(0xffffffffL, tcp.timestampValue());
        assertEquals(0x80000001L, tcp.timestampEcho());
    }

    @Test
    void noOptionsMeansAbsent() {
        assertAbsent(tcp());
    }

    @Test
    void endOfListEndsTheWalk() {
        assertAbsent(tcp(bytes(1, 0, 2, 4, 5, 0xb4, 4, 2, 3, 3, 7)));
    }

    @Test
    void aLengthBelowTwoEndsTheWalk() {
        assertEquals(-1, tcp(bytes(30, 1, 2, 4, 5, 0xb4)).mss());
        assertEquals(-1, tcp(bytes(30, 0, 2, 4, 5, 0xb4)).mss());
        assertEquals(1460, tcp(bytes(30, 2, 2, 4, 5, 0xb4)).mss(), "an empty unknown option is stepped over");
    }

    @Test
    void anOptionPastTheHeaderEndsTheWalk() {
        // 4 bytes of options: the unknown option claims 6
        assertEquals(-1, tcp(bytes(30, 6, 4, 2)).mss());
        assertFalse(tcp(bytes(30, 6, 4, 2)).sackPermitted());
        // the MSS option's value would be the padding's second word
        assertEquals(-1, tcp(bytes(1, 1, 2, 4)).mss());
    }

    @Test
    void theWantedKindWithTheWrongLengthEndsTheWalk() {
        assertEquals(-1, tcp(bytes(2, 6, 5, 0xb4, 0, 0, 2, 4, 5, 0xb4)).mss());
        assertEquals(-1, tcp(bytes(3, 4, 7, 0)).windowScale());
        assertFalse(tcp(bytes(4, 3, 0, 1)).sackPermitted());
        assertEquals(-1, tcp(bytes(8, 6, 1, 2, 3, 4)).timestampValue());
        // another kind's wrong length is the other kind's business
        assertEquals(7, tcp(bytes(2, 6, 5, 0xb4, 0, 0, 3, 3, 7)).windowScale());
    }

    @Test
    void theFirstOfTheWantedKindCounts() {
        assertEquals(1000, tcp(bytes(2, 4, 0x03, 0xe8, 2, 4, 5, 0xb4)).mss());
    }

    @Test
    void aHeaderShorterThanTwentyBytesHasNoOptions() {
        byte[] frame = FrameBuilder.tcp(1, 2).tcpOptions(LINUX_SYN).tcpDataOffset(4).build();
        assertAbsent(tcpOf(frame));
    }

    @Test
    void optionsBeyondTheDataOffsetDoNotCount() {
        byte[] frame = FrameBuilder.tcp(1, 2).tcpOptions(LINUX_SYN).tcpDataOffset(6).build();
        Tcp tcp = tcpOf(frame);
        assertEquals(1460, tcp.mss());
        assertFalse(tcp.sackPermitted(), "sackOK starts at byte 24, the header's end");
    }

    @Test
    void optionsPastThePacketEndTheWalk() {
        byte[] whole = FrameBuilder.tcp(1, 2).tcpOptions(LINUX_SYN).build();
        int tcpAt = whole.length - 40;
        assertEquals(7, tcpOf(Arrays.copyOf(whole, tcpAt + 40)).windowScale());
        assertEquals(-1, tcpOf(Arrays.copyOf(whole, tcpAt + 39)).windowScale(), "wscale's last byte is cut off");
        assertEquals(0x01020304L, tcpOf(Arrays.copyOf(whole, tcpAt + 36)).timestampValue());
        assertEquals(-1, tcpOf(Arrays.copyOf(whole, tcpAt + 35)).timestampValue());
        assertEquals(1460, tcpOf(Arrays.copyOf(whole, tcpAt + 24)).mss());
        assertEquals(-1, tcpOf(Arrays.copyOf(whole, tcpAt + 23)).mss());
        assertFalse(tcpOf(Arrays.copyOf(whole, tcpAt + 20)).sackPermitted(), "no option byte in the packet");
    }

    private static void assertAbsent(Tcp tcp) {
        assertEquals(-1, tcp.mss());
        assertEquals(-1, tcp.windowScale());
        assertFalse(tcp.sackPermitted());
        assertEquals(-1, tcp.timestampValue());
        assertEquals(-1, tcp.timestampEcho());
    }
}
