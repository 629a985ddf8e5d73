/**
 * What generated skeletons use at run time: kernel-backed implementations of the program-side map
 * interfaces ({@link dev.ebpf4j.program.maps.EbpfMap}, {@link dev.ebpf4j.program.maps.PerCpuEbpfMap},
 * {@link dev.ebpf4j.program.maps.LpmTrie}) with the same semantics as the in-memory maps of the JVM execution, and the loading of an object
 * shipped as a class-path resource next to its program class.
 *
 * <p>It builds on the loader, the maps and their codecs, and on the program API's
 * {@code JvmEnvironment} (which CPU user space stands for); it must not depend on the processor or
 * on anything generated.
 *
 * <pre>{@code
 * try (LoadedObject object = ProgramResource.load(PortFilter.class, LoadOptions.defaults())) {
 *     KernelMap<Integer, Long> blocked = KernelMaps.of(object.map("blockedPorts"), Integer.class, Long.class);
 *     blocked.put(22, 0L);
 * }
 * }</pre>
 */
package dev.ebpf4j.skeleton;
