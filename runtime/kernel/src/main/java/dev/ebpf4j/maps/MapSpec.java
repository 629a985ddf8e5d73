package dev.ebpf4j.maps;

import dev.ebpf4j.types.MapType;

/**
 * What a map to be created looks like: plain data, checkable without a kernel.
 *
 * <pre>{@code
 * MapSpec spec = MapSpec.of(MapType.HASH, 4, 8, 1024).withName("flows").withFlags(MapSpec.F_NO_PREALLOC);
 * try (BpfMap map = BpfMap.create(spec)) { ... }
 * }</pre>
 *
 * @param btfFd the fd of loaded BTF describing key and value, or 0
 * @param innerMapFd for map-in-map types: a map whose shape the inner maps share, or 0
 * @param mapExtra type-specific ({@code BLOOM_FILTER}: number of hashes)
 */
public record MapSpec(MapType type, int keySize, int valueSize, int maxEntries, int flags, String name,
                      int btfFd, int btfKeyTypeId, int btfValueTypeId, int innerMapFd, long mapExtra) {
    public static final int F_NO_PREALLOC = 1;
    public static final int F_RDONLY = 1 << 3;
    public static final int F_WRONLY = 1 << 4;
    public static final int F_RDONLY_PROG = 1 << 7;
    public static final int F_WRONLY_PROG = 1 << 8;
    public static final int F_MMAPABLE = 1 << 10;

    public MapSpec {
        if (type == null) {
            throw new IllegalArgumentException("map '" + name + "': no map type");
        }
        if (keySize < 0 || valueSize < 0 || maxEntries < 0) {
            throw new IllegalArgumentException("map '" + name + "': sizes and max entries cannot be negative");
        }
        name = name == null ? "" : name;
    }

    /** A map with no name, flags or BTF. */
    public static MapSpec of(MapType type, int keySize, int valueSize, int maxEntries) {
        return new MapSpec(type, keySize, valueSize, maxEntries, 0, "", 0, 0, 0, 0, 0);
    }

    public MapSpec withName(String newName) {
        return new MapSpec(type, keySize, valueSize, maxEntries, flags, newName, btfFd, btfKeyTypeId, btfValueTypeId, innerMapFd, mapExtra);
    }

    public MapSpec withFlags(int newFlags) {
        return new MapSpec(type, keySize, valueSize, maxEntries, newFlags, name, btfFd, btfKeyTypeId, btfValueTypeId, innerMapFd, mapExtra);
    }

    public MapSpec withBtf(int newBtfFd, int keyTypeId, int valueTypeId) {
        return new MapSpec(type, keySize, valueSize, maxEntries, flags, name, newBtfFd, keyTypeId, valueTypeId, innerMapFd, mapExtra);
    }

    public MapSpec withInnerMap(int newInnerMapFd) {
        return new MapSpec(type, keySize, valueSize, maxEntries, flags, name, btfFd, btfKeyTypeId, btfValueTypeId, newInnerMapFd, mapExtra);
    }

    public MapSpec withMapExtra(long newMapExtra) {
        return new MapSpec(type, keySize, valueSize, maxEntries, flags, name, btfFd, btfKeyTypeId, btfValueTypeId, innerMapFd, newMapExtra);
    }
}
