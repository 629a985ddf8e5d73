/**
 * BTF and .BTF.ext: a typed model of every BTF kind, a validating decoder and an encoder for the
 * section bytes, clang's shape of BTF-defined maps and data sections, bpftool's raw text dump, and
 * values formatted through their types as bpftool's map dump prints them.
 *
 * <p>A pure layer: it depends only on {@code java.base} and {@code dev.ebpf4j.binary}; it knows
 * nothing of ELF (callers hand it section bytes) and never touches the kernel.
 */
package dev.ebpf4j.btf;
