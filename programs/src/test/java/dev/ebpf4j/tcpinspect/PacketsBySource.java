package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.testing.TcpdumpCapture;
import java.io.IOException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tcpdump on one interface and direction of a namespace of the test's own, keeping each IPv6
 * packet's source, TCP destination port and flags: the oracle of what a sender sent from each of
 * several addresses (captured on its side, before any XDP program of the receiver) and of what
 * reached the receiver's stack (captured on the receiver's side, after it). Unlike
 * {@link FrameCapture} it tells the sources apart, which is what per-source limits need.
 */
final class PacketsBySource implements AutoCloseable {
    /** {@code IP6 fd00::2.40000 > fd00::1.80: Flags [S], …}; ICMPv6 lines have no ports and no flags. */
    private static final Pattern LINE = Pattern.compile(" IP6 ([0-9a-f:]+?)(?:\\.(\\d+))? > ([0-9a-f:]+?)(?:\\.(\\d+))?: (?:Flags \\[([^\\]]*)\\])?");

    /**
     * One packet as tcpdump printed it.
     *
     * @param source          its source address
     * @param destinationPort its TCP destination port, -1 if not TCP
     * @param flags           tcpdump's TCP flags ({@code S} a SYN, {@code S.} a SYN-ACK), "" if not TCP
     */
    record Packet(String source, int destinationPort, String flags) {
        boolean isSyn() {
            return flags.equals("S");
        }
    }

    private final TcpdumpCapture capture;

    private PacketsBySource(TcpdumpCapture capture) {
        this.capture = capture;
    }

    /**
     * Starts keeping the IPv6 packets on {@code device} of {@code namespace}, direction {@code in} or
     * {@code out}. Only each packet's first 128 bytes are captured (Ethernet, IPv6 and TCP headers
     * fit): at the default snapshot length a slot of the capture ring holds 256 KiB, and a scan's
     * burst overran the ring of a busy machine within 50 packets.
     */
    static PacketsBySource start(String namespace, String device, String direction) throws IOException {
        return new PacketsBySource(TcpdumpCapture.start(namespace, device, direction, l -> LINE.matcher(l).find(), "-s", "128", "ip6"));
    }

    /** How many packets so far {@code which} holds for. */
    long count(Predicate<Packet> which) {
        return capture.lines().stream().map(PacketsBySource::packet).filter(which).count();
    }

    private static Packet packet(String line) {
        Matcher m = LINE.matcher(line);
        m.find(); // the capture kept only the lines it matches
        return new Packet(m.group(1), m.group(4) == null || m.group(5) == null ? -1 : Integer.parseInt(m.group(4)),
                m.group(5) == null ? "" : m.group(5));
    }

    /** SYNs from {@code source} so far. */
    long syns(String source) {
        return count(p -> p.isSyn() && p.source().equals(source));
    }

    /**
     * Waits until nothing new was printed for 1.5 s (at most 15 s), then stops tcpdump.
     *
     * @throws AssertionError if tcpdump says the kernel dropped packets before it read them: then
     *         it is no oracle
     */
    PacketsBySource stop() throws InterruptedException {
        capture.stopWhenQuiet(1_500);
        return this;
    }

    @Override
    public void close() throws InterruptedException {
        capture.close();
    }
}
