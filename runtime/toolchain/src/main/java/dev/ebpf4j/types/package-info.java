/**
 * The kernel's enumerations as pure data: program, attach and map types numbered as in the
 * uapi header {@code linux/bpf.h}.
 *
 * <p>Shared by the pure object layer, which reads them from section names and BTF, and by the
 * kernel layer, which passes their numbers to {@code bpf()}; it depends on nothing.
 */
package dev.ebpf4j.types;
