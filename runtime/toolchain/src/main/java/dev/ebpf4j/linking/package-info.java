/**
 * Linking as data: an object's entry programs joined with the subprograms they call
 * ({@link dev.ebpf4j.linking.Linker}), map and global references patched with the descriptors the
 * loader supplies ({@link dev.ebpf4j.linking.Relocations}), and the BTF blob with func and line
 * info records the kernel takes beside each program ({@link dev.ebpf4j.linking.ProgramBtf}).
 *
 * <p>Pure: it never calls the kernel, so the processor and tests use it anywhere. It depends only
 * on {@code asm}, {@code btf} and {@code object}.
 */
package dev.ebpf4j.linking;
