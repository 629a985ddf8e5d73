package dev.ebpf4j.inspect;

import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random frames for differential tests: TCP (mostly) or UDP over IPv4 (with options and
 * fragments) or IPv6 (with extension headers), up to two VLAN tags, random flags and ports from a
 * small set so that port maps get hits; optionally truncated or with one byte changed.
 */
final class RandomFrames {
    /** The ports frames are sent to (and programs filter on). */
    static final int[] PORTS = {22, 23, 80, 443, 3389, 8080};

    private final Random random;

    RandomFrames(Random random) {
        this.random = random;
    }

    /** A well-formed frame. */
    byte[] valid() {
        boolean udp = random.nextInt(8) == 0;
        int source = 1024 + random.nextInt(60000);
        int destination = random.nextInt(4) == 0 ? random.nextInt(65536) : PORTS[random.nextInt(PORTS.length)];
        FrameBuilder frame = udp ? FrameBuilder.udp(source, destination) : FrameBuilder.tcp(source, destination);
        frame.flags(random.nextInt(256)).vlanTags(random.nextInt(3)).payload(random.nextInt(3) * 7);
        if (random.nextInt(10) == 0) frame.fragmentOffset(1 + random.nextInt(100));
        if (random.nextBoolean()) {
            frame.ipv6();
            List<Integer> headers = new ArrayList<>();
            if (random.nextBoolean()) headers.add(Ipv6.HOP_BY_HOP);
            int more = random.nextInt(Ipv6.MAX_EXTENSION_HEADERS - headers.size() + 1);
            int[] kinds = {Ipv6.DESTINATION_OPTIONS, Ipv6.ROUTING, Ipv6.FRAGMENT};
            for (int h = 0; h < more; h++) headers.add(kinds[random.nextInt(kinds.length)]);
            frame.extensionHeaders(headers.stream().mapToInt(Integer::intValue).toArray());
        } else {
            frame.ipv4Options(random.nextInt(11));
        }
        return frame.build();
    }

    /** The hosts of {@link #segment()}, by family: few, so that flows and sources repeat. */
    static final String[] HOSTS4 = {"10.0.0.1", "10.0.0.2", "10.1.2.3", "192.0.2.7"};
    static final String[] HOSTS6 = {"2001:db8::1", "2001:db8::2", "2001:db8:1:2::3", "fd00::7"};
    /** The flag combinations of a connection's life, and two odd ones (SYN+FIN, XMAS). */
    static final int[] FLAGS = {Tcp.SYN, Tcp.SYN, Tcp.SYN | Tcp.ACK, Tcp.ACK, Tcp.ACK | Tcp.PSH, Tcp.FIN | Tcp.ACK,
            Tcp.RST, Tcp.RST | Tcp.ACK, Tcp.SYN | Tcp.FIN, Tcp.FIN | Tcp.PSH | Tcp.URG};

    /**
     * A TCP segment between two of a few hosts of one family and two ports each (so connections
     * repeat and meet), flags from a connection's life, up to two VLAN tags, IPv4 options or IPv6
     * extension headers sometimes; one in five goes through the changes of {@link #any()} (truncated, a byte changed, or neither).
     */
    byte[] segment() {
        String[] hosts = random.nextBoolean() ? HOSTS4 : HOSTS6;
        int[] ports = {40000, 40001, 80, 443};
        FrameBuilder frame = FrameBuilder.tcp(ports[random.nextInt(ports.length)], ports[random.nextInt(ports.length)])
                .addresses(InetAddress.ofLiteral(hosts[random.nextInt(hosts.length)]), InetAddress.ofLiteral(hosts[random.nextInt(hosts.length)]))
                .flags(FLAGS[random.nextInt(FLAGS.length)]).vlanTags(random.nextInt(3)).payload(random.nextInt(3) * 50);
        if (random.nextInt(4) == 0) {
            if (hosts == HOSTS6) frame.extensionHeaders(Ipv6.DESTINATION_OPTIONS);
            else frame.ipv4Options(1 + random.nextInt(10));
        }
        return random.nextInt(5) == 0 ? changed(frame.build()) : frame.build();
    }

    /** A frame that is valid, truncated, or has one byte changed, in about equal parts; at least 14 bytes. */
    byte[] any() {
        return changed(valid());
    }

    private byte[] changed(byte[] frame) {
        switch (random.nextInt(3)) {
            case 0 -> frame = Arrays.copyOf(frame, 14 + random.nextInt(frame.length - 13));
            case 1 -> frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
            default -> { }
        }
        return frame;
    }
}
