/**
 * Kernel maps from user space. {@link dev.ebpf4j.maps.MapHandle} is the raw handle: create, open by
 * pin or id, and read and write entries as bytes through caller-owned native segments (no
 * allocation per operation) or byte arrays. The typed maps made by
 * {@link dev.ebpf4j.maps.KernelMaps} — {@code KernelMap}, {@code KernelPerCpuMap},
 * {@code KernelLpmTrie}, {@code KernelQueue}, {@code KernelStack}, {@code KernelProgramArray} —
 * are the one typed family: they implement the program-side map interfaces with the JVM's contract,
 * encode keys and values with one codec registry ({@link dev.ebpf4j.maps.Codec#of}), and are what
 * skeletons return. Ring buffers are read in place by {@link dev.ebpf4j.maps.RingBufferReader}
 * (records as memory) and {@code KernelRingBuffer} (records decoded by the same codecs).
 *
 * <p>It reaches the kernel only through {@code dev.ebpf4j.sys}, and builds on the program API
 * ({@code dev.ebpf4j.program.maps}) for the interfaces it implements; the loader and skeletons
 * build on it, never the other way round.
 */
package dev.ebpf4j.maps;
