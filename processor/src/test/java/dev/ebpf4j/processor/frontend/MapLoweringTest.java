package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Map operations: lookups copied at the get, records scalar-replaced, keys and values as structs. */
class MapLoweringTest {
    private static final String MAPS = """
            record Key(int port, byte protocol) {}
            record Stats(long packets, int last) {}
            record Event(int port, long time) {}
            @MapDef(maxEntries = 4) static final BpfHashMap<Integer, Long> m = new BpfHashMap<>();
            @MapDef(maxEntries = 4) static final BpfLruHashMap<Key, Stats> flows = new BpfLruHashMap<>();
            @MapDef(maxEntries = 65536) static final BpfRingBuffer<Event> events = new BpfRingBuffer<>();
            """;

    private static String ir(String body) {
        return Compiler.xdp(MAPS, body + "\nreturn XdpAction.PASS;").ir("run");
    }

    @Test
    void getCopiesTheValueWhereItIsCalled() {
        assertEquals("""
                *m v_ptr = m.LOOKUP(1)
                boolean v_present = !isnull(v_ptr)
                long v = 0L
                if !isnull(v_ptr) {
                  v = *v_ptr
                }
                eval m.PUT(1, 5L)
                if v_present {
                  boolean ok = m.PUT(2, (v +L 1L))
                }
                return 2
                """, ir("Long v = m.get(1); m.put(1, 5L); if (v != null) { boolean ok = m.put(2, v + 1); }"));
    }

    @Test
    void getOrDefaultNeedsNoCheck() {
        assertEquals("""
                *m c_ptr = m.LOOKUP(7)
                boolean c_present = true
                long c = 0L
                if !isnull(c_ptr) {
                  c = *c_ptr
                }
                long d = (c +L 1L)
                return 2
                """, ir("Long c = m.getOrDefault(7, 0L); long d = c + 1;"));
    }

    @Test
    void incrementContainsRemovePutIfAbsent() {
        assertEquals("""
                eval m.INCREMENT(1, 1L)
                eval m.INCREMENT(2, (long) ctx_len)
                boolean found = m.CONTAINS_KEY(3)
                boolean gone = m.REMOVE(4)
                boolean fresh = m.PUT_IF_ABSENT(5, 9L)
                return 2
                """, Compiler.xdp(MAPS, """
                int ctx_len = 0; m.increment(1); m.increment(2, ctx_len); boolean found = m.containsKey(3);
                boolean gone = m.remove(4); boolean fresh = m.putIfAbsent(5, 9L);
                return XdpAction.PASS;""").ir("run").lines().skip(1).map(l -> l + "\\n").reduce("", String::concat)
                .replace("\\n", "\n"));
    }

    @Test
    void recordsAreScalarReplacedAndBuiltAsStructs() {
        assertEquals("""
                int k_port = 80
                byte k_protocol = (byte)6
                *flows s_ptr = flows.LOOKUP(P_Key{k_port, k_protocol})
                boolean s_present = !isnull(s_ptr)
                long s_packets = 0L
                int s_last = 0
                if !isnull(s_ptr) {
                  s_packets = s_ptr->packets
                  s_last = s_ptr->last
                }
                if s_present {
                  eval flows.PUT(P_Key{k_port, k_protocol}, P_Stats{(s_packets +L 1L), s_last})
                }
                eval events.OUTPUT(P_Event{k_port, 5L})
                return 2
                """.replace("int k_port = 80", "boolean k_present = true\nint k_port = 80"), ir("""
                Key k = new Key(80, (byte) 6); Stats s = flows.get(k);
                if (s != null) flows.put(k, new Stats(s.packets() + 1, s.last()));
                events.output(new Event(k.port(), 5));"""));
        var unit = Compiler.xdp(MAPS, "flows.put(new Key(1, (byte) 2), new Stats(3, 4)); return XdpAction.PASS;").unit();
        assertEquals(List.of(
                new StructType("P_Key", "P$Key", List.of(new StructField("port", Prim.INT, 0), new StructField("protocol", Prim.BYTE, 4)), 8),
                new StructType("P_Stats", "P$Stats", List.of(new StructField("packets", Prim.LONG, 0), new StructField("last", Prim.INT, 8)), 16),
                new StructType("P_Event", "P$Event", List.of(new StructField("port", Prim.INT, 0), new StructField("time", Prim.LONG, 8)), 16)),
                unit.structs());
    }

    @Test
    void outputsResultIsABooleanAProgramCanCountRefusalsWith() {
        assertEquals("""
                boolean ok = events.OUTPUT(P_Event{80, 5L})
                if !ok {
                  eval m.INCREMENT(0, 1L)
                }
                eval events.OUTPUT(P_Event{81, 6L})
                return 2
                """, ir("if (!events.output(new Event(80, 5))) m.increment(0); events.output(new Event(81, 6));"));
    }

    @Test
    void aWakeupConstantChoosesTheOutputsFlags() {
        assertEquals("""
                eval events.OUTPUT_NO_WAKEUP(P_Event{80, 5L})
                eval events.OUTPUT_FORCE_WAKEUP(P_Event{81, 6L})
                eval events.OUTPUT(P_Event{82, 7L})
                return 2
                """, ir("events.output(new Event(80, 5), BpfRingBuffer.Wakeup.NO_WAKEUP);"
                + " events.output(new Event(81, 6), BpfRingBuffer.Wakeup.FORCE_WAKEUP);"
                + " events.output(new Event(82, 7), BpfRingBuffer.Wakeup.ADAPTIVE);"));
    }

    @Test
    void aWakeupThatIsNotAConstantIsRefused() {
        Compiler.Result result = Compiler.xdp(MAPS, """
                events.output(new Event(80, 5),
                        ctx.length() > 100 ? BpfRingBuffer.Wakeup.FORCE_WAKEUP : BpfRingBuffer.Wakeup.NO_WAKEUP);
                return XdpAction.PASS;""");
        assertEquals(1, result.errors().size(), result::errorText);
        org.junit.jupiter.api.Assertions.assertTrue(result.errorText().contains("the wake-up of output must be a constant"), result.errorText());
    }

    @Test
    void aLaterSideEffectSpillsAnEarlierOperand() {
        assertEquals("""
                int a = 1
                int tmp = a
                a = (a + 1)
                int b = (tmp + a)
                boolean found = m.CONTAINS_KEY(b)
                boolean tmp_1 = ((found ? b : 0) > 0)
                boolean found_1 = m.CONTAINS_KEY(2)
                boolean c = (tmp_1 & found_1)
                return 2
                """, ir("int a = 1; int b = a + ++a; boolean c = (m.containsKey(b) ? b : 0) > 0 & m.containsKey(2);")
                );
    }
}
