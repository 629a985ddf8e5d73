/**
 * The eBPF instruction set of RFC 9669 (every conformance group, LLVM's cpu levels v1 to v4) as
 * immutable values, their binary encoding, a fluent builder with symbolic labels and references,
 * and LLVM's text syntax (assembler and disassembler).
 *
 * <p>A pure layer: it depends only on {@code java.base} and {@code dev.ebpf4j.binary}, never on
 * the kernel layer, so the annotation processor uses it at build time on any machine.
 */
package dev.ebpf4j.asm;
