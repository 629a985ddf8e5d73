package dev.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MapBtfTest {
    private static final MapDefinition.Slot NONE = MapDefinition.ABSENT;

    private static int type(Btf btf, BtfKind kind, String name) {
        return btf.findId(kind, name).orElseThrow();
    }

    @Test
    void readsClangsMapsIncludingSizesRingBufferAndMapOfMaps() {
        Btf btf = BtfDecoder.decode(ClangFixture.compile("maps").btf());
        int u32 = type(btf, BtfKind.TYPEDEF, "__u32");
        int u64 = type(btf, BtfKind.TYPEDEF, "__u64");
        MapDefinition inner = new MapDefinition("inner", 2, new MapDefinition.OfType(u32), new MapDefinition.OfType(u64), 1, 0, 0, Optional.empty());
        assertEquals(List.of(
                new MapDefinition("counts", 1, new MapDefinition.OfType(u32), new MapDefinition.OfType(type(btf, BtfKind.STRUCT, "stats")), 1024, 0, 0, Optional.empty()),
                new MapDefinition("flows", 5, new MapDefinition.OfType(type(btf, BtfKind.STRUCT, "flow")), new MapDefinition.OfType(u64), 4096, 1, 1, Optional.empty()),
                new MapDefinition("sized", 2, new MapDefinition.OfSize(4), new MapDefinition.OfSize(8), 4, 0, 0, Optional.empty()),
                new MapDefinition("events", 27, NONE, NONE, 262144, 0, 0, Optional.empty()),
                new MapDefinition("outer", 12, new MapDefinition.OfType(u32), NONE, 8, 0, 0, Optional.of(inner))),
                MapBtf.parseAll(btf));
    }

    /** Our struct for each of clang's maps, added to clang's BTF, reuses clang's pointer and array types member for member. */
    @Test
    void buildsTheStructClangBuildsForTheSameDefinition() {
        Btf clang = BtfDecoder.decode(ClangFixture.compile("maps").btf());
        Btf.Builder b = clang.toBuilder();
        for (BtfType.VarSecinfo v : clang.type(type(clang, BtfKind.DATASEC, ".maps"), BtfType.Datasec.class).vars()) {
            MapDefinition map = MapBtf.parse(clang, v.type());
            int clangStruct = clang.type(v.type(), BtfType.Var.class).type();
            int ours = MapBtf.addStruct(b, map);
            assertEquals(clang.type(clangStruct), b.type(ours), map.name());
        }
    }

    @Test
    void buildsAMapsSectionWithRealOffsetsThatParsesBack() {
        Btf.Builder b = Btf.builder();
        int u32 = b.add(new BtfType.Typedef("__u32", b.nextId() + 1));
        b.add(new BtfType.Int("unsigned int", 4, BtfType.IntEncoding.NONE, 0, 32));
        int value = b.add(BtfType.Struct.of("v", 16, new BtfType.Member("a", u32, 0), new BtfType.Member("b", u32, 64)));
        List<MapDefinition> maps = List.of(
                new MapDefinition("counts", 1, new MapDefinition.OfType(u32), new MapDefinition.OfType(value), 1024, 0, 1, Optional.empty()),
                new MapDefinition("raw", 2, new MapDefinition.OfSize(4), new MapDefinition.OfSize(64), 1, 1024, 0, Optional.empty()),
                new MapDefinition("outer", 12, new MapDefinition.OfSize(4), NONE, 2, 0, 0,
                        Optional.of(new MapDefinition("inner", 2, new MapDefinition.OfSize(4), new MapDefinition.OfType(u32), 1, 0, 0, Optional.empty()))));
        DataSection.Layout layout = MapBtf.addMapsSection(b, maps);
        Btf btf = BtfDecoder.decode(BtfEncoder.encode(b.build()));
        assertEquals(maps, MapBtf.parseAll(btf));
        // counts: type, max_entries, key, value, pinning; raw: type, max_entries, key_size, value_size, map_flags.
        assertEquals(List.of(0L, 40L, 80L), layout.variables().stream().map(DataSection.Placed::offset).toList());
        assertEquals(List.of(40L, 40L, 24L), layout.variables().stream().map(DataSection.Placed::size).toList());
        assertEquals(104, btf.type(layout.datasecId(), BtfType.Datasec.class).size());
    }

    @Test
    void namesTheMapInEveryComplaint() {
        Btf.Builder b = Btf.builder();
        int i = b.add(new BtfType.Int("int", 4, BtfType.IntEncoding.SIGNED, 0, 32));
        int notAnArrayPointer = b.add(new BtfType.Ptr(i));
        int bad = b.add(BtfType.Struct.of("", 8, new BtfType.Member("type", notAnArrayPointer, 0)));
        int unknown = b.add(BtfType.Struct.of("", 8, new BtfType.Member("colour", notAnArrayPointer, 0)));
        int noType = b.add(BtfType.Struct.of("", 0));
        int v1 = b.add(new BtfType.Var("bad", bad, BtfType.VarLinkage.GLOBAL));
        int v2 = b.add(new BtfType.Var("odd", unknown, BtfType.VarLinkage.GLOBAL));
        int v3 = b.add(new BtfType.Var("empty", noType, BtfType.VarLinkage.GLOBAL));
        int v4 = b.add(new BtfType.Var("scalar", i, BtfType.VarLinkage.GLOBAL));
        Btf btf = b.build();
        assertEquals("map 'bad': attribute 'type' must be a pointer to an array, __uint(type, N), but is [2] PTR '(anon)' type_id=1",
                assertThrows(BtfException.class, () -> MapBtf.parse(btf, v1)).getMessage());
        assertEquals("map 'odd': unknown attribute 'colour'", assertThrows(BtfException.class, () -> MapBtf.parse(btf, v2)).getMessage());
        assertEquals("map 'empty': has no 'type' attribute", assertThrows(BtfException.class, () -> MapBtf.parse(btf, v3)).getMessage());
        assertEquals("map 'scalar': its type is not a struct but [1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED",
                assertThrows(BtfException.class, () -> MapBtf.parse(btf, v4)).getMessage());
    }
}
