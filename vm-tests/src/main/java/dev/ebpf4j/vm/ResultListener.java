package dev.ebpf4j.vm;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes one tab-separated line per finished test to the file named by the system property
 * {@value #PROPERTY} (in the guest, the second serial port), so results reach the host unmixed
 * with kernel messages. Without that property it does nothing, so it is harmless on the host.
 *
 * <pre>{@code
 * EBPF4J-VM  BEGIN
 * EBPF4J-VM  RESULT  PASSED   KernelSmokeTest > arrayMap()
 * EBPF4J-VM  RESULT  SKIPPED  KernelSmokeTest > userRingbuf()  kernel lacks BPF_MAP_TYPE_USER_RINGBUF
 * EBPF4J-VM  TIME    1840  KernelSmokeTest
 * EBPF4J-VM  END     1  0  1
 * }</pre>
 *
 * Fields are escaped ({@code \\}, {@code \t}, {@code \n}, {@code \r}) so that every record is one
 * line; END carries the counts so the host can tell a truncated stream from a complete one.
 * A container (a class) that fails or is skipped as a whole counts as one result. TIME records
 * give each finished class's wall-clock milliseconds, so the host can name what takes the guest's
 * time (the guest runs under software emulation, where a slow test is what outlasts the limits).
 */
public final class ResultListener implements TestExecutionListener {
    public static final String PROPERTY = "ebpf4j.vm.results";
    private static final String TAG = "EBPF4J-VM";
    /**
     * Whether a listener of this JVM reports a test plan now. Tests that run sample classes through
     * a launcher of their own (some failing on purpose) get a listener of this class too, loaded as a
     * service; only the outermost plan, the guest's own run, is reported.
     */
    private static final java.util.concurrent.atomic.AtomicBoolean REPORTING = new java.util.concurrent.atomic.AtomicBoolean();

    private final Optional<String> target = Optional.ofNullable(System.getProperty(PROPERTY));
    private OutputStream out;
    private TestPlan plan;
    private int passed;
    private int failed;
    private int skipped;
    private final Map<String, Long> started = new HashMap<>();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        if (target.isEmpty() || !REPORTING.compareAndSet(false, true)) {
            return;   // not in a guest, or a launcher that a test started inside the guest's run: its samples are not results
        }
        plan = testPlan;
        try {
            out = new FileOutputStream(target.get(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + target.get() + " for test results", e);
        }
        record("BEGIN");
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        if (out != null && isClass(test)) {
            started.put(test.getUniqueId(), System.nanoTime());
        }
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (out != null) {
            skipped++;
            record("RESULT", "SKIPPED", name(test), reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (out == null) {
            return;
        }
        Long start = started.remove(test.getUniqueId());
        if (start != null) {
            record("TIME", Long.toString((System.nanoTime() - start) / 1_000_000), name(test));
        }
        switch (result.getStatus()) {
            case SUCCESSFUL -> {
                if (test.isTest()) {
                    passed++;
                    record("RESULT", "PASSED", name(test), "");
                }
            }
            // An aborted test is one whose assumption failed: the kernel lacks what it needs.
            case ABORTED -> {
                skipped++;
                String reason = result.getThrowable().map(Throwable::getMessage).orElse("aborted");
                record("RESULT", "SKIPPED", name(test), reason);
            }
            case FAILED -> {
                failed++;
                String reason = result.getThrowable().map(ResultListener::describe).orElse("failed");
                record("RESULT", "FAILED", name(test), reason);
            }
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (out == null) {
            return;
        }
        record("END", Integer.toString(passed), Integer.toString(failed), Integer.toString(skipped));
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out = null;
        REPORTING.set(false);
    }

    /** A container directly below an engine: a test class (Jupiter's or jqwik's). */
    private boolean isClass(TestIdentifier test) {
        return test.isContainer() && plan.getParent(test).map(parent -> plan.getParent(parent).isEmpty()).orElse(false);
    }

    private String name(TestIdentifier test) {
        List<String> parts = new ArrayList<>();
        for (Optional<TestIdentifier> at = Optional.of(test); at.isPresent(); at = plan.getParent(at.get())) {
            if (plan.getParent(at.get()).isPresent()) { // the engine itself is not part of the name
                parts.addFirst(at.get().getDisplayName());
            }
        }
        return String.join(" > ", parts);
    }

    /** The failure and the first frame outside JUnit and the JDK: where the test went wrong. */
    private static String describe(Throwable failure) {
        return Arrays.stream(failure.getStackTrace())
                .filter(frame -> !frame.getClassName().matches("(org\\.junit|org\\.opentest4j|java|jdk|sun)\\..*"))
                .findFirst()
                .map(frame -> failure + "\n  at " + frame)
                .orElse(failure.toString());
    }

    private void record(String... fields) {
        StringBuilder line = new StringBuilder(TAG);
        for (String field : fields) {
            line.append('\t').append(escape(field));
        }
        line.append('\n');
        try {
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test results to " + target.get(), e);
        }
    }

    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
