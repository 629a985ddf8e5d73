package dev.ebpf4j.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.inspect.SkeletonJqwikSample;
import dev.ebpf4j.inspect.SkeletonPerClassSample;
import dev.ebpf4j.inspect.SkeletonPerTestSample;
import dev.ebpf4j.programs.Program;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Skeleton parameters: loaded per test or per class as declared, closed after (the kernel no longer
 * knows the program id), and the JVM maps emptied before each test but after nothing the test's own
 * {@code @BeforeEach} did (the samples assert both, and fail without them).
 */
@KernelTest
class SkeletonParametersTest {
    @Test
    void perTestEachTestGetsItsOwnLoadedProgramClosedAfterAndEmptyJvmMaps() throws InterruptedException {
        SkeletonPerTestSample.PROGRAM_IDS.clear();
        List<LaunchedTests.Outcome> outcomes = LaunchedTests.run(SkeletonPerTestSample.class);
        assertEquals(2, outcomes.size(), outcomes::toString);
        outcomes.forEach(outcome -> assertEquals("SUCCESSFUL", outcome.status(), outcome::toString));
        List<Integer> ids = SkeletonPerTestSample.PROGRAM_IDS;
        assertEquals(2, ids.size(), ids::toString);
        assertNotEquals(ids.get(0), ids.get(1), "one program for both tests");
        for (int id : ids) assertClosed(id);
    }

    @Test
    void perClassBothTestsShareOneLoadedProgramClosedAfterTheClass() throws InterruptedException {
        SkeletonPerClassSample.PROGRAM_IDS.clear();
        List<LaunchedTests.Outcome> outcomes = LaunchedTests.run(SkeletonPerClassSample.class);
        assertEquals(2, outcomes.size(), outcomes::toString);
        outcomes.forEach(outcome -> assertEquals("SUCCESSFUL", outcome.status(), outcome::toString));
        assertEquals(1, Set.copyOf(SkeletonPerClassSample.PROGRAM_IDS).size(), SkeletonPerClassSample.PROGRAM_IDS::toString);
        assertEquals(2, SkeletonPerClassSample.PROGRAM_IDS.size());
        assertClosed(SkeletonPerClassSample.PROGRAM_IDS.getFirst());
    }

    @Test
    void inAJqwikPropertyTheSkeletonIsLoadedOnceClosedAfterAndEveryTryStartsWithEmptyJvmMaps() throws InterruptedException {
        SkeletonPerTestSample.PROGRAM_IDS.clear();
        List<LaunchedTests.Outcome> outcomes = LaunchedTests.run(SkeletonJqwikSample.class);
        assertEquals(1, outcomes.size(), outcomes::toString);
        assertEquals("SUCCESSFUL", outcomes.getFirst().status(), outcomes::toString);
        List<Integer> ids = SkeletonJqwikSample.PROGRAM_IDS;
        assertEquals(5, ids.size(), ids::toString);
        assertEquals(1, Set.copyOf(ids).size(), ids::toString);
        assertClosed(ids.getFirst());
    }

    /** The kernel frees a program once its last descriptor is closed, after an RCU grace period. */
    static void assertClosed(int id) throws InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                Program.openById(id).close();
                Thread.sleep(100);
            } catch (BpfException e) {
                assertEquals(Errno.ENOENT, e.errno(), e::getMessage);
                return;
            }
        }
        assertTrue(false, "program " + id + " is still loaded 5 s after its test");
    }
}
