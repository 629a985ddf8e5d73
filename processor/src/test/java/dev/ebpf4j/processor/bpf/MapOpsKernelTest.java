package dev.ebpf4j.processor.bpf;

import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.l;
import static dev.ebpf4j.processor.fixture.Ir.map;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.testing.RequiresBpf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Map operations in the kernel with the semantics of the JVM maps of {@code program.maps}, read back through the runtime. */
@RequiresBpf
class MapOpsKernelTest {
    private static final MapDecl HASH = Ir.mapDecl("ints", MapKind.HASH, Prim.INT, Prim.INT, 4);
    private static final MapDecl ARRAY = Ir.mapDecl("longs", MapKind.ARRAY, Prim.INT, Prim.LONG, 4);
    private static final StructType KEY = StructType.layout("flow_key", "t.FlowKey", List.of(
            new StructType.Component("proto", Prim.BYTE), new StructType.Component("addr", Prim.INT),
            new StructType.Component("port", Prim.SHORT)));
    private static final StructType STATS = StructType.layout("flow_stats", "t.FlowStats", List.of(
            new StructType.Component("packets", Prim.LONG), new StructType.Component("bytes", Prim.INT),
            new StructType.Component("flag", Prim.BOOLEAN)));
    private static final MapDecl FLOWS = Ir.mapDecl("flows", MapKind.LRU_HASH, KEY, STATS, 16);
    private static final MapDecl EVENTS = Ir.mapDecl("events", MapKind.RINGBUF, null, STATS, 4096);

    @Test
    void hashAndArrayOperationsGiveTheJvmResults() {
        Harness h = new Harness();
        Ir ir = h.ir;
        h.maps.add(HASH);
        h.maps.add(ARRAY);
        Expr key = Ir.conv(Prim.INT, r(h.a));
        h.body.add(h.out(0, map(HASH, MapOp.PUT, key, i(Integer.MAX_VALUE))));
        h.body.add(h.out(1, map(HASH, MapOp.PUT_IF_ABSENT, key, i(5))));
        h.body.add(h.out(2, map(HASH, MapOp.CONTAINS_KEY, key, null)));
        h.body.add(ir.eval(map(HASH, MapOp.INCREMENT, key, l(1))));          // wraps as int
        h.body.add(ir.eval(map(HASH, MapOp.INCREMENT, i(99), l(-5))));       // inserts -5
        Local p = ir.local("p", Ir.pointer(HASH));
        h.body.add(ir.let(p, map(HASH, MapOp.LOOKUP, key, null)));
        h.body.add(ir.iff(Ir.not(Ir.isNull(r(p))), ir.block(h.out(3, Ir.load(r(p))))));
        h.body.add(h.out(4, map(HASH, MapOp.REMOVE, i(12345), null)));
        h.body.add(h.out(5, map(HASH, MapOp.PUT_IF_ABSENT, i(7), i(70))));
        h.body.add(h.out(6, map(HASH, MapOp.REMOVE, i(7), null)));
        h.body.add(h.out(7, map(HASH, MapOp.CONTAINS_KEY, i(7), null)));
        // arrays: indexes out of range are refused, putIfAbsent and remove never succeed
        h.body.add(h.out(10, map(ARRAY, MapOp.PUT, i(4), l(1))));
        h.body.add(h.out(11, map(ARRAY, MapOp.PUT, i(3), r(h.b))));
        h.body.add(ir.eval(map(ARRAY, MapOp.INCREMENT, i(3), r(h.a))));
        h.body.add(ir.eval(map(ARRAY, MapOp.INCREMENT, i(-1), l(1))));
        h.body.add(h.out(12, map(ARRAY, MapOp.PUT_IF_ABSENT, i(0), l(1))));
        h.body.add(h.out(13, map(ARRAY, MapOp.REMOVE, i(0), null)));
        h.body.add(h.out(14, map(ARRAY, MapOp.CONTAINS_KEY, i(3), null)));
        h.body.add(h.out(15, map(ARRAY, MapOp.CONTAINS_KEY, i(4), null)));
        long a = 42, b = 1L << 40;
        try (LoadedObject o = Harness.run(h.unit(2), a, b, 2)) {
            assertEquals(1, Harness.out(o, 0), "put");
            assertEquals(0, Harness.out(o, 1), "putIfAbsent of a present key");
            assertEquals(1, Harness.out(o, 2), "containsKey");
            assertEquals(Integer.MIN_VALUE, Harness.out(o, 3), "increment wraps as int");
            assertEquals(-5, Kernel.getLong(o.map("ints"), 99).orElseThrow(), "increment inserts the delta");
            assertEquals(0, Harness.out(o, 4), "remove of an absent key");
            assertEquals(1, Harness.out(o, 5));
            assertEquals(1, Harness.out(o, 6));
            assertEquals(0, Harness.out(o, 7));
            assertEquals(0, Harness.out(o, 10), "put outside the array");
            assertEquals(1, Harness.out(o, 11));
            assertEquals(b + a, Kernel.getLong(o.map("longs"), 3).orElseThrow());
            assertEquals(0, Harness.out(o, 12));
            assertEquals(0, Harness.out(o, 13));
            assertEquals(1, Harness.out(o, 14));
            assertEquals(0, Harness.out(o, 15));
        }
    }

    @Test
    void recordKeysAreZeroPaddedAndValuesReadByField() {
        Harness h = new Harness();
        Ir ir = h.ir;
        h.maps.add(FLOWS);
        h.maps.add(EVENTS);
        h.structs.add(KEY);
        h.structs.add(STATS);
        Expr key = new Expr.StructValue(KEY, List.of(Ir.conv(Prim.BYTE, r(h.a)), i(0x0a000001), Ir.conv(Prim.SHORT, r(h.b))));
        Expr stats = new Expr.StructValue(STATS, List.of(r(h.b), Ir.conv(Prim.INT, r(h.a)), Ir.bool(true)));
        h.body.add(h.out(0, map(FLOWS, MapOp.PUT, key, stats)));
        Local p = ir.local("p", Ir.pointer(FLOWS));
        h.body.add(ir.let(p, map(FLOWS, MapOp.LOOKUP, key, null)));
        h.body.add(ir.iff(Ir.isNull(r(p)), ir.block(ir.ret(Ir.i(3)))));
        h.body.add(h.out(1, new Expr.LoadField(r(p), STATS.field("packets"))));
        h.body.add(h.out(2, new Expr.LoadField(r(p), STATS.field("bytes"))));
        h.body.add(h.out(3, new Expr.LoadField(r(p), STATS.field("flag"))));
        h.body.add(h.out(4, map(EVENTS, MapOp.OUTPUT, null, stats)));
        long a = -3, b = 0x1_2345_8765L;
        try (LoadedObject o = Harness.run(h.unit(2), a, b, 2)) {
            assertEquals(1, Harness.out(o, 0));
            assertEquals(b, Harness.out(o, 1));
            assertEquals(-3, Harness.out(o, 2));
            assertEquals(1, Harness.out(o, 3));
            assertEquals(1, Harness.out(o, 4), "the ring buffer had room");
            List<byte[]> keys = o.map("flows").keys();
            assertEquals(1, keys.size());
            byte[] expected = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
                    .put(0, (byte) -3).putInt(4, 0x0a000001).putShort(8, (short) b).array();
            assertArrayEquals(expected, keys.getFirst(), "C layout with zero padding");
            assertTrue(o.map("events").maxEntries() == 4096);
        }
    }
}
