package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.program.net.Ipv4;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;
import dev.ebpf4j.testing.ExternalTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TCP option accessors checked against tcpdump's option dissector: random option lists (the
 * common options, unknown kinds, SACK blocks, end-of-list, wrong and malformed lengths, frames cut
 * inside the options, lying data offsets) go into one pcap, and for each accessor the first option
 * of its kind that tcpdump prints must be what the accessor reads — absent when tcpdump meets an
 * end of list, a bad option or the frame's end first, or prints the option with a wrong length.
 * tcpdump reads a known option's fixed data size rather than its length byte, and goes on after a
 * wrong length at the wrong place, so an accessor whose option comes after such an option is not
 * compared.
 */
class TcpOptionsTcpdumpTest {
    private static final int FRAMES = 800;

    /** An accessor, tcpdump's name of its option, and how to read the value from tcpdump's item. */
    private record Accessor(String name, ToLongFunction<Tcp> read, ToLongFunction<String> parse) {}

    private static final List<Accessor> ACCESSORS = List.of(
            new Accessor("mss", Tcp::mss, item -> number(item, "mss (\\d+)")),
            new Accessor("wscale", Tcp::windowScale, item -> number(item, "wscale (\\d+)")),
            new Accessor("sackOK", tcp -> tcp.sackPermitted() ? 1 : -1, item -> 1),
            new Accessor("TS", Tcp::timestampValue, item -> number(item, "TS val (\\d+) ecr \\d+")),
            new Accessor("TS", Tcp::timestampEcho, item -> number(item, "TS val \\d+ ecr (\\d+)")));

