package dev.ebpf4j.processor.bpf;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * Crafted Ethernet frames for the view tests: up to two VLAN tags, IPv4 with random header lengths
 * (valid or not), options and fragment fields, IPv6 with chains of extension headers, TCP, UDP and
 * other payloads, cut at a random length (never below the 14 bytes a test run needs).
 */
final class Frames {
    private Frames() {}

    static byte[] random(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bytes(out, random, 12);
        int tags = pick(random, 0, 0, 1, 2, 3);
        for (int t = 0; t < tags; t++) {
            u16(out, random.nextBoolean() ? 0x8100 : 0x88A8);
            u16(out, random.nextInt(1 << 16));
        }
        int etherType = pick(random, 0x0800, 0x0800, 0x86DD, 0x86DD, 0x8100, 0x0806);
        u16(out, etherType);
        if (etherType == 0x0800) ipv4(out, random);
        else if (etherType == 0x86DD) ipv6(out, random);
        else bytes(out, random, random.nextInt(60));
        byte[] frame = out.toByteArray();
        if (random.nextInt(4) == 0) {
            int length = 14 + random.nextInt(Math.max(1, frame.length - 13));
            return java.util.Arrays.copyOf(frame, Math.min(length, frame.length));
        }
        return frame;
    }

    private static void ipv4(ByteArrayOutputStream out, Random random) {
        int ihl = random.nextInt(8) == 0 ? random.nextInt(16) : 5 + random.nextInt(3) * random.nextInt(4);
        int version = random.nextInt(10) == 0 ? random.nextInt(16) : 4;
        out.write(version << 4 | ihl);
        out.write(random.nextInt(256));
        u16(out, random.nextInt(1 << 16));
        u16(out, random.nextInt(1 << 16));
        int flags = random.nextInt(8) << 13;
        int fragment = random.nextInt(3) == 0 ? random.nextInt(1 << 13) : 0;
        u16(out, flags | fragment);
        out.write(random.nextInt(256));
        int protocol = pick(random, 6, 6, 17, 17, 1);
        out.write(protocol);
        bytes(out, random, 10);
        bytes(out, random, Math.max(0, ihl * 4 - 20));
        transport(out, random, protocol);
    }

    private static void ipv6(ByteArrayOutputStream out, Random random) {
        int version = random.nextInt(10) == 0 ? random.nextInt(16) : 6;
        out.write(version << 4 | random.nextInt(16));
        bytes(out, random, 3);
        u16(out, random.nextInt(1 << 16));
        int headers = random.nextInt(8);
        int[] chain = new int[headers + 1];
        for (int i = 0; i < headers; i++) chain[i] = pick(random, 0, 43, 44, 51, 60);
        chain[headers] = pick(random, 6, 6, 17, 17, 58);
        out.write(chain[0]);
        out.write(random.nextInt(256));
        bytes(out, random, 32);
        for (int i = 0; i < headers; i++) {
            int next = chain[i + 1];
            switch (chain[i]) {
                case 44 -> {
                    out.write(next);
                    out.write(0);
                    int offset = random.nextInt(3) == 0 ? random.nextInt(1 << 13) : 0;
                    u16(out, offset << 3 | random.nextInt(8));
                    bytes(out, random, 4);
                }
                case 51 -> {
                    int length = random.nextInt(4);
                    out.write(next);
                    out.write(length);
                    bytes(out, random, (length + 2) * 4 - 2);
                }
                default -> {
                    int length = random.nextInt(3);
                    out.write(next);
                    out.write(length);
                    bytes(out, random, (length + 1) * 8 - 2);
                }
            }
        }
        transport(out, random, chain[headers]);
    }

    private static void transport(ByteArrayOutputStream out, Random random, int protocol) {
        bytes(out, random, protocol == 6 ? 20 + random.nextInt(3) * 4 : protocol == 17 ? 8 : 8);
        bytes(out, random, random.nextInt(16));
    }

    private static int pick(Random random, int... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void bytes(ByteArrayOutputStream out, Random random, int n) {
        for (int i = 0; i < n; i++) out.write(random.nextInt(256));
    }
}
