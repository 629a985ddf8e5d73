/**
 * The {@code tcpinspect} command line: picocli commands, the run loop with its outputs (live view,
 * plain lines, JSON lines, Prometheus {@code /metrics}), the checks that turn a person's mistakes
 * into one line with the fix and an exit code, and attaching and pinning the programs.
 *
 * <p>It reads traffic only through {@link dev.ebpf4j.tcpinspect.source}: which program supplies the
 * numbers is that package's business, not this one's.
 */
package dev.ebpf4j.tcpinspect;