    private static long number(String item, String pattern) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(pattern).matcher(item);
        if (!m.matches()) throw new AssertionError("tcpdump's item '" + item + "' is not " + pattern);
        return Long.parseLong(m.group(1));
    }

    @Test
    void accessorsReadWhatTcpdumpReads(@TempDir Path dir) throws IOException {
        ExternalTool tcpdump = ExternalTool.require("tcpdump");
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) frames.add(frame(random));
        Path pcap = dir.resolve("options.pcap");
        Files.write(pcap, pcap(frames));
        List<String> lines = TcpdumpLines.read(tcpdump, pcap);
        assertEquals(FRAMES, lines.size(), "one line per frame (seed " + seed + ")");

        int compared = 0, found = 0;
        for (int i = 0; i < FRAMES; i++) {
            String line = lines.get(i);
            Tcp tcp = tcpOf(frames.get(i));
            String where = "frame " + i + " (seed " + seed + "): " + line;
            assertTrue(tcp != null, "every frame carries a TCP header: " + where);
            if (line.contains("too long")) continue;       // tcpdump reads no options past the IP payload length
            List<String> items = items(line);
            for (Accessor accessor : ACCESSORS) {
                Long expected = expected(items, accessor);
                if (expected == null) continue;
                compared++;
                if (expected >= 0) found++;
                assertEquals((long) expected, accessor.read().applyAsLong(tcp), accessor.name() + " of " + where);
            }
        }
        assertTrue(compared > FRAMES * 3, "most accessors are compared: " + compared);
        assertTrue(found > FRAMES / 2, "many options are found: " + found);
    }

    /** What the accessor must read according to tcpdump's items, -1 if absent, or null if tcpdump cannot tell. */
    private static Long expected(List<String> items, Accessor accessor) {
        for (String item : items) {
            if (item.equals(accessor.name()) || item.startsWith(accessor.name() + " ") || item.startsWith(accessor.name() + "[")) {
                boolean broken = item.contains("[len") || item.contains("[|tcp") || item.contains("[bad opt");
                return broken ? -1L : accessor.parse().applyAsLong(item);
            }
            if (item.equals("eol") || item.startsWith("[bad opt") || item.startsWith("[|tcp")) return -1L;
            // tcpdump reads a known option's fixed data size, not its length byte: past a wrong
            // length it is out of step, and its "bad option" or "truncated" may not be ours
            if (item.contains("[len") || item.contains("[bad opt") || item.contains("[|tcp")) return null;
        }
        return -1L;
    }

    /** tcpdump's option items, e.g. {@code [mss 1460, sackOK, TS val 1 ecr 0, nop, wscale 7]}; empty without options. */
    private static List<String> items(String line) {
        int start = line.indexOf("options [");
        if (start < 0) return List.of();
        String text = line.substring(start + "options [".length());
        int end = text.lastIndexOf("], length");
        if (end >= 0) text = text.substring(0, end);
        else if (text.endsWith("]") && !text.endsWith("[|tcp]")) text = text.substring(0, text.length() - 1);
        List<String> items = new ArrayList<>();
        for (String item : text.split(",")) items.add(item.trim());
        return items;
    }

    private static byte[] frame(Random random) {
        ByteArrayOutputStream options = new ByteArrayOutputStream();
        int count = random.nextInt(8);
        for (int i = 0; i < count; i++) {
            switch (random.nextInt(13)) {
                case 0, 1 -> options.write(1);
                case 2 -> options.write(0);
                case 3, 4 -> option(options, random, 2, random.nextInt(8) == 0 ? 2 + random.nextInt(5) : 4);
                case 5, 6 -> option(options, random, 3, random.nextInt(8) == 0 ? 2 + random.nextInt(4) : 3);
                case 7 -> option(options, random, 4, random.nextInt(8) == 0 ? 2 + random.nextInt(3) : 2);
                case 8, 9 -> option(options, random, 8, random.nextInt(8) == 0 ? 2 + random.nextInt(10) : 10);
                case 10 -> option(options, random, 5, 2 + 8 * (1 + random.nextInt(2)));
                case 11 -> option(options, random, 100 + random.nextInt(100), 2 + random.nextInt(6));
                default -> option(options, random, 100 + random.nextInt(100), random.nextInt(2));
            }
        }
        byte[] bytes = options.toByteArray();
        if (bytes.length > 40) bytes = Arrays.copyOf(bytes, 40);
        FrameBuilder builder = FrameBuilder.tcp(40000, 80).flags(Tcp.SYN).tcpOptions(bytes);
        if (random.nextBoolean()) builder.ipv6();
        if (random.nextInt(10) == 0) builder.tcpDataOffset(random.nextInt(16));
        if (random.nextInt(3) == 0) builder.payload(random.nextInt(16));
        byte[] frame = builder.build();
        if (random.nextInt(8) == 0) {
            int tcpStart = frame.length - 20 - (bytes.length + 3) / 4 * 4 - payloadOf(frame, bytes);
            frame = Arrays.copyOf(frame, tcpStart + 20 + random.nextInt(bytes.length + 1));
        }
        return frame;
    }

    private static int payloadOf(byte[] frame, byte[] options) {
        Tcp tcp = tcpOf(frame);
        int optionBytes = (options.length + 3) / 4 * 4;
        // The frame ends with the fixed header, the padded options and the payload; the payload is what the lengths leave.
        int ipPayload = frame.length - ((frame[12] & 0xff) == 0x86 ? 54 : 34);
        return tcp == null ? 0 : ipPayload - 20 - optionBytes;
    }

    private static void option(ByteArrayOutputStream out, Random random, int kind, int length) {
        out.write(kind);
        out.write(length);
        for (int b = 2; b < length; b++) out.write(random.nextInt(256));
    }

    private static Tcp tcpOf(byte[] frame) {
        Ethernet ethernet = XdpContext.of(frame).ethernet();
        Ipv4 ipv4 = ethernet.ipv4();
        if (ipv4 != null) return ipv4.tcp();
        Ipv6 ipv6 = ethernet.ipv6();
        return ipv6 == null ? null : ipv6.tcp();
    }

    private static byte[] pcap(List<byte[]> frames) {
        int size = 24 + frames.stream().mapToInt(f -> 16 + f.length).sum();
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (byte[] frame : frames) out.putInt(0).putInt(0).putInt(frame.length).putInt(frame.length).put(frame);
        return out.array();
    }
}
