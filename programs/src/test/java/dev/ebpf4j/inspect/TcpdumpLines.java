package dev.ebpf4j.inspect;

import dev.ebpf4j.testing.ExternalTool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * tcpdump's text output, one entry per packet: a dissector may add a continuation line that
 * starts with whitespace (for example "packet is too short" under a truncated UDP header), which
 * belongs to the packet above it.
 */
final class TcpdumpLines {
    private TcpdumpLines() {
    }

    /** What {@code tcpdump -nn -r pcap} prints, one entry per packet. */
    static List<String> read(ExternalTool tcpdump, Path pcap) {
        return perPacket(tcpdump.runGivingUpRoot("-nn", "-r", pcap.toString()).stdout());
    }

    static List<String> perPacket(String stdout) {
        List<String> packets = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            if (!packets.isEmpty() && !line.isEmpty() && Character.isWhitespace(line.charAt(0))) {
                packets.set(packets.size() - 1, packets.getLast() + " " + line.strip());
            } else {
                packets.add(line);
            }
        }
        return packets;
    }
}
