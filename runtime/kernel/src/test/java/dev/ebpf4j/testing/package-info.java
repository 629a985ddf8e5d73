/**
 * Helpers shared by tests: a private bpffs, a veth pair between two namespaces of a test's own, and
 * real TCP between them counted by tcpdump, and the tcpdump capture the traffic tests use as their
 * oracle; and {@link dev.ebpf4j.testing.RequiresBpf}, how every module's kernel tests say they need
 * {@code bpf()}.
 *
 * <p>Test code only; it must not be used by main code and depends on nothing but JUnit, and, for
 * {@code RequiresBpf}, jqwik and the runtime's {@code bpf()} probe.
 */
package dev.ebpf4j.testing;
