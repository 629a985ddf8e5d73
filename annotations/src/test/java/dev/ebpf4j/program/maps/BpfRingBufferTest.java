package dev.ebpf4j.program.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JVM ring buffer refuses events when full, with the kernel's rule for the room a record takes. */
class BpfRingBufferTest {
    /** 13 bytes of members, 16 as a C struct (long alignment): 8 + 16 = 24 bytes a record. */
    record Event(long time, int port, byte proto) {}

    /** Nested records and arrays: {u8, 3 padding, u32} then u16[3] at 8, the whole 4-aligned: 16 bytes, 8 + 16 = 24 a record. */
    record Inner(byte b, int i) {}

    record Nested(Inner inner, @Size(3) short[] ports) {}

    @MapDef(maxEntries = 4096)
    static final BpfRingBuffer<Event> events = new BpfRingBuffer<>();

    @MapDef(maxEntries = 4096)
    static final BpfRingBuffer<Nested> nested = new BpfRingBuffer<>();

    /** 4 bytes, 8 rounded: 16 bytes a record. */
    record Word(int value) {}

    @MapDef(maxEntries = 4096)
    static final BpfRingBuffer<Word> words = new BpfRingBuffer<>();

    @MapDef(maxEntries = 1)
    static final BpfPerCpuArray<Long> lost = new BpfPerCpuArray<>();

    @AfterEach
    void reset() {
        events.drain();
        nested.drain();
        words.drain();
        lost.clear();
    }

    @Test
    void aRecordTakesItsHeaderAndItsCSizeRoundedUpToEight() {
        assertEquals(24, BpfRingBuffer.recordSpace(Event.class));
        assertEquals(8 + 16, BpfRingBuffer.recordSpace(Nested.class));
        assertEquals(8, CStructSize.of(Inner.class));
        assertEquals(16, CStructSize.of(Nested.class));
    }

    @Test
    void theWakeupChoiceChangesNothingOnTheJvmTheEventsAreThereAndRoomIsCountedAlike() {
        int written = 0;
        for (int i = 0; i < 200; i++) {
            BpfRingBuffer.Wakeup wakeup = BpfRingBuffer.Wakeup.values()[i % 3];
            if (events.output(new Event(i, 80, (byte) 6), wakeup)) written++;
        }
        assertEquals(4095 / 24, written, "the same room as output(event)");
        List<Event> drained = events.drain();
        assertEquals(written, drained.size());
        assertEquals(new Event(2, 80, (byte) 6), drained.get(2), "the one written with FORCE_WAKEUP");
        assertEquals(List.of(0, 1, 2), java.util.Arrays.stream(BpfRingBuffer.Wakeup.values()).map(BpfRingBuffer.Wakeup::flags).toList(),
                "the helper's flags: none, BPF_RB_NO_WAKEUP, BPF_RB_FORCE_WAKEUP");
        org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class, () -> events.output(new Event(0, 0, (byte) 0), null));
    }

    @Test
    void aFullBufferRefusesAndTheProgramCountsWhatItLost() {
        int written = 0;
        for (int i = 0; i < 200; i++) {
            if (events.output(new Event(i, 80, (byte) 6))) written++;
            else lost.increment(0);
        }
        // the buffer takes records while their total stays below its 4096 bytes: 170 of 24 bytes (4080)
        assertEquals(4095 / 24, written);
        assertEquals(200 - written, lost.get(0));
        List<Event> drained = events.drain();
        assertEquals(written, drained.size());
        assertEquals(new Event(0, 80, (byte) 6), drained.getFirst());
        assertTrue(events.output(new Event(1, 1, (byte) 1)), "draining frees the room");
    }

    @Test
    void exactlyFullIsTooFull() {
        // 256 records of 16 bytes would fill the 4096 bytes exactly; the kernel takes 255
        int taken = 0;
        while (words.output(new Word(taken))) taken++;
        assertEquals(255, taken);
        assertFalse(words.output(new Word(0)));
    }
}
