/**
 * JUnit Jupiter and jqwik extensions for testing eBPF programs written with ebpf4j, against the real
 * kernel. Depends on the runtime's public packages only, never on its {@code sys} package.
 */
package dev.ebpf4j.junit;
