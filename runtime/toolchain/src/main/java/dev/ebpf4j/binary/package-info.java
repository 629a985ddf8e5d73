/**
 * Bounds-checked reading of little-endian binary formats, and the one exception every object
 * parser (ELF, BTF, .BTF.ext) throws for malformed input.
 *
 * <p>A pure layer: it depends on nothing but {@code java.base} and never touches the kernel.
 */
package dev.ebpf4j.binary;
