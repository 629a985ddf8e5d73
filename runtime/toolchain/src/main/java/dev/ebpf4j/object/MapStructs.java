package dev.ebpf4j.object;

import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.types.MapType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * libbpf's BTF-defined map shape: a map is a variable of an anonymous struct whose members encode
 * the attributes, {@code int (*type)[N]} for a number N and {@code K *key} for a type K, with
 * {@code values} an array of pointers to the inner map's struct for a map of maps.
 */
final class MapStructs {
    private MapStructs() {}

    /** The definition the struct {@code structId} (through typedefs and qualifiers) declares; IllegalArgumentException if malformed. */
    static MapDefinition parse(Btf btf, String name, int structId) {
        return parse(btf, name, structId, 0);
    }

    private static MapDefinition parse(Btf btf, String name, int structId, int depth) {
        if (depth > 1) {
            throw new IllegalArgumentException("map " + name + ": an inner map may not hold maps itself");
        }
        int resolved = btf.skipQualifiers(structId);
        if (resolved == 0 || !(btf.type(resolved) instanceof BtfType.Struct struct)) {
            throw new IllegalArgumentException("map " + name + ": its BTF type is not a struct");
        }
        MapType type = MapType.UNSPEC;
        long keySize = 0;
        long valueSize = 0;
        long maxEntries = 0;
        long flags = 0;
        long mapExtra = 0;
        MapDefinition.Pinning pinning = MapDefinition.Pinning.NONE;
        int keyType = 0;
        int valueType = 0;
        MapDefinition inner = null;
        boolean keySized = false;
        boolean valueSized = false;
        for (BtfType.Member member : struct.members()) {
            String what = "map " + name + ", attribute " + member.name();
            switch (member.name()) {
                case "type" -> {
                    long number = number(btf, member.type(), what);
                    if (number >= MapType.values().length) {
                        throw new IllegalArgumentException(what + ": unknown map type " + number);
                    }
                    type = MapType.of((int) number);
                }
                case "max_entries" -> maxEntries = number(btf, member.type(), what);
                case "map_flags" -> flags = number(btf, member.type(), what);
                case "map_extra" -> mapExtra = number(btf, member.type(), what);
                case "numa_node" -> number(btf, member.type(), what);
                case "pinning" -> {
                    long value = number(btf, member.type(), what);
                    pinning = MapDefinition.Pinning.of(value)
                            .orElseThrow(() -> new IllegalArgumentException(what + ": pinning " + value + " is not 0 (none) or 1 (by name)"));
                }
                case "key_size" -> {
                    keySize = number(btf, member.type(), what);
                    keySized = true;
                }
                case "value_size" -> {
                    valueSize = number(btf, member.type(), what);
                    valueSized = true;
                }
                case "key" -> {
                    keyType = pointee(btf, member.type(), what);
                    long size = btf.sizeOf(keyType);
                    if (keySized && size != keySize) {
                        throw new IllegalArgumentException(what + ": key_size " + keySize + " disagrees with the key type's " + size);
                    }
                    keySize = size;
                }
                case "value" -> {
                    valueType = pointee(btf, member.type(), what);
                    long size = btf.sizeOf(valueType);
                    if (valueSized && size != valueSize) {
                        throw new IllegalArgumentException(what + ": value_size " + valueSize + " disagrees with the value type's " + size);
                    }
                    valueSize = size;
                }
                case "values" -> {
                    int array = btf.skipQualifiers(member.type());
                    if (array == 0 || !(btf.type(array) instanceof BtfType.Array(int element, int index, long count))) {
                        throw new IllegalArgumentException(what + ": not an array of pointers");
                    }
                    int innerStruct = pointee(btf, element, what);
                    if (btf.skipQualifiers(innerStruct) != 0 && btf.type(btf.skipQualifiers(innerStruct)) instanceof BtfType.Struct) {
                        inner = parse(btf, name + ".inner", innerStruct, depth + 1);
                    }
                    // values of a prog array hold pointers to functions: no inner map, only initial values.
                    valueSize = 4;
                }
                default -> throw new IllegalArgumentException(what + " is not one libbpf knows");
            }
        }
        if (type == MapType.UNSPEC) {
            throw new IllegalArgumentException("map " + name + " has no type");
        }
        if (type.hasNoValueSize() && valueType != 0) {
            // __type(value, struct event) on a ring buffer names its records (cilium/ebpf's convention),
            // but the kernel creates ring buffers only with value size 0.
            valueSize = 0;
        }
        for (long v : new long[] {keySize, valueSize, maxEntries, flags}) {
            if (v > 0xffff_ffffL || v < 0) {
                throw new IllegalArgumentException("map " + name + ": " + v + " does not fit 32 bits");
            }
        }
        if (keySize > Integer.MAX_VALUE || valueSize > Integer.MAX_VALUE || maxEntries > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("map " + name + ": sizes and max_entries above 2^31 are not supported");
        }
        return new MapDefinition(name, type, (int) keySize, (int) valueSize, (int) maxEntries, (int) flags, pinning,
                keyType, valueType, Optional.ofNullable(inner), mapExtra);
    }

