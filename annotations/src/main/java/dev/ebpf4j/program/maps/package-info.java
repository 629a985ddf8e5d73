/**
 * Maps as a program declares them: static fields whose type names the kind of map
 * ({@link dev.ebpf4j.program.maps.BpfHashMap}, {@link dev.ebpf4j.program.maps.BpfArray}, ...)
 * and its key and value types, with sizes and flags in {@link dev.ebpf4j.program.maps.MapDef}.
 *
 * <p>The classes here are the in-memory maps a program uses when it runs on the JVM; the kernel
 * side implements the same {@link dev.ebpf4j.program.maps.EbpfMap} interface (and
 * {@link dev.ebpf4j.program.maps.LpmTrie} for longest-prefix-match tries, whose entries are
 * prefixes). This package
 * depends on nothing but the JDK.
 *
 * <pre>{@code
 * @MapDef(maxEntries = 1024)
 * static final BpfHashMap<Integer, Long> packetsByPort = new BpfHashMap<>();
 * }</pre>
 */
package dev.ebpf4j.program.maps;
