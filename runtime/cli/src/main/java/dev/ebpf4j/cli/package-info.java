/**
 * The {@code ebpf4j} command line (picocli): assemble, disassemble and inspect objects, load and
 * test-run programs, dump maps.
 *
 * <p>Commands are thin: they parse arguments, call the library, and print. User mistakes end as
 * one line on standard error and a non-zero exit, never a stack trace.
 */
package dev.ebpf4j.cli;
