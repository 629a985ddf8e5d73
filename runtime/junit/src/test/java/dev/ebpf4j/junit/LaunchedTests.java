package dev.ebpf4j.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs sample test classes through the JUnit Platform launcher, with every engine on the class path
 * (Jupiter and jqwik), and collects what became of each test: what the extension's own tests check.
 * The samples run only under {@link SamplesOnly#PROPERTY}, which this sets while they run; {@link #main}
 * does the same in a child JVM and prints one line per test.
 */
final class LaunchedTests {
    /** What became of one test (not of containers): SUCCESSFUL, FAILED, ABORTED or SKIPPED, and why. */
    record Outcome(String name, String status, String reason) {
        @Override
        public String toString() {
            return status + "\t" + name + "\t" + reason.replace('\n', ' ');
        }

        static Outcome parse(String line) {
            String[] parts = line.split("\t", 3);
            return new Outcome(parts[1], parts[0], parts.length > 2 ? parts[2] : "");
        }
    }

    private LaunchedTests() {}

    static List<Outcome> run(Class<?>... classes) {
        String before = System.getProperty(SamplesOnly.PROPERTY);
        System.setProperty(SamplesOnly.PROPERTY, "true");
        try {
            LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
            for (Class<?> type : classes) request.selectors(selectClass(type));
            return execute(request.build());
        } finally {
            if (before == null) System.clearProperty(SamplesOnly.PROPERTY);
            else System.setProperty(SamplesOnly.PROPERTY, before);
        }
    }

    private static List<Outcome> execute(LauncherDiscoveryRequest request) {
        List<Outcome> outcomes = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                outcomes.add(new Outcome(name(test), "SKIPPED", reason));
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest() || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    Optional<Throwable> thrown = result.getThrowable();
                    outcomes.add(new Outcome(name(test), result.getStatus().name(), thrown.map(String::valueOf).orElse("")));
                }
            }
        });
        return outcomes;
    }

    private static String name(TestIdentifier test) {
        return test.getLegacyReportingName();
    }

    /** The outcomes by test name, for assertions. */
    static Map<String, Outcome> byName(List<Outcome> outcomes) {
        Map<String, Outcome> map = new java.util.LinkedHashMap<>();
        for (Outcome outcome : outcomes) map.put(outcome.name(), outcome);
        return map;
    }

    /** In a child JVM: runs the classes named in {@code args} and prints each outcome on a line of its own. */
    public static void main(String[] args) throws ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        for (String name : args) classes.add(Class.forName(name));
        for (Outcome outcome : run(classes.toArray(Class<?>[]::new))) {
            System.out.println("outcome\t" + outcome);
        }
    }
}
