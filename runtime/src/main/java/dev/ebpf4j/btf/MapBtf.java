package dev.ebpf4j.btf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * BTF-defined maps in the shape clang gives libbpf's {@code __uint}/{@code __type}/{@code __array}
 * macros: an anonymous STRUCT whose members {@code type}, {@code max_entries}, {@code key_size},
 * {@code value_size}, {@code map_flags} and {@code pinning} are pointers to {@code int} arrays whose
 * length is the value, {@code key} and {@code value} are pointers to the types, and {@code values}
 * (map of maps) is a zero-length array of pointers to the inner map's struct; a global VAR of that
 * struct named after the map; a DATASEC {@code .maps} listing the VARs.
 *
 * <pre>{@code
 * Btf.Builder b = Btf.builder();
 * int u32 = ...; int stats = ...;
 * DataSection.Layout maps = MapBtf.addMapsSection(b, List.of(new MapDefinition("counts", 1,
 *         new MapDefinition.OfType(u32), new MapDefinition.OfType(stats), 1024, 0, 0, Optional.empty())));
 * Btf btf = b.build();
 * MapBtf.parseAll(btf);   // [MapDefinition[name=counts, ...]]
 * }</pre>
 */
public final class MapBtf {
    /** The name of the ELF section and DATASEC that holds map definitions. */
    public static final String SECTION = ".maps";

    private static final BtfType INT = new BtfType.Int("int", 4, BtfType.IntEncoding.SIGNED, 0, 32);
    private static final BtfType ARRAY_SIZE_TYPE = new BtfType.Int("__ARRAY_SIZE_TYPE__", 4, BtfType.IntEncoding.NONE, 0, 32);

    private MapBtf() {}

    /** Adds the maps' structs, their VARs and the {@code .maps} DATASEC with real offsets and sizes. */
    public static DataSection.Layout addMapsSection(Btf.Builder builder, List<MapDefinition> maps) {
        List<DataSection.Variable> vars = new ArrayList<>();
        for (MapDefinition map : maps) {
            vars.add(new DataSection.Variable(map.name(), addStruct(builder, map, ""), BtfType.VarLinkage.GLOBAL));
        }
        return DataSection.add(builder, SECTION, vars);
    }

    /** Adds the anonymous struct that defines {@code map} and returns its id (the VAR is the caller's). */
    public static int addStruct(Btf.Builder builder, MapDefinition map) {
        return addStruct(builder, map, "");
    }

    private static int addStruct(Btf.Builder builder, MapDefinition map, String structName) {
        List<BtfType.Member> members = new ArrayList<>();
        number(builder, members, "type", map.mapType(), true);
        number(builder, members, "max_entries", map.maxEntries(), false);
        slot(builder, members, "key", map.key());
        slot(builder, members, "value", map.value());
        number(builder, members, "map_flags", map.flags(), false);
        number(builder, members, "pinning", map.pinning(), false);
        long size = 8L * members.size();
        if (map.inner().isPresent()) {
            MapDefinition inner = map.inner().get();
            int innerStruct = addStruct(builder, inner, inner.name());
            int pointer = builder.intern(new BtfType.Ptr(innerStruct));
            int array = builder.intern(new BtfType.Array(pointer, builder.intern(ARRAY_SIZE_TYPE), 0));
            members.add(new BtfType.Member("values", array, 64L * members.size()));
        }
        return builder.intern(new BtfType.Struct(structName, size, members, false));
    }

    private static void number(Btf.Builder builder, List<BtfType.Member> members, String name, long value, boolean always) {
        if (value == 0 && !always) {
            return;
        }
        int element = builder.intern(INT);
        int array = builder.intern(new BtfType.Array(element, builder.intern(ARRAY_SIZE_TYPE), value));
        members.add(new BtfType.Member(name, builder.intern(new BtfType.Ptr(array)), 64L * members.size()));
    }

    private static void slot(Btf.Builder builder, List<BtfType.Member> members, String name, MapDefinition.Slot slot) {
        switch (slot) {
            case MapDefinition.Absent a -> { }
            case MapDefinition.OfType(int typeId) ->
                    members.add(new BtfType.Member(name, builder.intern(new BtfType.Ptr(typeId)), 64L * members.size()));
            case MapDefinition.OfSize(long size) -> number(builder, members, name + "_size", size, true);
        }
    }

    /** Every map of the {@code .maps} DATASEC, in order; none if there is no such DATASEC. */
    public static List<MapDefinition> parseAll(Btf btf) {
        List<MapDefinition> maps = new ArrayList<>();
        var section = btf.findId(BtfKind.DATASEC, SECTION);
        if (section.isPresent()) {
            for (BtfType.VarSecinfo v : btf.type(section.getAsInt(), BtfType.Datasec.class).vars()) {
                maps.add(parse(btf, v.type()));
            }
        }
        return maps;
    }

