package dev.ebpf4j.testing;

import dev.ebpf4j.sys.ExternalTool;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Real TCP from the outer namespace to the inner one while tcpdump counts TCP frames on one interface and direction. */
public final class CapturedTraffic {
    private static final Pattern RECEIVED_BY_FILTER = Pattern.compile("(\\d+) packets? received by filter");

    private CapturedTraffic() {}

    /**
     * Makes {@code connections} connections from the outer end to the inner end of {@code veth}
     * while tcpdump listens on {@code interfaceName} in {@code namespace}, direction {@code in} or
     * {@code out}; returns the TCP frames it saw. {@code inInner} and {@code inOuter} run a task in
     * the inner and outer namespace.
     */
    public static long run(VethPair veth, int connections, String namespace, String interfaceName, String direction,
                           Function<Callable<ServerSocket>, ServerSocket> inInner, Function<Callable<Long>, Long> inOuter)
            throws Exception {
        String tcpdump = ExternalTool.require("tcpdump");
        Process capture = new ProcessBuilder("ip", "netns", "exec", namespace, tcpdump, "-i", interfaceName,
                "-n", "-l", "--immediate-mode", (direction.equals("in") ? "inbound" : "outbound") + " and tcp").start();
        AtomicLong frames = new AtomicLong();
        AtomicLong matched = new AtomicLong(-1);
        Thread reader = Thread.ofPlatform().daemon(true).start(() -> new BufferedReader(
                new InputStreamReader(capture.getInputStream())).lines().filter(l -> l.contains(" IP "))
                .forEach(l -> frames.incrementAndGet()));
        BufferedReader errors = new BufferedReader(new InputStreamReader(capture.getErrorStream()));
        Thread statistics = null;
        try {
            String line;
            while ((line = errors.readLine()) != null && !line.contains("listening on")) {
                // tcpdump's banner; it is capturing once it says so
            }
            statistics = Thread.ofPlatform().daemon(true).start(() -> errors.lines().forEach(l -> {
                Matcher m = RECEIVED_BY_FILTER.matcher(l);
                if (m.find()) {
                    matched.set(Long.parseLong(m.group(1)));
                }
            }));
            long answered = TcpTraffic.exchange(VethPair.INNER_ADDRESS, connections, inInner, inOuter);
            assertEquals(connections * 5L, answered, "every connection answered");
            long last;
            do {
                last = frames.get();
                Thread.sleep(300);
            } while (frames.get() != last);
        } finally {
            capture.toHandle().destroy(); // SIGTERM: tcpdump prints its statistics; Process.destroy() would close its output
            if (!capture.waitFor(10, TimeUnit.SECONDS)) {
                capture.destroyForcibly();
            }
            reader.join(5_000);
            if (statistics != null) {
                statistics.join(5_000);
            }
        }
        // The kernel's count of frames that passed tcpdump's socket filter (the direction is in the filter,
        // not tcpdump's -Q, which libpcap applies after counting): printing may lag behind it on a slow
        // machine (a guest under emulation), and frames still in the ring at SIGTERM are never printed.
        return matched.get() >= 0 ? matched.get() : frames.get();
    }
}
