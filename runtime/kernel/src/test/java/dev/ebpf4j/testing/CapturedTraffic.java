package dev.ebpf4j.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Real TCP from the outer namespace to the inner one while tcpdump prints the TCP frames on one interface and direction. */
public final class CapturedTraffic {
    private static final long CATCH_UP_MILLIS = 15_000;
    private static final Pattern DROPPED = Pattern.compile("(\\d+) packets? dropped by kernel");

    private CapturedTraffic() {}

    /**
     * Makes {@code connections} connections from the outer end to the inner end of {@code veth}
     * while tcpdump listens on {@code interfaceName} in {@code namespace}, direction {@code in} or
     * {@code out}; returns the TCP frames it printed. {@code inInner} and {@code inOuter} run a task
     * in the inner and outer namespace.
     *
     * <p>tcpdump prints late on a slow machine (a guest under emulation: 19 of 24 frames printed
     * when the traffic was over), and frames it has not printed at SIGTERM are lost. So it is
     * stopped only once it has printed {@code counted} frames (the count under test) or has
     * printed nothing new for a while, up to {@value #CATCH_UP_MILLIS} ms: the comparison stays
     * exact both ways, it is only given time. In guests under emulation tcpdump also loses frames
     * ("N packets dropped by kernel"); {@link Capture#assertAccountsFor} then checks bounds.
     */
    /**
     * What tcpdump saw: the frames it printed, and how many it says the kernel dropped before it
     * read them (which may include frames of the other direction, filtered out after reading).
     */
    public record Capture(long printed, long dropped) {
        /**
         * Asserts that {@code counted} frames are what tcpdump saw: exactly what it printed when it
         * lost nothing (every run on the host), else between what it printed and that plus what it lost.
         */
        public void assertAccountsFor(long counted, String what) {
            if (dropped == 0) {
                assertEquals(printed, counted, what);
            } else if (counted < printed || counted > printed + dropped) {
                throw new AssertionError(what + ": counted " + counted + ", tcpdump printed " + printed + " and lost " + dropped);
            }
        }
    }

    public static Capture run(VethPair veth, int connections, String namespace, String interfaceName, String direction,
                           Function<Callable<ServerSocket>, ServerSocket> inInner, Function<Callable<Long>, Long> inOuter,
                           LongSupplier counted) throws Exception {
        String tcpdump = ExternalTool.require("tcpdump").executable().toString();
        // a 16 MiB capture buffer: tcpdump's default 2 MiB fills on a loaded machine, and a lossy capture is no oracle
        Process capture = new ProcessBuilder("ip", "netns", "exec", namespace, tcpdump, "-B", "16384", "-i", interfaceName,
                "-Q", direction, "-n", "-l", "--immediate-mode", "tcp").start();
        AtomicLong frames = new AtomicLong();
        Thread reader = Thread.ofPlatform().daemon(true).start(() -> new BufferedReader(
                new InputStreamReader(capture.getInputStream())).lines().filter(l -> l.contains(" IP "))
                .forEach(l -> frames.incrementAndGet()));
        AtomicLong dropped = new AtomicLong();
        BufferedReader errors = new BufferedReader(new InputStreamReader(capture.getErrorStream()));
        Thread statistics = null;
        try {
            String line;
            while ((line = errors.readLine()) != null && !line.contains("listening on")) {
                // tcpdump's banner; it is capturing once it says so
            }
            statistics = Thread.ofPlatform().daemon(true).start(() -> errors.lines().forEach(l -> {
                Matcher m = DROPPED.matcher(l);
                if (m.find()) {
                    dropped.set(Long.parseLong(m.group(1)));
                }
            }));
            long answered = TcpTraffic.exchange(VethPair.INNER_ADDRESS, connections, inInner, inOuter);
            assertEquals(connections * 5L, answered, "every connection answered");
            long deadline = System.currentTimeMillis() + CATCH_UP_MILLIS;
            long quietSince = System.currentTimeMillis();
            long last = -1;
            while (System.currentTimeMillis() < deadline) {
                long now = frames.get();
                if (now != last) {
                    last = now;
                    quietSince = System.currentTimeMillis();
                }
                boolean caughtUp = now >= counted.getAsLong();
                if ((caughtUp && System.currentTimeMillis() - quietSince >= 300) || System.currentTimeMillis() - quietSince >= 3_000) {
                    break;
                }
                Thread.sleep(100);
            }
        } finally {
            capture.toHandle().destroy(); // SIGTERM; Process.destroy() would also close its output
            if (!capture.waitFor(10, TimeUnit.SECONDS)) {
                capture.destroyForcibly();
            }
            reader.join(5_000);
            if (statistics != null) {
                statistics.join(5_000);
            }
        }
        if (dropped.get() > 0) {
            System.out.println("tcpdump: " + frames.get() + " frames printed, " + dropped.get() + " dropped by the kernel before it read them");
        }
        return new Capture(frames.get(), dropped.get());
    }
}
