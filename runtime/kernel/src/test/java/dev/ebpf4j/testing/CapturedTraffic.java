package dev.ebpf4j.testing;

import dev.ebpf4j.sys.ExternalTool;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Real TCP from the outer namespace to the inner one while tcpdump counts TCP frames on one interface and direction. */
public final class CapturedTraffic {
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
                "-Q", direction, "-n", "-l", "--immediate-mode", "tcp").start();
        AtomicLong frames = new AtomicLong();
        Thread reader = Thread.ofPlatform().daemon(true).start(() -> new BufferedReader(
                new InputStreamReader(capture.getInputStream())).lines().filter(l -> l.contains(" IP "))
                .forEach(l -> frames.incrementAndGet()));
        try {
            BufferedReader errors = new BufferedReader(new InputStreamReader(capture.getErrorStream()));
            String line;
            while ((line = errors.readLine()) != null && !line.contains("listening on")) {
                // tcpdump's banner; it is capturing once it says so
            }
            long answered = TcpTraffic.exchange(VethPair.INNER_ADDRESS, connections, inInner, inOuter);
            assertEquals(connections * 5L, answered, "every connection answered");
            // Immediate mode hands each frame over as it comes; wait until the count has stopped growing.
            long last;
            do {
                last = frames.get();
                Thread.sleep(300);
            } while (frames.get() != last);
        } finally {
            capture.toHandle().destroy(); // SIGTERM: tcpdump flushes; Process.destroy() would also close its output
            if (!capture.waitFor(10, TimeUnit.SECONDS)) {
                capture.destroyForcibly();
            }
            reader.join(5_000);
        }
        return frames.get();
    }
}
