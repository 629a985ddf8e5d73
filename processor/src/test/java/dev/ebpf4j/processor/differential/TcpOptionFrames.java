package dev.ebpf4j.processor.differential;

import dev.ebpf4j.program.net.FrameBuilder;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

/**
 * Frames with random TCP option lists for the option walk's tests: the common options with right
 * and wrong lengths, NOPs, end-of-list, unknown kinds, malformed lengths, lying data offsets and
 * frames cut short inside the options.
 */
final class TcpOptionFrames {
    private final Random random;

    TcpOptionFrames(Random random) {
        this.random = random;
    }

    byte[] frame() {
        byte[] options = options();
        FrameBuilder builder = FrameBuilder.tcp(1000 + random.nextInt(1000), 80).flags(0x12).tcpOptions(options);
        if (random.nextBoolean()) builder.ipv6();
        if (random.nextInt(8) == 0) builder.tcpDataOffset(random.nextInt(16));
        if (random.nextInt(3) == 0) builder.payload(random.nextInt(20));
        byte[] frame = builder.build();
        if (random.nextInt(6) == 0) {
            int headers = frame.length - options.length;
            frame = Arrays.copyOf(frame, Math.max(14, headers - 20 - random.nextInt(4) + random.nextInt(options.length + 21)));
        }
        return frame;
    }

    private byte[] options() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = random.nextInt(9);
        for (int i = 0; i < count; i++) {
            switch (random.nextInt(14)) {
                case 0, 1 -> out.write(1);
                case 2 -> out.write(0);
                case 3, 4 -> option(out, 2, random.nextInt(10) == 0 ? random.nextInt(7) : 4);
                case 5, 6 -> option(out, 3, random.nextInt(10) == 0 ? random.nextInt(6) : 3);
                case 7 -> option(out, 4, random.nextInt(10) == 0 ? random.nextInt(5) : 2);
                case 8, 9 -> option(out, 8, random.nextInt(10) == 0 ? random.nextInt(12) : 10);
                case 10 -> option(out, 5, 2 + 8 * (1 + random.nextInt(3)));
                case 11 -> option(out, 9 + random.nextInt(250), 2 + random.nextInt(6));
                case 12 -> option(out, 2 + random.nextInt(30), random.nextInt(3));
                default -> option(out, 30 + random.nextInt(10), 2 + random.nextInt(40));
            }
        }
        byte[] bytes = out.toByteArray();
        return bytes.length > 40 ? Arrays.copyOf(bytes, 40) : bytes;
    }

    /** An option of {@code kind} whose length byte says {@code length}, followed by that many bytes less two (or none). */
    private void option(ByteArrayOutputStream out, int kind, int length) {
        out.write(kind);
        out.write(length);
        for (int b = 2; b < length; b++) out.write(random.nextInt(256));
    }
}
