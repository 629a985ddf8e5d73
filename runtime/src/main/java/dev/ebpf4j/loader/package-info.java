/**
 * The object loader: links an object's programs with their subprograms, creates its maps (pinned
 * by name where asked) and global data sections, and loads its programs with BTF func and line
 * info, so that a verifier rejection names the source line.
 *
 * <p>Linking ({@link dev.ebpf4j.loader.Linker}) and BTF record building are pure; the kernel is
 * reached only through {@code sys}, {@code maps}, {@code programs} and {@code features}. It must
 * not depend on the command line or on code generation.
 */
package dev.ebpf4j.loader;
