package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.testing.TcpdumpCapture;
import java.io.IOException;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tcpdump on one interface and direction of a namespace of the test's own, counting the frames
 * that match a filter and adding up their lengths ({@code -e} prints each frame's length, from the
 * Ethernet header on, which is what a tc program's {@code skb->len} is): the oracle for the tool's
 * packet and byte counters, exact when tcpdump lost nothing (see {@link #assertAccountsFor}).
 */
final class FrameCapture implements AutoCloseable {
    private static final Pattern LENGTH = Pattern.compile(", length (\\d+): ");

    private final TcpdumpCapture capture;

    private FrameCapture(TcpdumpCapture capture) {
        this.capture = capture;
    }

    /** Starts counting the frames matching {@code filter} on {@code device} of {@code namespace}, direction {@code in} or {@code out}. */
    static FrameCapture start(String namespace, String device, String direction, String filter) throws IOException {
        return new FrameCapture(TcpdumpCapture.start(namespace, device, direction, l -> LENGTH.matcher(l).find(), "-e", filter));
    }

    long frames() {
        return capture.count();
    }

    long bytes() {
        long bytes = 0;
        for (String line : capture.lines()) {
            Matcher matcher = LENGTH.matcher(line);
            matcher.find();
            bytes += Long.parseLong(matcher.group(1));
        }
        return bytes;
    }

    /**
     * Waits until tcpdump has printed {@code expected} frames (the count under test) and then
     * nothing new for 300 ms, or printed nothing new for 3 s, at most 15 s (it prints late on a
     * slow machine); then stops it.
     *
     * Then {@link #dropped()} says how many frames tcpdump says the kernel dropped before it read
     * them (none on a quiet machine; a busy one or a guest under emulation loses some), and
     * {@link #assertAccountsFor} checks bounds where it lost some.
     */
    FrameCapture stopAt(LongSupplier expected) throws InterruptedException {
        capture.stopAtAllowingLoss(expected);
        return this;
    }

    long dropped() {
        return capture.dropped();
    }

    /**
     * Asserts that {@code counted} frames of {@code countedBytes} bytes are what tcpdump saw: exactly,
     * when it lost nothing; else at least what it printed and at most that plus what it lost (a lost
     * frame is at most {@value #MAX_FRAME} bytes).
     */
    void assertAccountsFor(long counted, long countedBytes, String what) {
        long dropped = dropped();
        if (dropped == 0) {
            org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(frames(), bytes()), java.util.List.of(counted, countedBytes),
                    what + ": frames and bytes");
        } else if (counted < frames() || counted > frames() + dropped || countedBytes < bytes() || countedBytes > bytes() + dropped * MAX_FRAME) {
            throw new AssertionError(what + ": counted " + counted + " frames of " + countedBytes + " bytes; tcpdump printed " + frames()
                    + " of " + bytes() + " and lost " + dropped);
        }
    }

    private static final long MAX_FRAME = 65_549;

    /** Asserts that {@code counted} frames are what tcpdump saw, as {@link #assertAccountsFor(long, long, String)} does. */
    void assertAccountsFor(long counted, String what) {
        long dropped = dropped();
        if (dropped == 0) {
            org.junit.jupiter.api.Assertions.assertEquals(frames(), counted, what);
        } else if (counted < frames() || counted > frames() + dropped) {
            throw new AssertionError(what + ": counted " + counted + " frames; tcpdump printed " + frames() + " and lost " + dropped);
        }
    }

    @Override
    public void close() throws InterruptedException {
        capture.close();
    }
}
