package dev.ebpf4j.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tcpdump on one interface and direction of a network namespace of the test's own, keeping the
 * lines it prints for the packets a test counts: the oracle the tests compare the programs'
 * counters with. What the capture-based tests share is here (the capture buffer, waiting until
 * tcpdump listens, waiting until it has printed what it will print, stopping it, reading what it
 * says it lost); what differs (the filter, the options, which lines are packets and how they are
 * counted) stays with each test.
 *
 * <p>A capture that lost packets ("N packets dropped by kernel") is no exact oracle: the
 * {@code stop…} methods refuse it, except {@link #stopAtAllowingLoss}, for a test that checks its
 * count against bounds instead (see {@link #dropped()}).
 */
public final class TcpdumpCapture implements AutoCloseable {
    /**
     * The capture buffer given to tcpdump ({@code -B}, in KiB). Its default of 2 MiB filled on a
     * loaded machine before tcpdump had printed what it held, and a capture that lost packets is no
     * exact oracle; 16 MiB holds every burst the tests send.
     */
    public static final String BUFFER_KIB = "16384";
    private static final Pattern DROPPED = Pattern.compile("(\\d+) packets? dropped by kernel");
    /** At most this long for tcpdump to print what it will print: it prints late on a slow machine. */
    private static final long CATCH_UP_MILLIS = 15_000;

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong count = new AtomicLong();
    private final StringBuilder errors = new StringBuilder();
    private final Thread reader;
    private final Thread errorReader;
    private long dropped;

    private TcpdumpCapture(Process process, Predicate<String> packet) throws IOException {
        this.process = process;
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream()));
        String line;
        while ((line = err.readLine()) != null && !line.contains("listening on")) {
            errors.append(line).append('\n'); // its banner; it is capturing once it says so
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IllegalStateException("tcpdump did not start: " + errors.toString().strip());
        }
        errorReader = Thread.ofPlatform().daemon(true).start(() -> err.lines().forEach(l -> {
            synchronized (errors) {
                errors.append(l).append('\n');
            }
        }));
        reader = Thread.ofPlatform().daemon(true).start(() -> new BufferedReader(new InputStreamReader(process.getInputStream())).lines()
                .filter(packet).forEach(l -> {
                    synchronized (lines) {
                        lines.add(l);
                    }
                    count.incrementAndGet();
                }));
    }

    /**
     * Starts tcpdump on {@code device} of {@code namespace}, direction {@code in} or {@code out},
     * with {@code options} (its own options and filter) after the ones every capture has (numeric,
     * line-buffered, immediate, the {@link #BUFFER_KIB} buffer), and returns once it listens.
     * {@code packet} says which printed lines are the packets kept.
     */
    public static TcpdumpCapture start(String namespace, String device, String direction, Predicate<String> packet, String... options)
            throws IOException {
        String tcpdump = ExternalTool.require("tcpdump").executable().toString();
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, tcpdump, "-i", device, "-Q", direction, "-n", "-l",
                "--immediate-mode", "-B", BUFFER_KIB));
        command.addAll(List.of(options));
        return new TcpdumpCapture(new ProcessBuilder(command).start(), packet);
    }

    /** How many packets it has kept so far. */
    public long count() {
        return count.get();
    }

    /** The lines of the packets kept so far, in the order tcpdump printed them. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /**
     * Waits until tcpdump has printed at least {@code expected} packets (the count under test) and
     * then nothing new for 300 ms, or nothing new for 3 s, at most {@value #CATCH_UP_MILLIS} ms;
     * then stops it. The comparison stays exact both ways: a packet too many still shows, tcpdump
     * is only given the time to print.
     *
     * @throws AssertionError if tcpdump says it lost packets
     */
    public TcpdumpCapture stopAt(LongSupplier expected) throws InterruptedException {
        return stopAtAllowingLoss(expected).refuseLoss();
    }

    /** As {@link #stopAt}, without refusing a capture that lost packets: {@link #dropped()} then says how many. */
    public TcpdumpCapture stopAtAllowingLoss(LongSupplier expected) throws InterruptedException {
        settle(quiet -> (count.get() >= expected.getAsLong() && quiet >= 300) || quiet >= 3_000);
        return stop();
    }

    /**
     * Waits until tcpdump has printed nothing new for {@code quietMillis} (at most
     * {@value #CATCH_UP_MILLIS} ms), then stops it.
     *
     * @throws AssertionError if tcpdump says it lost packets
     */
    public TcpdumpCapture stopWhenQuiet(long quietMillis) throws InterruptedException {
        settle(quiet -> quiet >= quietMillis);
        return stop().refuseLoss();
    }

    /** How many packets tcpdump said the kernel dropped before it read them; known once stopped. */
    public long dropped() {
        return dropped;
    }

    private interface Settled {
        boolean after(long quietMillis);
    }

    private void settle(Settled settled) throws InterruptedException {
        long deadline = System.currentTimeMillis() + CATCH_UP_MILLIS;
        long last = -1;
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            long now = count.get();
            if (now != last) {
                last = now;
                quietSince = System.currentTimeMillis();
            }
            if (settled.after(System.currentTimeMillis() - quietSince)) {
                break;
            }
            Thread.sleep(100);
        }
    }

    private TcpdumpCapture stop() throws InterruptedException {
        close();
        Matcher matcher = DROPPED.matcher(said());
        dropped = matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
        return this;
    }

    private TcpdumpCapture refuseLoss() {
        if (dropped != 0) {
            throw new AssertionError("tcpdump lost " + dropped + " packets, so its capture is no exact oracle: " + said().strip());
        }
        return this;
    }

    private String said() {
        synchronized (errors) {
            return errors.toString();
        }
    }

    /** Stops tcpdump (if it still runs) and waits for what it printed to be read. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.toHandle().destroy(); // SIGTERM: tcpdump prints what it has and its statistics; Process.destroy() would close its output
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        reader.join(5_000);
        errorReader.join(5_000);
    }
}
