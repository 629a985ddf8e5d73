/**
 * The kernel boundary: every {@code bpf(2)} call and every other system call the runtime makes
 * goes through this package, by {@code java.lang.foreign} downcalls into libc, with the
 * {@code bpf_attr} layouts, errno explanations and owned file descriptors that go with them.
 *
 * <p>It speaks kernel numbers, not domain types: it depends only on {@code java.base} and on
 * {@code dev.ebpf4j.errors} (what it throws), never on the map, program, loader or object-format
 * packages built on top of it. Not exported: only the command line of this project reads it.
 */
package dev.ebpf4j.sys;
