/**
 * The object loader: creates an object's maps (pinned by name where asked) and global data
 * sections, and loads its programs, linked by {@code dev.ebpf4j.linking}, with BTF func and line
 * info, so that a verifier rejection names the source line.
 *
 * <p>The kernel is reached only through {@code sys}, {@code maps}, {@code programs} and
 * {@code features}. It must not depend on the command line or on code generation.
 */
package dev.ebpf4j.loader;
