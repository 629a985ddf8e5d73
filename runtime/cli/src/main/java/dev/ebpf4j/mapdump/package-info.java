/**
 * Dumping a live map's entries as {@code bpftool map dump} prints them: typed through the map's BTF
 * where it has one, as hex bytes otherwise, one value per possible CPU for per-CPU maps.
 *
 * <p>{@link dev.ebpf4j.mapdump.MapDumpText} is pure (bytes in, text out) and testable anywhere;
 * {@link dev.ebpf4j.mapdump.MapDumper} reads the kernel through {@code maps} and {@code sys}. Nothing
 * here depends on the command line, the loader or the object model.
 */
package dev.ebpf4j.mapdump;
