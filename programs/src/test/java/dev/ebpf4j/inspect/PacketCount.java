package dev.ebpf4j.inspect;

import dev.ebpf4j.testing.TcpdumpCapture;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/**
 * tcpdump counting the IP packets that match a filter on one interface and direction of a network
 * namespace of the test's own, for as long as the test sends: the capture's count is an oracle the
 * programs' counters must equal. Started before the traffic (it returns once tcpdump is listening),
 * stopped after it once the count has caught up or gone quiet; a capture that lost packets is
 * refused ({@link TcpdumpCapture}).
 */
final class PacketCount implements AutoCloseable {
    private final TcpdumpCapture capture;

    private PacketCount(TcpdumpCapture capture) {
        this.capture = capture;
    }

    /** Starts counting packets matching {@code filter} (tcpdump's syntax) on {@code device} of {@code namespace}, direction {@code in} or {@code out}. */
    static PacketCount start(String namespace, String device, String direction, String filter) throws IOException {
        return new PacketCount(TcpdumpCapture.start(namespace, device, direction, PacketCount::ip, filter));
    }

    /**
     * Starts counting, with their link-level headers ({@code tcpdump -e}: VLAN tags and frame
     * lengths), the IP packets on {@code device} of {@code namespace} in {@code direction} whose
     * printed line {@code counted} accepts. No kernel filter: tcpdump's filters do not see a VLAN
     * tag the same way whether it is in the frame or in the socket buffer's metadata, the printed
     * line shows both alike.
     */
    static PacketCount frames(String namespace, String device, String direction, Predicate<String> counted) throws IOException {
        // a short snapshot (headers only; the printed length is still the frame's): the kernel's
        // ring holds buffer / snapshot frames, and a slow tcpdump printing every frame lost some
        // with the defaults (5.10, emulated)
        return new PacketCount(TcpdumpCapture.start(namespace, device, direction, line -> ip(line) && counted.test(line),
                "-e", "-s", "256"));
    }

    private static boolean ip(String line) {
        return line.contains(" IP");
    }

    /**
     * Stops the capture once it has counted {@code expected} packets and been quiet for 300 ms, or
     * been quiet for 3 s, at most after 15 s; returns the count. Fails if tcpdump lost packets.
     */
    long stopAt(long expected) throws InterruptedException {
        return capture.stopAt(() -> expected).count();
    }

    /** The lines tcpdump printed for the packets counted so far. */
    List<String> lines() {
        return capture.lines();
    }

    @Override
    public void close() throws InterruptedException {
        capture.close();
    }
}
