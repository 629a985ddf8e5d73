/**
 * Differential tests of the whole compiler: Java sources compiled in-process with the ebpf4j
 * processor, run on the JVM (the oracle) and in the kernel, results compared.
 */
package dev.ebpf4j.processor.differential;
