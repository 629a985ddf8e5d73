package dev.ebpf4j.inspect;

import dev.ebpf4j.testing.ExternalTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * tcpdump counting the packets that match a filter on one interface and direction of a network
 * namespace of the test's own, for as long as the test sends: the capture's count is an oracle the
 * programs' counters must equal. Started before the traffic (it returns once tcpdump is listening),
 * stopped after it once the count has caught up or gone quiet (tcpdump prints late on a slow
 * machine), with what tcpdump says it lost reported.
 */
final class PacketCount implements AutoCloseable {
    private final Process capture;
    private final Thread reader;
    private final AtomicLong packets = new AtomicLong();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final StringBuilder errors = new StringBuilder();
    private Thread errorReader;

    private PacketCount(Process capture, Predicate<String> counted) {
        this.capture = capture;
        this.reader = Thread.ofPlatform().daemon(true).start(() -> new BufferedReader(new InputStreamReader(capture.getInputStream()))
                .lines().filter(line -> line.contains(" IP") && counted.test(line)).forEach(line -> {
                    lines.add(line);
                    packets.incrementAndGet();
                }));
    }

    /** Starts counting packets matching {@code filter} (tcpdump's syntax) on {@code device} of {@code namespace}, direction {@code in} or {@code out}. */
    static PacketCount start(String namespace, String device, String direction, String filter) throws IOException {
        return start(namespace, device, direction, List.of("-n", "-B", TcpdumpBuffer.KIB, filter), line -> true);
    }

    /**
     * Starts counting, with their link-level headers ({@code tcpdump -e}: VLAN tags and frame
     * lengths), the IP packets on {@code device} of {@code namespace} in {@code direction} whose
     * printed line {@code counted} accepts. No kernel filter: tcpdump's filters do not see a VLAN
     * tag the same way whether it is in the frame or in the socket buffer's metadata, the printed
     * line shows both alike.
     */
    static PacketCount frames(String namespace, String device, String direction, Predicate<String> counted) throws IOException {
        // a short snapshot (headers only; the printed length is still the frame's) and a larger
        // buffer: the kernel's ring holds buffer / snapshot frames, and a slow tcpdump printing
        // every frame lost some with the defaults (5.10, emulated)
        return start(namespace, device, direction, List.of("-e", "-n", "-s", "256", "-B", TcpdumpBuffer.KIB), counted);
    }

    private static PacketCount start(String namespace, String device, String direction, List<String> options, Predicate<String> counted)
            throws IOException {
        String tcpdump = ExternalTool.require("tcpdump").executable().toString();
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, tcpdump, "-i", device, "-Q", direction, "-l",
                "--immediate-mode"));
        command.addAll(options);
        Process process = new ProcessBuilder(command).start();
        PacketCount count = new PacketCount(process, counted);
        BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream()));
        String line;
        while ((line = stderr.readLine()) != null && !line.contains("listening on")) {
            count.errors.append(line).append('\n');
        }
        if (line == null) throw new IllegalStateException("tcpdump did not start: " + count.errors);
        count.errorReader = Thread.ofPlatform().daemon(true).start(() -> stderr.lines().forEach(l -> {
            synchronized (count.errors) {
                count.errors.append(l).append('\n');
            }
        }));
        return count;
    }

    /**
     * Stops the capture once it has counted {@code expected} packets and been quiet for 300 ms, or
     * been quiet for 3 s, at most after 15 s; returns the count. Fails if tcpdump lost packets.
     */
    long stopAt(long expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        long last = -1;
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            long now = packets.get();
            if (now != last) {
                last = now;
                quietSince = System.currentTimeMillis();
            }
            long quiet = System.currentTimeMillis() - quietSince;
            if ((now >= expected && quiet >= 300) || quiet >= 3_000) break;
            Thread.sleep(100);
        }
        close();
        String said;
        synchronized (errors) {
            said = errors.toString();
        }
        if (said.matches("(?s).*\\b[1-9]\\d* packets? dropped by kernel.*")) {
            throw new IllegalStateException("tcpdump lost packets, the count is not exact: " + said.strip());
        }
        return packets.get();
    }

    /** The lines tcpdump printed for the packets counted so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() throws InterruptedException {
        if (!capture.isAlive()) return;
        capture.toHandle().destroy(); // SIGTERM: tcpdump prints its statistics and exits
        if (!capture.waitFor(10, TimeUnit.SECONDS)) capture.destroyForcibly();
        reader.join(5_000);
        if (errorReader != null) errorReader.join(5_000);
    }
}
