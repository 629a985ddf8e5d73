package dev.ebpf4j.inspect;

import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.program.net.Ipv6;
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

    /** A frame that is valid, truncated, or has one byte changed, in about equal parts; at least 14 bytes. */
    byte[] any() {
        byte[] frame = valid();
        switch (random.nextInt(3)) {
            case 0 -> frame = Arrays.copyOf(frame, 14 + random.nextInt(frame.length - 13));
            case 1 -> frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
            default -> { }
        }
        return frame;
    }
}
