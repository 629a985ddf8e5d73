package dev.ebpf4j.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.TcpdumpReadsFiles;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The frame arbitraries against tcpdump's dissectors: each batch of generated frames goes into a
 * pcap, and what tcpdump reads from each frame must be what its {@link FrameSpec} says was built:
 * the VLAN tags, the family, the addresses and ports, the TCP flags, and no transport header where
 * the frame is a later fragment or is cut before the header's end.
 */
class FrameArbitrariesTcpdumpProperties {
    private static final Pattern VLAN = Pattern.compile("vlan \\d+, p 0");
    private static final int BATCH = 120;

    @Provide
    Arbitrary<List<FrameSpec>> batches() {
        return FrameArbitraries.frames().injectTruncations(0.15).list().ofSize(BATCH);
    }

    @Property(tries = 15)
    @AddLifecycleHook(TcpdumpReadsFiles.class)
    void tcpdumpReadsWhatEachSpecSaysWasBuilt(@ForAll("batches") List<FrameSpec> frames) throws IOException {
        List<String> lines = tcpdump(frames);
        assertEquals(frames.size(), lines.size(), () -> "one line per frame:\n" + String.join("\n", lines));
        for (int i = 0; i < frames.size(); i++) {
            FrameSpec frame = frames.get(i);
            String line = lines.get(i);
            String where = "frame " + i + " (" + frame + "): " + line;
            Matcher tags = VLAN.matcher(line);
            int count = 0;
            while (tags.find()) count++;
            // A tag shows when its control field and the type after it are in the frame.
            int whole = 0;
            while (whole < frame.vlanTags() && frame.length() >= 14 + 4 * (whole + 1)) whole++;
            assertEquals(whole, count, where);
            if (frame.length() >= 14 + 4 * frame.vlanTags()) {
                assertTrue(line.contains(frame.ipv6() ? "ethertype IPv6 (0x86dd)" : "ethertype IPv4 (0x0800)"), where);
            }

            Pattern ports = ports(frame);
            if (frame.extensionHeaders().contains(Ipv6.AUTHENTICATION)) {
                continue; // tcpdump does not dissect past an authentication header: no oracle for the transport here
            }
            boolean fixedHeader = !frame.laterFragment() && frame.length() >= frame.transportOffset() + (frame.udp() ? 8 : Tcp.MIN_LENGTH);
            if (frame.udp()) {
                if (fixedHeader) assertTrue(ports.matcher(line).find(), where);
            } else if (fixedHeader) {
                Matcher m = ports.matcher(line);
                assertTrue(m.find(), where);
                assertTrue(line.startsWith(" Flags [" + flags(frame.tcpFlags()) + "]", m.end()), where);
            } else {
                assertFalse(line.contains("Flags ["), where);
            }
            if (frame.laterFragment()) {
                assertFalse(ports.matcher(line).find(), where);
            }
        }
    }

    /**
     * The addresses and ports as tcpdump prints them: {@code a.p > b.q:} together, or, after IPv6
     * extension headers, {@code a > b:} on the network layer and {@code p > q:} at the transport.
     */
    private static Pattern ports(FrameSpec frame) {
        String source = Pattern.quote(text(frame.source()));
        String destination = Pattern.quote(text(frame.destination()));
        String together = source + "\\." + frame.sourcePort() + " > " + destination + "\\." + frame.destinationPort() + ":";
        String apart = source + " > " + destination + ":.* " + frame.sourcePort() + " > " + frame.destinationPort() + ":";
        return Pattern.compile("(?:" + together + "|" + apart + ")");
    }

