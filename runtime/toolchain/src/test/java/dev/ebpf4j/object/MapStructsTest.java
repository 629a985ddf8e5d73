package dev.ebpf4j.object;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfDecoder;
import dev.ebpf4j.btf.BtfKind;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.btf.ClangFixture;
import org.junit.jupiter.api.Test;

class MapStructsTest {
    /** Our struct for each of clang's maps, added to clang's BTF, reuses clang's pointer and array types member for member. */
    @Test
    void buildsTheStructClangBuildsForTheSameDefinition() {
        Btf clang = BtfDecoder.decode(ClangFixture.compile("maps").btf());
        Btf.Builder b = clang.toBuilder();
        int maps = clang.findId(BtfKind.DATASEC, ".maps").orElseThrow();
        int checked = 0;
        for (BtfType.VarSecinfo v : clang.type(maps, BtfType.Datasec.class).vars()) {
            BtfType.Var variable = clang.type(v.type(), BtfType.Var.class);
            MapDefinition map = MapStructs.parse(clang, variable.name(), variable.type());
            int ours = MapStructs.build(b, map);
            assertEquals(shape(clang, variable.type()), shape(b.build(), ours), map.name());
            checked++;
        }
        assertEquals(5, checked);
    }

    /** A type written out with its referenced types inlined, so equal shapes compare equal whatever their ids. */
    private static String shape(Btf btf, int id) {
        if (id == 0) {
            return "void";
        }
        return switch (btf.type(id)) {
            case BtfType.Ptr p -> "*" + shape(btf, p.type());
            case BtfType.Array a -> shape(btf, a.elementType()) + "[" + a.count() + "]";
            // Struct names are left out: the fixture names its inner map struct, we leave it anonymous; libbpf reads either.
            case BtfType.Struct st -> "struct " + st.size() + " {" + st.members().stream()
                    .map(m -> m.name() + "@" + m.bitOffset() + ":" + shape(btf, m.type()))
                    .collect(java.util.stream.Collectors.joining(", ")) + "}";
            case BtfType other -> other.kind() + " " + other.name() + "#" + id;
        };
    }
}
