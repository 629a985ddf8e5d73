package dev.ebpf4j.testing;

import java.net.ServerSocket;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Real TCP from the outer namespace to the inner one while tcpdump prints the TCP frames on one interface and direction. */
public final class CapturedTraffic {
    private CapturedTraffic() {}

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

    /**
     * Makes {@code connections} connections from the outer end to the inner end of {@code veth}
     * while tcpdump listens on {@code interfaceName} in {@code namespace}, direction {@code in} or
     * {@code out}; returns the TCP frames it printed. {@code inInner} and {@code inOuter} run a task
     * in the inner and outer namespace.
     *
     * <p>tcpdump prints late on a slow machine (a guest under emulation: 19 of 24 frames printed
     * when the traffic was over), and frames it has not printed at SIGTERM are lost. So it is
     * stopped only once it has printed {@code counted} frames (the count under test) or has
     * printed nothing new for a while ({@link TcpdumpCapture#stopAt}): the comparison stays exact
     * both ways, it is only given time. In guests under emulation tcpdump also loses frames
     * ("N packets dropped by kernel"); {@link Capture#assertAccountsFor} then checks bounds.
     */
    public static Capture run(VethPair veth, int connections, String namespace, String interfaceName, String direction,
                           Function<Callable<ServerSocket>, ServerSocket> inInner, Function<Callable<Long>, Long> inOuter,
                           LongSupplier counted) throws Exception {
        try (TcpdumpCapture capture = TcpdumpCapture.start(namespace, interfaceName, direction, l -> l.contains(" IP "), "tcp")) {
            long answered = TcpTraffic.exchange(VethPair.INNER_ADDRESS, connections, inInner, inOuter);
            assertEquals(connections * 5L, answered, "every connection answered");
            capture.stopAtAllowingLoss(counted);
            if (capture.dropped() > 0) {
                System.out.println("tcpdump: " + capture.count() + " frames printed, " + capture.dropped() + " dropped by the kernel before it read them");
            }
            return new Capture(capture.count(), capture.dropped());
        }
    }
}