    /** Every kind of frame the arbitraries promise turns up in a few thousand samples. */
    @Example
    void theArbitrariesCoverEveryKindOfFrameTheyPromise() {
        List<FrameSpec> samples = FrameArbitraries.frames().injectTruncations(0.15).sampleStream().limit(3000).toList();
        Map<String, Predicate<FrameSpec>> kinds = new LinkedHashMap<>();
        kinds.put("TCP", f -> !f.udp());
        kinds.put("UDP", FrameSpec::udp);
        kinds.put("IPv4", f -> !f.ipv6());
        kinds.put("IPv6", FrameSpec::ipv6);
        kinds.put("one VLAN tag", f -> f.vlanTags() == 1);
        kinds.put("two VLAN tags", f -> f.vlanTags() == 2);
        kinds.put("IPv4 options", f -> f.ipv4OptionWords() > 0);
        kinds.put("IPv4 later fragment", f -> !f.ipv6() && f.laterFragment());
        kinds.put("IPv6 later fragment", f -> f.ipv6() && f.laterFragment());
        for (int type : List.of(Ipv6.HOP_BY_HOP, Ipv6.DESTINATION_OPTIONS, Ipv6.ROUTING, Ipv6.FRAGMENT, Ipv6.AUTHENTICATION)) {
            kinds.put("IPv6 extension header " + type, f -> f.extensionHeaders().contains(type));
        }
        kinds.put("TCP options", f -> f.tcpOptions().length > 0);
        kinds.put("40 bytes of TCP options or nearly", f -> f.tcpOptions().length > 30);
        kinds.put("SYN without ACK", f -> !f.udp() && (f.tcpFlags() & (Tcp.SYN | Tcp.ACK)) == Tcp.SYN);
        kinds.put("RST", f -> !f.udp() && (f.tcpFlags() & Tcp.RST) != 0);
        kinds.put("truncated inside the network header", f -> f.length() < f.transportOffset());
        kinds.put("truncated inside the transport header", f -> f.length() >= f.transportOffset() && f.length() < f.transportOffset() + f.transportHeaderLength());
        kinds.put("whole", f -> f.length() == f.fullLength());
        List<String> missing = new ArrayList<>();
        kinds.forEach((kind, test) -> {
            if (samples.stream().noneMatch(test)) missing.add(kind);
        });
        assertEquals(List.of(), missing);
        for (FrameSpec frame : samples) assertEquals(frame.length(), frame.bytes().length, frame::toString);
    }

    private static List<String> tcpdump(List<FrameSpec> frames) throws IOException {
        Path pcap = Files.createTempFile("ebpf4j-frames", ".pcap");
        try {
            Files.write(pcap, pcap(frames));
            String out = ExternalTool.require("tcpdump").run("-nn", "-e", "-r", pcap.toString()).stdout();
            List<String> packets = new ArrayList<>();
            for (String line : out.lines().toList()) {
                // A dissector may add a continuation line, indented, that belongs to the packet above.
                if (!packets.isEmpty() && !line.isEmpty() && Character.isWhitespace(line.charAt(0))) {
                    packets.set(packets.size() - 1, packets.getLast() + " " + line.strip());
                } else {
                    packets.add(line);
                }
            }
            return packets;
        } finally {
            Files.deleteIfExists(pcap);
        }
    }

    private static byte[] pcap(List<FrameSpec> frames) {
        List<byte[]> bytes = frames.stream().map(FrameSpec::bytes).toList();
        ByteBuffer out = ByteBuffer.allocate(24 + bytes.stream().mapToInt(f -> 16 + f.length).sum()).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (byte[] frame : bytes) out.putInt(0).putInt(0).putInt(frame.length).putInt(frame.length).put(frame);
        return out.array();
    }

    /** An address as tcpdump prints it: IPv6 with the longest run of two or more zero groups as "::" (inet_ntop). */
    static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) return address.getHostAddress();
        String[] groups = address.getHostAddress().split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestStart < 0) return String.join(":", groups);
        String head = String.join(":", List.of(groups).subList(0, bestStart));
        String tail = String.join(":", List.of(groups).subList(bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }

    /** tcpdump's flag letters: F S R P . (ACK) U E W, in its order, or "none". */
    private static String flags(int flags) {
        StringBuilder s = new StringBuilder();
        if ((flags & Tcp.FIN) != 0) s.append('F');
        if ((flags & Tcp.SYN) != 0) s.append('S');
        if ((flags & Tcp.RST) != 0) s.append('R');
        if ((flags & Tcp.PSH) != 0) s.append('P');
        if ((flags & Tcp.ACK) != 0) s.append('.');
        if ((flags & Tcp.URG) != 0) s.append('U');
        if ((flags & Tcp.ECE) != 0) s.append('E');
        if ((flags & Tcp.CWR) != 0) s.append('W');
        return s.isEmpty() ? "none" : s.toString();
    }
}
