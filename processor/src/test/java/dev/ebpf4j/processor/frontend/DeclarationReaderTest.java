package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.IrPrinter;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Declarations: license, maps from their generic types and @MapDef, entry methods and their hooks. */
class DeclarationReaderTest {
    @Test
    void mapsAndEntries() {
        ProgramUnit unit = Compiler.compile("P", Compiler.program("""
                @MapDef(maxEntries = 16, flags = MapDef.NO_PREALLOC, pinned = true)
                static final BpfHashMap<Short, Integer> a = new BpfHashMap<>();
                @MapDef(maxEntries = 8) static final BpfPerCpuArray<Character> b = new BpfPerCpuArray<>();
                @Tc(Tc.Direction.EGRESS) static TcAction out(TcContext ctx) { return TcAction.OK; }
                @SocketFilter static int keep(SocketContext ctx) { return ctx.length(); }
                @Tc static TcAction in(TcContext ctx) { return ctx.mark() == 1 ? TcAction.SHOT : TcAction.UNSPEC; }
                """)).unit();
        assertEquals("GPL", unit.license());
        assertEquals(List.of(new MapDecl("a", MapKind.HASH, Prim.SHORT, Prim.INT, 16, 1, true),
                new MapDecl("b", MapKind.PERCPU_ARRAY, Prim.INT, Prim.CHAR, 8, 0, false)), unit.maps());
        assertEquals(List.of(Hook.TC_EGRESS, Hook.SOCKET_FILTER, Hook.TC_INGRESS),
                unit.functions().stream().map(f -> f.hook()).toList());
        assertEquals("return (ctx.mark() == 1 ? 2 : -1)".length() > 0 ? "return ((TC_MARK(ctx) == 1) ? 2 : -1)\n" : "",
                IrPrinter.body(unit.function("in")));
        assertEquals("return SOCKET_LENGTH(ctx)\n", IrPrinter.body(unit.function("keep")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
            "static final BpfHashMap<Integer, Long> m = new BpfHashMap<>(); # 8 # 40 # has no @MapDef",
            "@MapDef(maxEntries = 4) static BpfHashMap<Integer, Long> m = new BpfHashMap<>(); # 8 # 58 # must be static final",
            "@MapDef(maxEntries = 4) static final BpfHashMap<Integer, String> m = new BpfHashMap<>(); # 8 # 66 # use Integer, Long",
            "@MapDef(maxEntries = 4096) static final BpfRingBuffer<Long> r = new BpfRingBuffer<>(); # 8 # 61 # needs a record event type",
            "@MapDef(maxEntries = 1000) static final BpfRingBuffer<E> r = new BpfRingBuffer<>(); record E(int a) {} # 8 # 58 # a power of two",
            "record K(int a, long[] b) {} @MapDef(maxEntries = 4) static final BpfHashMap<K, Long> m = new BpfHashMap<>(); # 8 # 24 # an array without @Size: a C struct has arrays of fixed length",
            "int counter; # 8 # 5 # instance field 'counter'",
            "@Xdp static int bad(XdpContext ctx) { return 0; } # 8 # 17 # must be declared as static XdpAction bad(XdpContext ctx)",
            "@Xdp XdpAction bad(XdpContext ctx) { return XdpAction.PASS; } # 8 # 16 # must be declared as static",
            "@Tc static TcAction bad(XdpContext ctx) { return TcAction.OK; } # 8 # 21 # static TcAction bad(TcContext ctx)",
            "@Xdp static XdpAction unsigned(XdpContext ctx) { return XdpAction.PASS; } # 8 # 23 # entry method 'unsigned' has a name C reserves",
            // an overload is legal Java, but the object names each program after its method (was an internal error of the back end)
            "@Tc static TcAction ok(TcContext ctx) { return TcAction.OK; } # 8 # 21 # entry method 'ok' has the name of the entry method on line 7",
    })
    void rejected(String member, long line, long column, String message) {
        Compiler.compile("P", Compiler.program("@Xdp static XdpAction ok(XdpContext ctx) { return XdpAction.PASS; }\n" + member))
                .assertError(line, column, message);
    }

    @Test
    void aProgramNeedsAnEntryAndALicense() {
        Compiler.Result result = Compiler.compile("P", """
                import dev.ebpf4j.program.*;
                @BpfProgram(license = "")
                class P {
                }
                """);
        assertEquals(2, result.errors().size(), result.errorText());
    }
}
