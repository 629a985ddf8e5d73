package dev.ebpf4j.processor.c;

import static dev.ebpf4j.processor.fixture.Ir.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.ir.UnaryOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names the C cannot take as they are, and the shapes of small expressions. */
class CNamesAndShapesTest {
    private static String renderReturning(Ir ir, Local local, Expr value) {
        Local ctx = ir.local("ctx", xdp());
        Prim type = (Prim) local.type();
        // The verdict reads the local: a local nothing reads is not rendered at all.
        Expr verdict = new Expr.Conditional(new Expr.Compare(CompareOp.EQ, type, r(local), new Expr.Constant(type, 0)), i(1), i(2));
        Function f = ir.entry("run", Hook.XDP, ctx, b -> b.declare(local, value).ret(verdict));
        return CRenderer.render(ir.unit("Names", List.of(), List.of(), f));
    }

    @Test
    void aLocalNothingReadsIsNotDeclared() {
        Ir ir = new Ir("Names.java");
        Local unread = ir.local("unread", Prim.INT);
        Local ctx = ir.local("ctx", xdp());
        Function f = ir.entry("run", Hook.XDP, ctx, b -> b.declare(unread, i(7)).ret(i(2)));
        String c = CRenderer.render(ir.unit("Names", List.of(), List.of(), f));
        assertTrue(!c.contains("unread") && c.contains("return 2;"), c);
    }

    @Test
    void aLocalNamedLikeACKeywordOrTheHeaderGetsAnUnderscore() {
        Ir ir = new Ir("Names.java");
        assertTrue(renderReturning(ir, ir.local("register", Prim.INT), i(1)).contains("__s32 register_ = 1;"));
        Ir other = new Ir("Names.java");
        assertTrue(renderReturning(other, other.local("data_end", Prim.INT), i(1)).contains("__s32 data_end_ = 1;"));
        Ir third = new Ir("Names.java");
        assertTrue(renderReturning(third, third.local("tcp_flags", Prim.INT), i(1)).contains("__s32 tcp_flags_ = 1;"));
    }

    @Test
    void aMapNamedLikeAHelperIsRefusedWithItsName() {
        Ir ir = new Ir("Names.java");
        MapDecl map = mapDecl("bpf_map_lookup_elem", MapKind.ARRAY, Prim.INT, Prim.LONG, 1);
        Local ctx = ir.local("ctx", xdp());
        ProgramUnit unit = ir.unit("Names", List.of(map), List.of(), ir.entry("run", Hook.XDP, ctx, b -> b.ret(i(2))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CRenderer.render(unit));
        assertTrue(e.getMessage().startsWith("map bpf_map_lookup_elem: the name is taken in C"), e.getMessage());
    }

    @Test
    void wrappingArithmeticComputesUnsignedAndCastsBackOnce() {
        Ir ir = new Ir("Shapes.java");
        Local a = ir.local("a", Prim.INT);
        Expr sum = add(add(r(a), i(1)), mul(r(a), r(a)));
        String c = renderReturning(ir, ir.local("b", Prim.INT), sum);
        assertTrue(c.contains("__s32 b = (__s32)((__u32)a + 1 + (__u32)a * a);"), c);
    }

    @Test
    void negationOfANegationIsNotADecrement() {
        Ir ir = new Ir("Shapes.java");
        Local a = ir.local("a", Prim.LONG);
        String c = renderReturning(ir, ir.local("b", Prim.LONG), unary(UnaryOp.NEG, unary(UnaryOp.NEG, r(a))));
        assertTrue(c.contains("__s64 b = (__s64)-(-(__u64)a);"), c);
    }

    @Test
    void shiftDistancesAreMaskedAsJavaMasksThem() {
        Ir ir = new Ir("Shapes.java");
        Local a = ir.local("a", Prim.INT);
        Local n = ir.local("n", Prim.INT);
        String c = renderReturning(ir, ir.local("b", Prim.INT),
                bin(BinaryOp.OR, bin(BinaryOp.SHL, r(a), i(33)), bin(BinaryOp.USHR, r(a), r(n))));
        assertTrue(c.contains("__s32 b = (__s32)((__u32)a << 1) | (__s32)((__u32)a >> (n & 31));"), c);
    }

    @Test
    void aStructWhoseOffsetsAreNotCsGetsExplicitPaddingAndASizeCheck() {
        StructType odd = new StructType("Odd", "dev.example.Odd",
                List.of(new StructField("a", Prim.INT, 0), new StructField("b", Prim.INT, 8)), 16);
        String c = CDeclarations.struct(odd);
        assertEquals("""
                /* record dev.example.Odd */
                struct Odd {
                	__s32 a;
                	__u8 __pad0[4];
                	__s32 b;
                	__u8 __pad1[4];
                };
                _Static_assert(sizeof(struct Odd) == 16, "dev.example.Odd is laid out as the Java side expects");
                """, c);
        Clang.compile("odd", "#include \"ebpf4j.h\"\n" + c + "struct Odd odd;\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n");
    }
}
