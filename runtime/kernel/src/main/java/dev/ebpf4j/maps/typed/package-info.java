/**
 * Typed views over {@link dev.ebpf4j.maps.BpfMap}: key and value codecs (primitives, fixed byte
 * arrays, records laid out as C structs) and java.util.Map-like views per map type, with
 * allocation-free primitive views for the counter hot path.
 *
 * <p>It builds only on {@code dev.ebpf4j.maps}, {@code dev.ebpf4j.types} and {@code dev.ebpf4j.sys};
 * it must not depend on the loader, programs or object packages.
 */
package dev.ebpf4j.maps.typed;
