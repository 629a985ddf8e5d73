package dev.ebpf4j.tcpinspect;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Asks a running command to end: set by SIGINT and SIGTERM in {@code bin/tcpinspect}, by a test in
 * process. The run then ends as at the end of {@code --duration}: last line, detach, exit 0.
 */
final class StopRequest {
    private final CountDownLatch stop = new CountDownLatch(1);

    void request() {
        stop.countDown();
    }

    boolean requested() {
        return stop.getCount() == 0;
    }

    /** Waits up to {@code millis}; true if the stop was requested by then. */
    boolean await(long millis) {
        try {
            return stop.await(Math.max(0, millis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
