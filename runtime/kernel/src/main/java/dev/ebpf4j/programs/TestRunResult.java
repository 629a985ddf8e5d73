package dev.ebpf4j.programs;

/**
 * The outcome of {@link Program#testRun}.
 *
 * @param retval what the program returned (for XDP: the action, e.g. 2 = XDP_PASS)
 * @param durationNanos the mean time of one run, as the kernel measured it
 * @param dataOut the packet after the program ran
 */
public record TestRunResult(int retval, int durationNanos, byte[] dataOut) {}
