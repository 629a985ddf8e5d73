package dev.ebpf4j.sys;

import org.junit.jupiter.api.Test;

import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class PerThreadTest {
    @Test
    void theFirstThreadKeepsItsValueAndOthersUseTheirThreadLocalOnes() throws Exception {
        AtomicInteger made = new AtomicInteger();
        ThreadLocal<Object> others = ThreadLocal.withInitial(() -> "other " + made.incrementAndGet());
        PerThread<Object> values = new PerThread<>(() -> "owner " + made.incrementAndGet(), others);
        Object owner = values.get();
        assertEquals("owner 1", owner);
        assertSame(owner, values.get(), "the owner finds its value again");
        Object[] seen = new Object[3];
        onFreshThread(() -> {
            seen[0] = values.get();
            seen[1] = values.get();
            seen[2] = others.get();
            return null;
        });
        assertSame(seen[2], seen[0], "another thread gets its thread-local value");
        assertSame(seen[0], seen[1]);
        assertNotSame(owner, seen[0]);
        assertSame(owner, values.get(), "the owner never changes");
        assertEquals(2, made.get());
    }

    @Test
    void threadsRacingForAFreshValueNeverShareOne() throws Exception {
        for (int round = 0; round < 50; round++) {
            PerThread<Object> values = PerThread.of(Object::new);
            int threads = 4;
            Object[] got = new Object[threads];
            try (var executor = Executors.newFixedThreadPool(threads)) {
                var start = new java.util.concurrent.CountDownLatch(1);
                var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
                for (int t = 0; t < threads; t++) {
                    int index = t;
                    futures.add(executor.submit(() -> {
                        start.await();
                        got[index] = values.get();
                        return null;
                    }));
                }
                start.countDown();
                for (var f : futures) f.get();
            }
            for (int a = 0; a < threads; a++) {
                for (int b = a + 1; b < threads; b++) {
                    assertNotSame(got[a], got[b], "two threads shared a value in round " + round);
                }
            }
        }
    }

    private static void onFreshThread(Callable<Void> body) throws Exception {
        try (var executor = Executors.newSingleThreadExecutor()) {
            executor.submit(body).get();
        }
    }
}
