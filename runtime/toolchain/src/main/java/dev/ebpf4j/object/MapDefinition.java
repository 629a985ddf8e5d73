package dev.ebpf4j.object;

import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.types.MapType;
import java.util.Objects;
import java.util.Optional;

/**
 * A map as an object declares it in {@code .maps} (libbpf's BTF-defined form): its attributes,
 * and the BTF ids of its key and value types where the object has them.
 *
 * <pre>{@code
 * MapDefinition counters = MapDefinition.of("counters", MapType.ARRAY, 4, 8, 256);
 * MapDefinition pinned = counters.withPinning(MapDefinition.Pinning.BY_NAME);
 * }</pre>
 *
 * @param name the map's symbol and BTF variable name; for an inner map, the name libbpf gives it
 *     ({@code outer.inner})
 * @param type the kernel map type
 * @param keySize key size in bytes (0 for maps without keys, such as ring buffers)
 * @param valueSize value size in bytes
 * @param maxEntries {@code max_entries}
 * @param flags {@code map_flags}
 * @param pinning whether the loader pins the map by name
 * @param keyTypeId the BTF id of the key type in the object's BTF, 0 if it gives only the size
 * @param valueTypeId the BTF id of the value type, 0 if it gives only the size
 * @param inner for a map of maps, the template of its inner maps
 * @param mapExtra {@code map_extra} (bloom filter hashes, arena address)
 */
public record MapDefinition(String name, MapType type, int keySize, int valueSize, int maxEntries, int flags,
                            Pinning pinning, int keyTypeId, int valueTypeId, Optional<MapDefinition> inner,
                            long mapExtra) {
    /** libbpf's {@code LIBBPF_PIN_*}, stored as the {@code pinning} attribute. */
    public enum Pinning {
        NONE(0), BY_NAME(1);

        private final int value;

        Pinning(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }

        public static Optional<Pinning> of(long value) {
            for (Pinning p : values()) {
                if (p.value == value) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    public MapDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(pinning, "pinning");
        Objects.requireNonNull(inner, "inner");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a map needs a name");
        }
        if (keySize < 0 || valueSize < 0 || maxEntries < 0) {
            throw new IllegalArgumentException("map " + name + ": key size " + Integer.toUnsignedString(keySize)
                    + ", value size " + Integer.toUnsignedString(valueSize) + " and max entries "
                    + Integer.toUnsignedString(maxEntries) + " must fit 31 bits");
        }
        if (keyTypeId < 0 || valueTypeId < 0) {
            throw new IllegalArgumentException("map " + name + ": negative BTF type id");
        }
        boolean ofMaps = type == MapType.ARRAY_OF_MAPS || type == MapType.HASH_OF_MAPS;
        if (inner.isPresent() && !ofMaps) {
            throw new IllegalArgumentException("map " + name + " of type " + type + " cannot have an inner map");
        }
        if (inner.isPresent() && !inner.get().name().equals(name + ".inner")) {
            throw new IllegalArgumentException("map " + name + ": the inner map must be called " + name + ".inner, as libbpf calls it");
        }
    }

    /** A map with sizes only: no BTF key and value types, no flags, not pinned. */
    public static MapDefinition of(String name, MapType type, int keySize, int valueSize, int maxEntries) {
        return new MapDefinition(name, type, keySize, valueSize, maxEntries, 0, Pinning.NONE, 0, 0, Optional.empty(), 0);
    }

    public MapDefinition withFlags(int newFlags) {
        return new MapDefinition(name, type, keySize, valueSize, maxEntries, newFlags, pinning, keyTypeId, valueTypeId, inner, mapExtra);
    }

    public MapDefinition withPinning(Pinning newPinning) {
        return new MapDefinition(name, type, keySize, valueSize, maxEntries, flags, newPinning, keyTypeId, valueTypeId, inner, mapExtra);
    }

    /** The same map with BTF key and value types (ids in the object's BTF). */
    public MapDefinition withTypes(int newKeyTypeId, int newValueTypeId) {
        return new MapDefinition(name, type, keySize, valueSize, maxEntries, flags, pinning, newKeyTypeId, newValueTypeId, inner, mapExtra);
    }

    /** A map of maps whose inner maps look like {@code template} (renamed to {@code name.inner}); values are 4-byte map fds. */
    public MapDefinition withInner(MapDefinition template) {
        MapDefinition inner = new MapDefinition(name + ".inner", template.type, template.keySize, template.valueSize,
                template.maxEntries, template.flags, template.pinning, template.keyTypeId, template.valueTypeId,
                template.inner, template.mapExtra);
        return new MapDefinition(name, type, keySize, 4, maxEntries, flags, pinning, keyTypeId, 0, Optional.of(inner), mapExtra);
    }

    public MapDefinition withMapExtra(long newMapExtra) {
        return new MapDefinition(name, type, keySize, valueSize, maxEntries, flags, pinning, keyTypeId, valueTypeId, inner, newMapExtra);
    }

    /**
     * For a ring buffer, the BTF type of its records in {@code btf} (the object's), or 0 when the
     * object does not say. The ring buffer's value names it: {@code __type(value, struct event[0])}
     * as our processor writes it (a zero-length array, so that libbpf too creates the ring buffer
     * with value size 0), or {@code __type(value, struct event)} as cilium/ebpf's users write it.
     */
    public int recordTypeId(Btf btf) {
        if (!type.hasNoValueSize() || valueTypeId == 0) {
            return 0;
        }
        int resolved = btf.skipQualifiers(valueTypeId);
        if (resolved != 0 && btf.type(resolved) instanceof BtfType.Array(int element, int index, long count) && count == 0) {
            return element;
        }
        return valueTypeId;
    }
}
