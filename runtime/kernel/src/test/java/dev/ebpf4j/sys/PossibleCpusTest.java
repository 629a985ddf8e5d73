package dev.ebpf4j.sys;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PossibleCpusTest {
    @Test
    void countsRangesAndSingles() {
        assertEquals(1, PossibleCpus.parse("0\n"));
        assertEquals(4, PossibleCpus.parse("0-3"));
        assertEquals(7, PossibleCpus.parse("0-3,8,10-11"));
    }

    @Test
    void rejectsGarbage() {
        assertThrows(IllegalArgumentException.class, () -> PossibleCpus.parse(""));
        assertThrows(IllegalArgumentException.class, () -> PossibleCpus.parse("0-x"));
        assertThrows(IllegalArgumentException.class, () -> PossibleCpus.parse("3-1"));
    }

    @Test
    void thisMachineHasAtLeastTheOnlineCpus() {
        assertTrue(PossibleCpus.count() >= Runtime.getRuntime().availableProcessors());
    }
}
