package dev.ebpf4j.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TraceFormat} prints as the kernel's bpf_trace_printk and refuses what it refuses. */
class TraceFormatTest {
    @Test
    void conversionsWithoutAModifierPrintTheLow32Bits() {
        assertEquals("-1 4294967295 ffffffff", TraceFormat.format("%d %u %x", 0xffffffffL, -1, 0xffffffffffL));
        assertEquals("-2147483648", TraceFormat.format("%i", 0x180000000L));
    }

    @Test
    void longConversionsPrintAll64Bits() {
        assertEquals("4294967295 -1 18446744073709551615", TraceFormat.format("%ld %lli %llu", 0xffffffffL, -1, -1));
        assertEquals("ffffffffff", TraceFormat.format("%lx", 0xffffffffffL));
    }

    @Test
    void plainTextStaysAsItIs() {
        assertEquals("no conversions here", TraceFormat.format("no conversions here"));
    }

    @Test
    void refusesWhatTheKernelRefuses() {
        assertTrue(TraceFormat.problem("%s", 1).contains("%s"));
        assertTrue(TraceFormat.problem("100%%", 0).contains("%%"));
        assertTrue(TraceFormat.problem("%c", 1).contains("%c"));
        assertTrue(TraceFormat.problem("%lllx", 1).contains("%lll"));
        assertTrue(TraceFormat.problem("%d %d %d %d", 4).contains("more than 3"));
        assertTrue(TraceFormat.problem("line\n", 0).contains("printable"));
        assertTrue(TraceFormat.problem("ends in %", 1).contains("\"%\""));
        assertTrue(TraceFormat.problem("%d", 2).contains("1 conversion but 2 arguments"));
        assertNull(TraceFormat.problem("%d %u %llx", 3));
        assertThrows(IllegalArgumentException.class, () -> TraceFormat.format("%d"));
    }

    @Test
    void bpfTraceWritesToTheThreadsEnvironment() {
        JvmEnvironment environment = JvmEnvironment.current().clearTrace();
        Bpf.trace("a");
        Bpf.trace("b %d", 1);
        Bpf.trace("c %d %d", 1, 2);
        Bpf.trace("d %d %d %x", 1, 2, 255);
        assertEquals(List.of("a", "b 1", "c 1 2", "d 1 2 ff"), environment.traced());
        environment.clearTrace();
        assertEquals(List.of(), environment.traced());
    }
}
