package dev.ebpf4j.program.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CountersTest {
    @Test
    void addKeepsTheCountersTypeAndWrapsAsJavaDoes() {
        assertEquals((Object) Integer.MIN_VALUE, Counters.add(Integer.MAX_VALUE, 1, "m"));
        assertEquals((Object) Long.MIN_VALUE, Counters.add(Long.MAX_VALUE, 1, "m"));
        assertEquals((Object) (short) -32768, Counters.add((short) 32767, 1, "m"));
        assertEquals((Object) (byte) 127, Counters.add((byte) -128, -1, "m"));
        assertEquals((Object) 1, Counters.add(0, 1L << 32 | 1, "m"), "an int counter takes the delta's low 32 bits");
    }

    @Test
    void anythingElseIsNoCounter() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> Counters.add('a', 1, "P.flags"));
        assertEquals("P.flags: increment needs Long or Integer values, not Character", e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> Counters.sum(List.of(1L, true)));
    }

    @Test
    void sumAddsMixedWidthsAsLong() {
        assertEquals(0, Counters.sum(List.of()));
        assertEquals((long) Integer.MAX_VALUE + Integer.MAX_VALUE - 1 + 2,
                Counters.sum(List.of(Integer.MAX_VALUE, Integer.MAX_VALUE, (short) -1, (byte) 2)));
    }
}