    /** The definition the map VAR {@code varId} states; a {@link BtfException} naming the map if it is malformed. */
    public static MapDefinition parse(Btf btf, int varId) {
        if (varId <= 0 || varId > btf.typeCount() || !(btf.type(varId) instanceof BtfType.Var var)) {
            throw new BtfException("type id " + varId + " in " + SECTION + " is not a VAR");
        }
        return parse(btf, var.name(), var.type(), true);
    }

    private static MapDefinition parse(Btf btf, String name, int typeId, boolean outer) {
        int structId = btf.skipQualifiers(typeId);
        if (structId == 0 || !(btf.type(structId) instanceof BtfType.Struct struct)) {
            throw error(name, "its type is not a struct but " + describe(btf, structId));
        }
        Integer mapType = null;
        long maxEntries = 0, flags = 0, pinning = 0;
        MapDefinition.Slot key = MapDefinition.ABSENT, value = MapDefinition.ABSENT;
        Long keySize = null, valueSize = null;
        Optional<MapDefinition> inner = Optional.empty();
        for (BtfType.Member m : struct.members()) {
            switch (m.name()) {
                case "type" -> mapType = (int) number(btf, name, m);
                case "max_entries" -> maxEntries = number(btf, name, m);
                case "map_flags" -> flags = number(btf, name, m);
                case "pinning" -> pinning = number(btf, name, m);
                case "key_size" -> keySize = number(btf, name, m);
                case "value_size" -> valueSize = number(btf, name, m);
                case "key" -> key = new MapDefinition.OfType(pointee(btf, name, m));
                case "value" -> value = new MapDefinition.OfType(pointee(btf, name, m));
                case "values" -> {
                    if (!outer) {
                        throw error(name, "an inner map cannot itself hold maps");
                    }
                    inner = Optional.of(innerMap(btf, name, m));
                }
                default -> throw error(name, "unknown attribute '" + m.name() + "'");
            }
        }
        if (mapType == null) {
            throw error(name, "has no 'type' attribute");
        }
        key = sized(btf, name, "key", key, keySize);
        value = sized(btf, name, "value", value, valueSize);
        return new MapDefinition(name, mapType, key, value, maxEntries, flags, pinning, inner);
    }

    private static MapDefinition.Slot sized(Btf btf, String name, String what, MapDefinition.Slot slot, Long size) {
        if (size == null) {
            return slot;
        }
        if (slot instanceof MapDefinition.OfType(int typeId) && btf.sizeOf(typeId) != size) {
            throw error(name, what + "_size " + size + " disagrees with the " + btf.sizeOf(typeId) + "-byte " + what + " type");
        }
        return slot instanceof MapDefinition.OfType ? slot : new MapDefinition.OfSize(size);
    }

    /** The length of the array that {@code __uint(name, value)} points to. */
    private static long number(Btf btf, String map, BtfType.Member m) {
        int pointer = btf.skipQualifiers(m.type());
        if (pointer != 0 && btf.type(pointer) instanceof BtfType.Ptr(int target)) {
            int array = btf.skipQualifiers(target);
            if (array != 0 && btf.type(array) instanceof BtfType.Array a) {
                if (m.name().equals("type") && a.count() > Integer.MAX_VALUE) {
                    throw error(map, "map type " + a.count() + " is out of range");
                }
                return a.count();
            }
        }
        throw error(map, "attribute '" + m.name() + "' must be a pointer to an array, __uint(" + m.name() + ", N), but is " + describe(btf, m.type()));
    }

    private static int pointee(Btf btf, String map, BtfType.Member m) {
        int pointer = btf.skipQualifiers(m.type());
        if (pointer != 0 && btf.type(pointer) instanceof BtfType.Ptr(int target)) {
            return target;
        }
        throw error(map, "attribute '" + m.name() + "' must be a pointer to the type, __type(" + m.name() + ", T), but is " + describe(btf, m.type()));
    }

    private static MapDefinition innerMap(Btf btf, String map, BtfType.Member m) {
        int array = btf.skipQualifiers(m.type());
        if (array != 0 && btf.type(array) instanceof BtfType.Array a && a.count() == 0) {
            int pointer = btf.skipQualifiers(a.elementType());
            if (pointer != 0 && btf.type(pointer) instanceof BtfType.Ptr(int target)) {
                int structId = btf.skipQualifiers(target);
                String innerName = structId == 0 ? "" : btf.type(structId).name();
                return parse(btf, innerName.isEmpty() ? map + ".inner" : innerName, target, false);
            }
        }
        throw error(map, "attribute 'values' must be an empty array of pointers to the inner map's struct, __array(values, struct inner), but is "
                + describe(btf, m.type()));
    }

    private static String describe(Btf btf, int id) {
        return id == 0 ? "void" : BtfDump.dump(btf, id).lines().findFirst().orElse("");
    }

    private static BtfException error(String map, String problem) {
        return new BtfException("map '" + map + "': " + problem);
    }
}
