package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.testing.ExternalTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
    private static final Pattern DROPPED = Pattern.compile("(\\d+) packets? dropped by kernel");

    private final Process process;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final StringBuilder errors = new StringBuilder();
    private final Thread reader;
    private final Thread errorReader;
    private long dropped;

    private FrameCapture(Process process) throws IOException {
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
                    Matcher matcher = LENGTH.matcher(l);
                    if (matcher.find()) {
                        bytes.addAndGet(Long.parseLong(matcher.group(1)));
                        frames.incrementAndGet();
                    }
                }));
    }

    /** Starts counting the frames matching {@code filter} on {@code device} of {@code namespace}, direction {@code in} or {@code out}. */
    static FrameCapture start(String namespace, String device, String direction, String filter) throws IOException {
        String tcpdump = ExternalTool.require("tcpdump").executable().toString();
        return new FrameCapture(new ProcessBuilder("ip", "netns", "exec", namespace, tcpdump, "-B", dev.ebpf4j.inspect.TcpdumpBuffer.KIB, "-i", device, "-Q", direction, "-e", "-n",
                "-l", "--immediate-mode", filter).start());
    }

    long frames() {
        return frames.get();
    }

    long bytes() {
        return bytes.get();
    }

    /**
     * Waits until tcpdump has printed {@code expected} frames (the count under test), or printed
     * nothing new for 3 s, at most 15 s (it prints late on a slow machine); then stops it.
     *
     * Then {@link #dropped()} says how many frames tcpdump says the kernel dropped before it read
     * them (none on a quiet machine; a busy one or a guest under emulation loses some).
     */
    FrameCapture stopAt(LongSupplier expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        long last = -1;
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            long now = frames.get();
            if (now != last) {
                last = now;
                quietSince = System.currentTimeMillis();
            }
            if (now == expected.getAsLong() || System.currentTimeMillis() - quietSince > 3_000) {
                break;
            }
            Thread.sleep(100);
        }
        close();
        String said;
        synchronized (errors) {
            said = errors.toString();
        }
        Matcher matcher = DROPPED.matcher(said);
        dropped = matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
        return this;
    }

    long dropped() {
        return dropped;
    }

    /**
     * Asserts that {@code counted} frames of {@code countedBytes} bytes are what tcpdump saw: exactly,
     * when it lost nothing; else at least what it printed and at most that plus what it lost (a lost
     * frame is at most {@value #MAX_FRAME} bytes).
     */
    void assertAccountsFor(long counted, long countedBytes, String what) {
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
        if (dropped == 0) {
            org.junit.jupiter.api.Assertions.assertEquals(frames(), counted, what);
        } else if (counted < frames() || counted > frames() + dropped) {
            throw new AssertionError(what + ": counted " + counted + " frames; tcpdump printed " + frames() + " and lost " + dropped);
        }
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
