/**
 * Cached feature probes: which program types, map types, helpers, instruction set level and BTF
 * kinds this kernel supports, each found by asking the kernel to load or create a tiny object,
 * so that features are gated on what the kernel does rather than on its version number.
 *
 * <p>It builds on the kernel layer ({@code sys}) and the pure layers ({@code asm}, {@code btf},
 * {@code types}); it must not depend on the loader, maps or programs packages that consult it.
 */
package dev.ebpf4j.features;
