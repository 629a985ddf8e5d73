package dev.ebpf4j.tcpinspect;

/**
 * Where a run shows its readings: the live view on a terminal, plain lines, or JSON lines. The run
 * loop calls {@link #interval} once a second and {@link #end} once when the run ends.
 */
interface Output extends AutoCloseable {
    /** Shows {@code now}, with rates since {@code previous}; {@code start} is the first reading of the run. */
    void interval(Reading start, Reading previous, Reading now);

    /** Shows the last reading of the run (totals since start). */
    void end(Reading start, Reading last);

    /**
     * Waits up to {@code millis} for the next interval; true if the run should end (a stop was
     * requested, or the person quit the view).
     */
    default boolean pause(long millis, StopRequest stop) {
        return stop.await(millis);
    }

    @Override
    default void close() {
    }
}
