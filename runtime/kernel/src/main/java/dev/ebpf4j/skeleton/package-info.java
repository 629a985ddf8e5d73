/**
 * What generated skeletons use at run time besides the typed maps of {@code dev.ebpf4j.maps}: the
 * loading of an object shipped as a class-path resource next to its program class.
 *
 * <p>It builds on the loader; it must not depend on the processor or on anything generated.
 *
 * <pre>{@code
 * try (LoadedObject object = ProgramResource.load(PortFilter.class, LoadOptions.defaults())) {
 *     KernelMap<Integer, Long> blocked = KernelMaps.of(object.map("blockedPorts"), Integer.class, Long.class);
 *     blocked.put(22, 0L);
 * }
 * }</pre>
 */
package dev.ebpf4j.skeleton;
