/**
 * TCP inspection programs written in Java: each class is compiled by the ebpf4j processor to an
 * eBPF object, a C rendering and a typed skeleton, and runs unchanged on the JVM in unit tests.
 *
 * <p>Program classes may use only the program API ({@code dev.ebpf4j.program.*}); the runtime is
 * for the code that loads and drives them.
 */
package dev.ebpf4j.inspect;
