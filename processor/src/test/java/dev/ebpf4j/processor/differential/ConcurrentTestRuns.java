package dev.ebpf4j.processor.differential;

import dev.ebpf4j.programs.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Test runs ({@code BPF_PROG_TEST_RUN}) of one program from several threads at once: the load
 * under which an update that is not atomic, or a lock that does not hold, loses counts. Twice the
 * CPUs (at least 4) so that runs overlap on every CPU.
 */
final class ConcurrentTestRuns {
    private static final int ROUNDS = 20;

    private ConcurrentTestRuns() {}

    /** Runs {@code program} on {@code frame} from several threads at once, {@code repeat} runs a call; returns the number of runs. */
    static long run(Program program, byte[] frame, int repeat) throws Exception {
        int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Integer>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                runs.add(() -> {
                    for (int r = 0; r < ROUNDS; r++) program.testRun(frame, repeat);
                    return ROUNDS;
                });
            }
            for (Future<Integer> done : pool.invokeAll(runs)) done.get();
        } finally {
            pool.shutdownNow();
        }
        return (long) threads * ROUNDS * repeat;
    }
}
