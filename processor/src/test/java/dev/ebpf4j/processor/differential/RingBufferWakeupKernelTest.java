package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.maps.KernelRingBuffer;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfRingBuffer;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.RequiresBpf;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code output(event, Wakeup)} in the kernel, for the processor's object and clang's object of the
 * C rendering: a record written with {@code NO_WAKEUP} does not wake a reader waiting in
 * {@code poll} (the poll runs to its timeout, and then finds the record), one written with
 * {@code FORCE_WAKEUP} wakes it (the poll returns before its timeout), and so does the default once
 * the reader has read everything; on the JVM all three write the same events.
 *
 * <p>The poll's timeout stays below the reader's 200 ms wait slice, so that one {@code epoll_wait}
 * spans it: only a wake-up can end it early. A trial in which the reader was not yet waiting when
 * the program ran (the machine was busy) proves nothing and is repeated.
 */
@Tag("kernel")
class RingBufferWakeupKernelTest {
    static final String SOURCE = """
            package wakeups;

            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.maps.*;
            import dev.ebpf4j.program.maps.BpfRingBuffer.Wakeup;

            @BpfProgram(license = "GPL")
            public final class Ticks {
                public record Tick(long value, int length) {}

                @MapDef(maxEntries = 4096)
                static final BpfRingBuffer<Tick> ticks = new BpfRingBuffer<>();

                @Xdp
                public static XdpAction quiet(XdpContext ctx) {
                    ticks.output(new Tick(1, ctx.length()), Wakeup.NO_WAKEUP);
                    return XdpAction.PASS;
                }

                @Xdp
                public static XdpAction loud(XdpContext ctx) {
                    ticks.output(new Tick(2, ctx.length()), BpfRingBuffer.Wakeup.FORCE_WAKEUP);
                    return XdpAction.PASS;
                }

                @Xdp
                public static XdpAction adaptive(XdpContext ctx) {
                    ticks.output(new Tick(3, ctx.length()), Wakeup.ADAPTIVE);
                    return XdpAction.PASS;
                }
            }
            """;
    private static final long TIMEOUT_MS = 195;
    /** How long the test waits, once the reader is polling, before the program runs. */
    private static final long WRITE_AFTER_MS = 30;
    private static final int TRIALS = 8;

    private static InProcessCompiler.Output output;

    @BeforeAll
    static void compile() throws Exception {
        output = InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-wakeup"), Map.of("wakeups.Ticks", SOURCE));
    }

    @Test
    @RequiresBpf
    void noWakeupLeavesThePollToItsTimeoutAndForceWakeupEndsItEarly() throws Exception {
        for (byte[] object : List.of(output.resource("wakeups/Ticks.bpf.o"), output.clangObject("wakeups/Ticks"))) {
            try (URLClassLoader loader = output.classLoader();
                 LoadedObject loaded = dev.ebpf4j.processor.fixture.Kernel.load(object)) {
                Class<?> tick = loader.loadClass("wakeups.Ticks$Tick");
                try (KernelRingBuffer<?> ticks = loaded.ringBuffer("ticks", tick)) {
                    Trial quiet = trial(ticks, loaded.program("quiet"));
                    assertTrue(quiet.waitedMs >= TIMEOUT_MS - 5, "NO_WAKEUP woke the reader: the poll returned after "
                            + quiet.waitedMs + " ms of its " + TIMEOUT_MS);
                    assertEquals(List.of("value=1"), quiet.values, "found when the poll's wait ended");

                    Trial loud = woken(ticks, loaded.program("loud"));
                    assertEquals(List.of("value=2"), loud.values);

                    // the record left without a wake-up has been read: the adaptive default wakes the reader again
                    Trial adaptive = woken(ticks, loaded.program("adaptive"));
                    assertEquals(List.of("value=3"), adaptive.values);
                }
            }
        }
    }

    @Test
    void onTheJvmEveryWakeupWritesTheSameEvents() throws Exception {
        try (URLClassLoader loader = output.classLoader()) {
            Class<?> program = loader.loadClass("wakeups.Ticks");
            BpfRingBuffer<Object> ticks = InProcessCompiler.staticField(program, "ticks");
            ticks.drain();
            byte[] frame = FrameBuilder.udp(53, 53).build();
            for (String entry : List.of("quiet", "loud", "adaptive")) program.getMethod(entry, XdpContext.class).invoke(null, XdpContext.of(frame));
            List<String> values = ticks.drain().stream().map(t -> t.toString().replaceAll(".*(value=\\d+).*", "$1")).toList();
            assertEquals(List.of("value=1", "value=2", "value=3"), values);
        }
    }

    /**
     * A trial in which the poll returned before its timeout. A reader that is not woken cannot
     * return early, but a woken one may be scheduled late on a busy machine: one early return in a
     * few trials shows the wake-up.
     */
    private static Trial woken(KernelRingBuffer<?> ticks, Program writer) throws Exception {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Trial t = trial(ticks, writer);
            if (t.waitedMs < TIMEOUT_MS - 5) return t;
            waits.add(t.waitedMs);
        }
        throw new AssertionError(writer.name() + " did not wake the reader: its polls returned after " + waits
                + " ms, at their timeout of " + TIMEOUT_MS + " ms");
    }

    /** How long a poll waited for the record {@code writer} wrote during it, and what it read. */
    private record Trial(long waitedMs, List<String> values) {}

    private static Trial trial(KernelRingBuffer<?> ticks, Program writer) throws Exception {
        byte[] frame = FrameBuilder.udp(53, 53).build();
        for (int attempt = 0; attempt < TRIALS; attempt++) {
            assertEquals(0, ticks.consume(t -> {}), "nothing left from before");
            List<String> values = new ArrayList<>();
            long[] started = new long[1];
            CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
                started[0] = System.nanoTime();
                try {
                    ticks.poll(t -> values.add(t.toString().replaceAll(".*(value=\\d+).*", "$1")), Duration.ofMillis(TIMEOUT_MS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return System.nanoTime();
            }, runnable -> new Thread(runnable, "wakeup-poller").start());
            Thread.sleep(WRITE_AFTER_MS);
            long written = System.nanoTime();
            writer.testRun(frame, 1);
            long ended = waited.get(5, TimeUnit.SECONDS);
            // The reader must have been waiting well before the program ran, or the trial shows nothing.
            if (started[0] != 0 && written - started[0] >= TimeUnit.MILLISECONDS.toNanos(WRITE_AFTER_MS / 2)) {
                values.addAll(collectLeft(ticks));
                return new Trial(TimeUnit.NANOSECONDS.toMillis(ended - started[0]), values);
            }
            collectLeft(ticks);
        }
        throw new AssertionError("in " + TRIALS + " trials the reader never started waiting in time: the machine is too busy");
    }

    private static List<String> collectLeft(KernelRingBuffer<?> ticks) {
        List<String> left = new ArrayList<>();
        ticks.consume(t -> left.add(t.toString().replaceAll(".*(value=\\d+).*", "$1")));
        return left;
    }
}
