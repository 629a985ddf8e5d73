/**
 * The C back end: a program unit rendered as readable C (Java names, one statement per line, a
 * comment with the Java file and line on each) that {@code clang -target bpf -O2} compiles against
 * the small header {@code ebpf4j.h} alone, giving the same results as the Java program.
 *
 * <p>It reads only {@code dev.ebpf4j.processor.ir}; it must not depend on javac, on the eBPF back
 * end or on any kernel or libbpf header.
 */
package dev.ebpf4j.processor.c;
