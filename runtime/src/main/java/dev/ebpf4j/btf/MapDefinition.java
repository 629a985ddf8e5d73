package dev.ebpf4j.btf;

import java.util.Objects;
import java.util.Optional;

/**
 * The attributes of a BTF-defined map, as its {@code .maps} struct states them. Numeric attributes
 * that are 0 are not written (libbpf reads an absent one as 0); {@code mapType} always is.
 *
 * <pre>{@code
 * var counts = new MapDefinition("counts", 1, new MapDefinition.OfType(u32), new MapDefinition.OfType(stats),
 *         1024, 0, 0, Optional.empty());
 * }</pre>
 *
 * @param name       the map's variable name (a C identifier)
 * @param mapType    {@code enum bpf_map_type} (1 = hash, 2 = array, 27 = ring buffer, …)
 * @param key        the key as a BTF type, as a size in bytes, or absent
 * @param value      the value, likewise
 * @param maxEntries {@code max_entries}
 * @param flags      {@code map_flags}
 * @param pinning    {@code pinning} (1 = by name)
 * @param inner      for a map of maps, the inner map's definition (its name is the inner struct's)
 */
public record MapDefinition(String name, int mapType, Slot key, Slot value, long maxEntries, long flags, long pinning,
                            Optional<MapDefinition> inner) {
    public MapDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(inner, "inner");
        check(mapType, "type");
        check(maxEntries, "max_entries");
        check(flags, "map_flags");
        check(pinning, "pinning");
        if (key instanceof OfSize(long size)) {
            check(size, "key_size");
        }
        if (value instanceof OfSize(long size)) {
            check(size, "value_size");
        }
    }

    /** A key or value. */
    public sealed interface Slot permits Absent, OfType, OfSize {}

    /** Not given (ring buffers, or the values of a map of maps). */
    public record Absent() implements Slot {}

    /** {@code __type(key, T)}: a pointer to BTF type {@code typeId}. */
    public record OfType(int typeId) implements Slot {}

    /** {@code __uint(key_size, N)}: only a size, no type. */
    public record OfSize(long size) implements Slot {}

    public static final Slot ABSENT = new Absent();

    private static void check(long value, String attribute) {
        // The attribute becomes an array length: a u32.
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException(attribute + " must fit 32 unsigned bits: " + value);
        }
    }
}
