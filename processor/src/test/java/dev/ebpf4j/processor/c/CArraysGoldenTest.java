package dev.ebpf4j.processor.c;

import static dev.ebpf4j.processor.fixture.Ir.add;
import static dev.ebpf4j.processor.fixture.Ir.and;
import static dev.ebpf4j.processor.fixture.Ir.conv;
import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.map;
import static dev.ebpf4j.processor.fixture.Ir.mapDecl;
import static dev.ebpf4j.processor.fixture.Ir.notNull;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.processor.fixture.Golden;
import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.ir.ValuePointer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Arrays in C: {@code @Size} members, local arrays zeroed and copied with memcpy, elements at
 * constant and bounded indices; checked in under {@code golden/Arrays.bpf.c} (regenerate with
 * {@code -Debpf4j.golden.update=true}) and compiled by clang without a warning.
 */
class CArraysGoldenTest {
    static ProgramUnit arrays() {
        Ir ir = new Ir("Arrays.java");
        ArrayType bytes4 = new ArrayType(Prim.BYTE, 4);
        ArrayType chars3 = new ArrayType(Prim.CHAR, 3);
        StructType key = StructType.layout("Arrays_Key", "dev.example.Arrays$Key",
                List.of(new StructType.Component("addr", bytes4), new StructType.Component("port", Prim.INT)));
        StructType value = StructType.layout("Arrays_Seen", "dev.example.Arrays$Seen",
                List.of(new StructType.Component("tags", chars3), new StructType.Component("flag", Prim.BOOLEAN)));
        MapDecl seen = mapDecl("seen", MapKind.HASH, key, value, 16);
        Local ctx = ir.local("ctx", new ContextType(Hook.XDP));
        Local a = ir.local("a", bytes4);
        Local n = ir.local("n", Prim.INT);
        Local ptr = ir.local("old_ptr", new ValuePointer(seen));
        Local tags = ir.local("tags", chars3);
        Function run = ir.entry("run", Hook.XDP, ctx, b -> {
            b.declare(a, new Expr.NewArray(bytes4));
            b.declare(n, new Expr.IntrinsicCall(Intrinsic.XDP_LENGTH, List.of(r(ctx))));
            b.statements.add(new Stmt.StoreElement(a, i(0), conv(Prim.BYTE, r(n)), ir.next("a[0] = (byte) n")));
            b.statements.add(new Stmt.StoreElement(a, and(r(n), i(3)), i(7), ir.next("a[n & 3] = 7")));
            b.declare(ptr, map(seen, MapOp.LOOKUP, new Expr.StructValue(key, List.of(r(a), i(80))), null));
            b.declare(tags, new Expr.NewArray(chars3));
            b.ifThen(notNull(r(ptr)), t -> t.assign(tags, new Expr.LoadField(r(ptr), value.field("tags"))));
            b.statements.add(new Stmt.StoreElement(tags, and(r(n), i(1)), conv(Prim.CHAR,
                    add(conv(Prim.INT, new Expr.ArrayElement(r(tags), i(2))), conv(Prim.INT, new Expr.ArrayElement(r(a), i(1))))),
                    ir.next("tags[n & 1] = (char) (tags[2] + a[1])")));
            b.eval(map(seen, MapOp.PUT, new Expr.StructValue(key, List.of(r(a), i(80))),
                    new Expr.StructValue(value, List.of(r(tags), Expr.Constant.ofBoolean(true)))));
            b.ret(i(2));
        });
        return ir.unit("Arrays", List.of(seen), List.of(key, value), run);
    }

    @Test
    void theRenderingIsTheGoldenFile() throws IOException {
        String rendered = CRenderer.render(arrays());
        Golden.assertMatches(CArraysGoldenTest.class, "golden/Arrays.bpf.c", rendered);
    }

    @Test
    void clangCompilesTheRenderingWithoutAWarning() {
        assertTrue(Files.isRegularFile(Clang.compileV3(arrays())));
    }
}
