/**
 * Handles on kernel programs: load instruction bytes through the verifier, test-run them on a frame,
 * and read back what the kernel knows about them.
 *
 * <p>It reaches the kernel only through {@code dev.ebpf4j.sys} and takes programs as raw instruction
 * bytes; it does not depend on the instruction model, the object reader or the loader built above it.
 */
package dev.ebpf4j.programs;
