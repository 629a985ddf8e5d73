package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.testing.RequiresBpf;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prepared calls read and write the key and value buffers they were made with, each update under
 * its own mode, with the answers of {@link MapCalls}' calls, checked against those calls on the
 * same map.
 */
@RequiresBpf
class PreparedElementCallsTest {
    private static final int HASH = 1;
    private static final int ARRAY = 2;

    @Test
    void lookupsAndEachUpdateModeAnswerAsTheUnpreparedCallsDo() {
        try (OwnedFd map = map(HASH); Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(JAVA_INT);
            MemorySegment value = arena.allocate(JAVA_LONG);
            PreparedElementCalls calls = new PreparedElementCalls(ElementCall.ofThisThread(), map, key, value, 0);
            key.set(JAVA_INT, 0, 7);
            assertFalse(calls.lookup(), "absent");
            assertFalse(calls.update(MapCalls.EXIST), "EXIST on an absent key");
            value.set(JAVA_LONG, 0, 70);
            assertTrue(calls.update(MapCalls.NOEXIST));
            assertFalse(calls.update(MapCalls.NOEXIST), "NOEXIST on a present key");
            value.set(JAVA_LONG, 0, 71);
            assertTrue(calls.update(MapCalls.EXIST));
            value.set(JAVA_LONG, 0, 0);
            assertTrue(calls.lookup());
            assertEquals(71, value.get(JAVA_LONG, 0), "the lookup wrote the value buffer");

            // the unprepared calls on other buffers see what the prepared ones wrote, and the reverse
            MemorySegment otherKey = arena.allocate(JAVA_INT);
            MemorySegment otherValue = arena.allocate(JAVA_LONG);
            otherKey.set(JAVA_INT, 0, 7);
            assertTrue(MapCalls.lookup(ElementCall.ofThisThread(), map.get(), otherKey, otherValue, 0));
            assertEquals(71, otherValue.get(JAVA_LONG, 0));
            otherKey.set(JAVA_INT, 0, 8);
            otherValue.set(JAVA_LONG, 0, 80);
            assertTrue(MapCalls.update(ElementCall.ofThisThread(), map.get(), otherKey, otherValue, MapCalls.ANY));
            key.set(JAVA_INT, 0, 8);
            value.set(JAVA_LONG, 0, 81);
            assertTrue(calls.update(MapCalls.ANY), "ANY replaces");
            assertTrue(MapCalls.lookup(ElementCall.ofThisThread(), map.get(), otherKey, otherValue, 0));
            assertEquals(81, otherValue.get(JAVA_LONG, 0));
        }
    }

    @Test
    void theExtraFlagsGoWithEveryCall() {
        try (OwnedFd map = map(HASH); Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(JAVA_INT);
            MemorySegment value = arena.allocate(JAVA_LONG);
            // BPF_F_LOCK on a value without a bpf_spin_lock: the kernel refuses it, so a refusal shows the flag went
            PreparedElementCalls locked = new PreparedElementCalls(ElementCall.ofThisThread(), map, key, value, MapCalls.F_LOCK);
            assertEquals(Errno.EINVAL, assertThrows(BpfException.class, locked::lookup).errno());
            assertEquals(Errno.EINVAL, assertThrows(BpfException.class, () -> locked.update(MapCalls.ANY)).errno());
        }
    }

    @Test
    void anUpdateOutsideAnArrayIsAnErrorNotAMiss() {
        try (OwnedFd map = map(ARRAY); Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(JAVA_INT);
            MemorySegment value = arena.allocate(JAVA_LONG);
            PreparedElementCalls calls = new PreparedElementCalls(ElementCall.ofThisThread(), map, key, value, 0);
            key.set(JAVA_INT, 0, 16);
            assertEquals(Errno.E2BIG, assertThrows(BpfException.class, () -> calls.update(MapCalls.ANY)).errno());
            assertFalse(calls.lookup(), "a lookup outside an array finds nothing");
        }
    }

    @Test
    void aClosedMapIsRefusedBeforeAnyCallAndEveryModeFindsItsAttr() {
        MemorySegment key = Arena.ofAuto().allocate(JAVA_INT);
        MemorySegment value = Arena.ofAuto().allocate(JAVA_LONG);
        OwnedFd map = map(HASH);
        PreparedElementCalls calls = new PreparedElementCalls(ElementCall.ofThisThread(), map, key, value, 0);
        assertEquals(Errno.EINVAL, assertThrows(BpfException.class, () -> calls.update(MapCalls.NOEXIST | MapCalls.EXIST)).errno(),
                "both mode bits: the kernel's refusal, as for any caller");
        map.close();
        // the closed map's number may name another file by now: nothing may reach the kernel
        try (OwnedFd other = map(HASH)) {
            key.set(JAVA_INT, 0, 1);
            assertThrows(IllegalStateException.class, calls::lookup);
            assertThrows(IllegalStateException.class, () -> calls.update(MapCalls.ANY));
            assertFalse(MapCalls.lookup(ElementCall.ofThisThread(), other.get(), key, value, 0), "nothing written to the map now holding the number");
        }
    }

    private static OwnedFd map(int type) {
        return MapCalls.create(new MapCalls.CreateRequest(type, 4, 8, 16, 0, "prepared"));
    }
}
