/**
 * TCP inspection programs written in Java: each class is compiled by the ebpf4j processor to an
 * eBPF object, a C rendering and a typed skeleton, and runs unchanged on the JVM in unit tests.
 *
 * <p>Program classes may use only the program API ({@code dev.ebpf4j.program.*}) and the static
 * methods the suite shares ({@link dev.ebpf4j.inspect.Segments}, {@link dev.ebpf4j.inspect.Flows}),
 * which the processor inlines into each program; the runtime is for the code that loads and drives
 * them.
 */
package dev.ebpf4j.inspect;
