package dev.ebpf4j.processor.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * In-place updates of a record value's field: one lookup, a null test and the update through the
 * pointer; misuse is an error at the argument that says what to write instead.
 */
class FieldUpdateLoweringTest {
    private static final String MAPS = """
            record Key(int address, short port) {}
            record Stats(long packets, long bytes, int flags, byte protocol, @Size(2) int[] marks) {}
            @MapDef(maxEntries = 4) static final BpfHashMap<Key, Stats> flows = new BpfHashMap<>();
            @MapDef(maxEntries = 4) static final BpfPerCpuArray<Stats> perCpu = new BpfPerCpuArray<>();
            @MapDef(maxEntries = 4) static final BpfHashMap<Integer, Long> counts = new BpfHashMap<>();
            """;

    private static String ir(String body) {
        return Compiler.xdp(MAPS, body + "\nreturn XdpAction.PASS;").ir("run");
    }

    @Test
    void addLooksUpOnceAndUpdatesTheFieldThroughThePointer() {
        assertEquals("""
                int n = XDP_LENGTH(ctx)
                *flows value_ptr = flows.LOOKUP(P_Key{n, (short)80})
                if !isnull(value_ptr) {
                  atomic value_ptr->bytes += (long) n
                }
                boolean found = !isnull(value_ptr)
                *flows value_ptr_1 = flows.LOOKUP(P_Key{1, (short)2})
                if !isnull(value_ptr_1) {
                  atomic value_ptr_1->flags |= 4
                }
                eval !isnull(value_ptr_1)
                *perCpu value_ptr_2 = perCpu.LOOKUP(0)
                if !isnull(value_ptr_2) {
                  value_ptr_2->packets ^= (long) n
                }
                eval !isnull(value_ptr_2)
                *flows value_ptr_3 = flows.LOOKUP(P_Key{3, (short)4})
                if !isnull(value_ptr_3) {
                  value_ptr_3->bytes = (long) n
                }
                eval !isnull(value_ptr_3)
                return 2
                """, ir("int n = ctx.length(); boolean found = flows.add(new Key(n, (short) 80), Stats::bytes, n);"
                + " flows.or(new Key(1, (short) 2), Stats::flags, 4); perCpu.xor(0, Stats::packets, n);"
                + " flows.set(new Key(3, (short) 4), Stats::bytes, n);"));
    }

    @Test
    void addOrInsertInsertsWithNoExistThenLooksUpAgain() {
        assertEquals("""
                int n = XDP_LENGTH(ctx)
                int tmp_1 = n
                long tmp = (long) n
                int[2] marks = new int[2]
                *flows value_ptr = flows.LOOKUP(P_Key{tmp_1, (short)80})
                if isnull(value_ptr) {
                  eval flows.PUT_IF_ABSENT(P_Key{tmp_1, (short)80}, P_Stats{0L, tmp, 0, (byte)6, marks})
                  value_ptr = flows.LOOKUP(P_Key{tmp_1, (short)80})
                }
                if !isnull(value_ptr) {
                  atomic value_ptr->packets += 1L
                }
                eval !isnull(value_ptr)
                return 2
                """, ir("int n = ctx.length(); flows.addOrInsert(new Key(n, (short) 80), Stats::packets, 1,"
                + " new Stats(0, n, 0, (byte) 6, new int[2]));"));
    }

