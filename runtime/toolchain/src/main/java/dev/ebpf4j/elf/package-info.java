/**
 * Reading and writing ELF64 little-endian relocatable objects (ET_REL, EM_BPF) as generic
 * structure: sections, symbols and SHT_REL relocations, with {@link dev.ebpf4j.elf.ElfFile} as the
 * reader and {@link dev.ebpf4j.elf.ElfWriter} as the writer.
 *
 * <p>A pure layer: it knows nothing of BPF semantics (maps, programs, BTF) and depends only on
 * {@code java.base} and {@code dev.ebpf4j.binary}, never on the kernel layer.
 */
package dev.ebpf4j.elf;