    /** {@code int (*name)[N]}: N. */
    private static long number(Btf btf, int typeId, String what) {
        int ptr = btf.skipQualifiers(typeId);
        if (ptr != 0 && btf.type(ptr) instanceof BtfType.Ptr(int target)) {
            int array = btf.skipQualifiers(target);
            if (array != 0 && btf.type(array) instanceof BtfType.Array(int element, int index, long count)) {
                return count;
            }
        }
        throw new IllegalArgumentException(what + ": not a pointer to an array, as __uint() declares");
    }

    private static int pointee(Btf btf, int typeId, String what) {
        int ptr = btf.skipQualifiers(typeId);
        if (ptr != 0 && btf.type(ptr) instanceof BtfType.Ptr(int target)) {
            return target;
        }
        throw new IllegalArgumentException(what + ": not a pointer, as __type() declares");
    }

    /**
     * Adds the struct that declares {@code map} and returns its id. Members come in the order
     * libbpf's examples and most programs declare them (type, max_entries, key, value, then flags
     * and pinning); libbpf reads them in any order.
     */
    static int build(Btf.Builder b, MapDefinition map) {
        List<BtfType.Member> members = new ArrayList<>();
        long offset = 0;
        offset = addNumber(b, members, "type", map.type().number(), offset);
        offset = addNumber(b, members, "max_entries", Integer.toUnsignedLong(map.maxEntries()), offset);
        if (map.keyTypeId() != 0) {
            members.add(new BtfType.Member("key", b.intern(new BtfType.Ptr(map.keyTypeId())), offset));
            offset += 64;
        } else if (map.keySize() != 0) {
            offset = addNumber(b, members, "key_size", map.keySize(), offset);
        }
        if (map.inner().isPresent()) {
            int innerStruct = build(b, map.inner().get());
            int pointer = b.intern(new BtfType.Ptr(innerStruct));
            members.add(new BtfType.Member("values", b.intern(new BtfType.Array(pointer, arraySizeType(b), 0)), offset));
        } else if (map.valueTypeId() != 0) {
            members.add(new BtfType.Member("value", b.intern(new BtfType.Ptr(map.valueTypeId())), offset));
            offset += 64;
        } else if (map.valueSize() != 0) {
            offset = addNumber(b, members, "value_size", map.valueSize(), offset);
        }
        if (map.flags() != 0) {
            offset = addNumber(b, members, "map_flags", Integer.toUnsignedLong(map.flags()), offset);
        }
        if (map.mapExtra() != 0) {
            offset = addNumber(b, members, "map_extra", map.mapExtra(), offset);
        }
        if (map.pinning() != MapDefinition.Pinning.NONE) {
            offset = addNumber(b, members, "pinning", map.pinning().value(), offset);
        }
        return b.add(new BtfType.Struct("", offset / 8, members, false));
    }

    private static long addNumber(Btf.Builder b, List<BtfType.Member> members, String name, long value, long offset) {
        int intType = b.intern(new BtfType.Int("int", 4, BtfType.IntEncoding.SIGNED, 0, 32));
        int array = b.intern(new BtfType.Array(intType, arraySizeType(b), value));
        members.add(new BtfType.Member(name, b.intern(new BtfType.Ptr(array)), offset));
        return offset + 64;
    }

    /** The index type clang gives every array. */
    static int arraySizeType(Btf.Builder b) {
        return b.intern(new BtfType.Int("__ARRAY_SIZE_TYPE__", 4, BtfType.IntEncoding.NONE, 0, 32));
    }
}