    @Test
    void consecutiveUpdatesOfOneKeyLookItUpOnceUntilTheMapOrTheKeyChanges() {
        String members = MAPS + """
                record Plain(long packets, long bytes, int flags) {}
                @MapDef(maxEntries = 4) static final BpfHashMap<Key, Plain> plain = new BpfHashMap<>();
                """;
        assertEquals("""
                int n = XDP_LENGTH(ctx)
                boolean k_present = true
                int k_address = n
                short k_port = (short)80
                *plain value_ptr = plain.LOOKUP(P_Key{k_address, k_port})
                if isnull(value_ptr) {
                  eval plain.PUT_IF_ABSENT(P_Key{k_address, k_port}, P_Plain{0L, 0L, 0})
                  value_ptr = plain.LOOKUP(P_Key{k_address, k_port})
                }
                if !isnull(value_ptr) {
                  atomic value_ptr->packets += 1L
                }
                eval !isnull(value_ptr)
                *plain value_ptr_1 = value_ptr
                if !isnull(value_ptr_1) {
                  atomic value_ptr_1->bytes += (long) n
                }
                eval !isnull(value_ptr_1)
                *plain s_ptr = value_ptr
                boolean s_present = !isnull(s_ptr)
                long s_packets = 0L
                long s_bytes = 0L
                int s_flags = 0
                if !isnull(s_ptr) {
                  s_packets = s_ptr->packets
                  s_bytes = s_ptr->bytes
                  s_flags = s_ptr->flags
                }
                eval plain.REMOVE(P_Key{1, (short)2})
                *plain value_ptr_2 = plain.LOOKUP(P_Key{k_address, k_port})
                if !isnull(value_ptr_2) {
                  atomic value_ptr_2->flags |= 1
                }
                eval !isnull(value_ptr_2)
                k_present = true
                k_address = 7
                k_port = (short)80
                *plain value_ptr_3 = plain.LOOKUP(P_Key{k_address, k_port})
                if !isnull(value_ptr_3) {
                  atomic value_ptr_3->flags |= 2
                }
                eval !isnull(value_ptr_3)
                int i = 0
                loop_0: while (i < 2) {
                  *plain value_ptr_4 = plain.LOOKUP(P_Key{k_address, k_port})
                  if !isnull(value_ptr_4) {
                    atomic value_ptr_4->flags |= 4
                  }
                  eval !isnull(value_ptr_4)
                } update {
                  i = (i + 1)
                }
                return ((s_present && (s_packets > 1L)) ? 1 : 2)
                """, Compiler.xdp(members, """
                int n = ctx.length(); Key k = new Key(n, (short) 80);
                plain.addOrInsert(k, Plain::packets, 1, new Plain(0, 0, 0));
                plain.add(k, Plain::bytes, n);
                Plain s = plain.get(k);
                plain.remove(new Key(1, (short) 2));
                plain.or(k, Plain::flags, 1);
                k = new Key(7, (short) 80);
                plain.or(k, Plain::flags, 2);
                for (int i = 0; i < 2; i++) plain.or(k, Plain::flags, 4);
                return s != null && s.packets() > 1 ? XdpAction.DROP : XdpAction.PASS;""").ir("run"));
    }

    @Test
    void aLambdaIsRefusedWithTheReferenceToWrite() {
        Compiler.xdp(MAPS, "flows.add(new Key(1, (short) 2), s -> s.bytes(), 1);\nreturn XdpAction.PASS;")
                .assertError(14, 34, "a lambda names no field: write a method reference to a component of Stats (Stats::packets)");
    }

    @Test
    void aNarrowComponentIsRefused() {
        Compiler.xdp(MAPS, "flows.add(new Key(1, (short) 2), Stats::protocol, 1);\nreturn XdpAction.PASS;")
                .assertError(14, 34, "Stats.protocol is a byte: the kernel updates int and long fields in place");
    }

    @Test
    void aCounterMapIsToldToUseIncrement() {
        Compiler.xdp(MAPS, "counts.add(1, Long::longValue, 1);\nreturn XdpAction.PASS;")
                .assertError(14, 11, "'add' updates one field of a record value, and 'counts' holds long values: add to the counter with counts.increment(key, delta)");
    }

    @Test
    void setOnACounterMapIsToldToUsePut() {
        Compiler.xdp(MAPS, "counts.set(1, Long::longValue, 1);\nreturn XdpAction.PASS;")
                .assertError(14, 11, "'set' updates one field of a record value, and 'counts' holds long values: store the value with counts.put(key, value)");
    }

    @Test
    void aReferenceToAnotherRecordsComponentIsRefused() {
        Compiler.xdp(MAPS, "flows.add(new Key(1, (short) 2), (Stats s) -> 0L, 1);\nreturn XdpAction.PASS;")
                .assertError(14, 34, "a lambda names no field");
        Compiler.xdp(MAPS + "record Other(long packets) {}\nstatic long size(Stats s) { return s.bytes(); }",
                        "flows.add(new Key(1, (short) 2), P::size, 1);\nreturn XdpAction.PASS;")
                .assertError(15, 34, "'P::size' is not a component of Stats, the value of 'flows': name one of its int or long components (Stats::packets)");
    }

    @Test
    void aFieldHeldInAVariableIsRefused() {
        Compiler.Result result = Compiler.xdp(MAPS, "RecordField<Stats> f = Stats::bytes; flows.add(new Key(1, (short) 2), f, 1);"
                + "\nreturn XdpAction.PASS;");
        assertTrue(result.errorText().contains("14:71: the field must be a method reference written in the call (Stats::packets)"),
                result::errorText);
    }
}
