package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.testing.RequiresBpf;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A map element call is made first without capturing errno and, on failure, again with it; a
 * thread whose calls fail often captures from the start. Either way a miss must stay a miss and
 * every other failure must keep its own errno. Each case runs on a fresh thread, whose failure score
 * starts at zero.
 */
@RequiresBpf
class ElementCallTest {
    private static final int HASH = 1;

    @Test
    void aRareMissIsToldApartFromAnErrorWithoutCapturingFirst() throws Exception {
        onFreshThread(() -> {
            try (OwnedFd map = hashMap(); Arena arena = Arena.ofConfined()) {
                MemorySegment key = arena.allocate(JAVA_INT);
                MemorySegment value = arena.allocate(JAVA_LONG);
                key.set(JAVA_INT, 0, 7);
                assertFalse(ElementCall.ofThisThread().capturesFirst());
                assertFalse(MapCalls.lookup(ElementCall.ofThisThread(), map.get(), key, value, 0), "an absent key is a miss");
                assertBadFd(key, value);
                assertFalse(ElementCall.ofThisThread().capturesFirst(), "two failures are rare");
                assertHitAndMiss(map, key, value);
            }
            return null;
        });
    }

    @Test
    void aThreadThatMostlyMissesCapturesFromTheStartAndStopsWhenItHits() throws Exception {
        onFreshThread(() -> {
            try (OwnedFd map = hashMap(); Arena arena = Arena.ofConfined()) {
                MemorySegment key = arena.allocate(JAVA_INT);
                MemorySegment value = arena.allocate(JAVA_LONG);
                for (int i = 0; i < 10; i++) {
                    key.set(JAVA_INT, 0, 100 + i);
                    assertFalse(MapCalls.lookup(ElementCall.ofThisThread(), map.get(), key, value, 0));
                }
                assertTrue(ElementCall.ofThisThread().capturesFirst(), "ten misses in a row");
                assertBadFd(key, value);
                assertHitAndMiss(map, key, value);
                key.set(JAVA_INT, 0, 1);
                assertTrue(MapCalls.update(ElementCall.ofThisThread(), map.get(), key, value, MapCalls.ANY));
                for (int i = 0; i < ElementCall.CAPTURE_ABOVE * 20 && ElementCall.ofThisThread().capturesFirst(); i++) {
                    assertTrue(MapCalls.lookup(ElementCall.ofThisThread(), map.get(), key, value, 0));
                }
                assertFalse(ElementCall.ofThisThread().capturesFirst(), "hits bring the score down");
                assertFalse(MapCalls.update(ElementCall.ofThisThread(), map.get(), key, value, MapCalls.NOEXIST), "EEXIST under NOEXIST");
                assertBadFd(key, value);
            }
            return null;
        });
    }

    private static OwnedFd hashMap() {
        return MapCalls.create(new MapCalls.CreateRequest(HASH, 4, 8, 16, 0, "elem_call"));
    }

    private static void assertBadFd(MemorySegment key, MemorySegment value) {
        BpfException e = assertThrows(BpfException.class, () -> MapCalls.lookup(ElementCall.ofThisThread(), -1, key, value, 0));
        assertEquals(Errno.EBADF, e.errno(), "a failure other than a miss keeps its errno");
    }

    private static void assertHitAndMiss(OwnedFd map, MemorySegment key, MemorySegment value) {
        key.set(JAVA_INT, 0, 1);
        value.set(JAVA_LONG, 0, 42);
        assertTrue(MapCalls.update(ElementCall.ofThisThread(), map.get(), key, value, MapCalls.ANY));
        value.set(JAVA_LONG, 0, 0);
        assertTrue(MapCalls.lookup(ElementCall.ofThisThread(), map.get(), key, value, 0));
        assertEquals(42, value.get(JAVA_LONG, 0));
        assertFalse(MapCalls.update(ElementCall.ofThisThread(), map.get(), key, value, MapCalls.NOEXIST), "EEXIST under NOEXIST");
        assertTrue(MapCalls.delete(ElementCall.ofThisThread(), map.get(), key));
        assertFalse(MapCalls.delete(ElementCall.ofThisThread(), map.get(), key), "deleting an absent key is a miss");
        assertFalse(MapCalls.lookup(ElementCall.ofThisThread(), map.get(), key, value, 0));
    }

    private static void onFreshThread(Callable<Void> body) throws Exception {
        try (var executor = Executors.newSingleThreadExecutor()) {
            executor.submit(body).get();
        }
    }
}
