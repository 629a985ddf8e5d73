package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.testing.ExternalTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    private static final Pattern DROPPED = Pattern.compile("(\\d+) packets? dropped by kernel");

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

    private final Process process;
    private final List<Packet> packets = new ArrayList<>();
    private final StringBuilder errors = new StringBuilder();
    private final Thread reader;
    private final Thread errorReader;

    private PacketsBySource(Process process) throws IOException {
        this.process = process;
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream()));
        String line;
        while ((line = err.readLine()) != null && !line.contains("listening on")) {
            errors.append(line).append('\n');
        }
        if (line == null) {
            throw new IllegalStateException("tcpdump did not start: " + errors);
        }
        errorReader = Thread.ofPlatform().daemon(true).start(() -> err.lines().forEach(l -> {
            synchronized (errors) {
                errors.append(l).append('\n');
            }
        }));
        reader = Thread.ofPlatform().daemon(true).start(() -> new BufferedReader(new InputStreamReader(process.getInputStream())).lines()
                .forEach(l -> {
                    Matcher m = LINE.matcher(l);
                    if (m.find()) {
                        Packet packet = new Packet(m.group(1), m.group(4) == null || m.group(5) == null ? -1 : Integer.parseInt(m.group(4)),
                                m.group(5) == null ? "" : m.group(5));
                        synchronized (packets) {
                            packets.add(packet);
                        }
                    }
                }));
    }

    /**
     * Starts keeping the IPv6 packets on {@code device} of {@code namespace}, direction {@code in} or
     * {@code out}. Only each packet's first 128 bytes are captured (Ethernet, IPv6 and TCP headers
     * fit), and the buffer is 8 MiB: at the default snapshot length a slot of the capture ring
     * holds 256 KiB, and a scan's burst overran the ring of a busy machine within 50 packets.
     */
    static PacketsBySource start(String namespace, String device, String direction) throws IOException {
        String tcpdump = ExternalTool.require("tcpdump").executable().toString();
        return new PacketsBySource(new ProcessBuilder("ip", "netns", "exec", namespace, tcpdump, "-i", device, "-Q", direction, "-n", "-l",
                "--immediate-mode", "-s", "128", "-B", dev.ebpf4j.inspect.TcpdumpBuffer.KIB, "ip6").start());
    }

    /** How many packets so far {@code which} holds for. */
    long count(Predicate<Packet> which) {
        synchronized (packets) {
            return packets.stream().filter(which).count();
        }
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
        long deadline = System.currentTimeMillis() + 15_000;
        long last = -1;
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline && System.currentTimeMillis() - quietSince < 1_500) {
            long now = count(p -> true);
            if (now != last) {
                last = now;
                quietSince = System.currentTimeMillis();
            }
            Thread.sleep(100);
        }
        close();
        String said;
        synchronized (errors) {
            said = errors.toString();
        }
        Matcher matcher = DROPPED.matcher(said);
        if (matcher.find() && Long.parseLong(matcher.group(1)) != 0) {
            throw new AssertionError("tcpdump lost packets, so its counts are no oracle: " + said.strip());
        }
        return this;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.toHandle().destroy(); // SIGTERM: tcpdump prints what it has and its statistics
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        reader.join(5_000);
        errorReader.join(5_000);
    }
}
