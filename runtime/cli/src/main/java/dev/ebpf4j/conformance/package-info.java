/**
 * Runs a bare instruction stream the way the bpf_conformance suite's plugins expect: {@code r1}
 * points to the test's memory, {@code r2} holds its length, and the full 64-bit {@code r0} comes
 * back.
 *
 * <p>Builds on the kernel layer (maps, programs) and the instruction model; nothing else depends
 * on it but the command line.
 */
package dev.ebpf4j.conformance;
