/**
 * The BPF object model between the bytes and the loader: programs with symbolic code, BTF-defined
 * maps, global data sections and the object's BTF, read from and written to standard BPF ELF
 * objects ({@link dev.ebpf4j.object.ObjectReader}, {@link dev.ebpf4j.object.ObjectWriter}).
 *
 * <p>A pure layer: it builds on {@code binary}, {@code asm}, {@code elf}, {@code btf} and
 * {@code types} only, and never on the kernel layers ({@code sys}, {@code maps}, {@code programs}).
 */
package dev.ebpf4j.object;
