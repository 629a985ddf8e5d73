package dev.ebpf4j.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The guests select tests by tag ({@code vm-tests/run --tag}, default {@code kernel & !slow}), and
 * a tag only counts when the class's own engine reads it: jqwik ignores JUnit's {@code @Tag} and
 * Jupiter ignores jqwik's, silently. This reads the test sources of every module and holds them to
 * that, and to a {@code kernel} tag on every test class that loads programs into the kernel.
 */
class TestTagsTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern JQWIK_TESTS = Pattern.compile("^import net\\.jqwik\\.api\\.(Property|Example);", Pattern.MULTILINE);
    private static final Pattern JUPITER_TESTS =
            Pattern.compile("^import org\\.junit\\.jupiter\\.(api\\.Test|params\\.ParameterizedTest);", Pattern.MULTILINE);
    private static final Pattern JUNIT_TAG = Pattern.compile("^import org\\.junit\\.jupiter\\.api\\.Tag;", Pattern.MULTILINE);
    private static final Pattern JQWIK_TAG = Pattern.compile("^import net\\.jqwik\\.api\\.Tag;", Pattern.MULTILINE);
    /**
     * The tag itself, ebpf4j-junit's {@code @KernelTest}, or the repository's own {@code @RequiresBpf}
     * (runtime's test jar); both annotations carry it for both engines.
     */
    private static final Pattern KERNEL_TAG = Pattern.compile("@Tag\\(\"kernel\"\\)|@KernelTest\\b|@RequiresBpf\\b");
    /** Calls that load or run programs in the kernel, made by test classes or the harnesses they use. */
    private static final Pattern KERNEL_USE = Pattern.compile(
            "ObjectLoader\\.load\\(|\\bKernel\\.load\\(|Harness\\.run\\(|KernelPrograms\\.load");

    private static List<Path> testSources() throws IOException {
        List<Path> sources = new ArrayList<>();
        // Modules sit at the top (processor/) or one level down (runtime/kernel/).
        try (Stream<Path> modules = Files.walk(REPO, 2)) {
            for (Path module : modules.filter(m -> !m.startsWith(REPO.resolve(".git")))
                    .filter(m -> Files.isDirectory(m.resolve("src/test/java"))).sorted().toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/test/java"))) {
                    files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(sources::add);
                }
            }
        }
        return sources;
    }

    @Test
    void everyTestClassCarriesTagsItsEngineReadsAndKernelTestsAreTaggedKernel() throws IOException {
        List<Path> sources = testSources();
        assertTrue(sources.stream().anyMatch(p -> p.toString().contains("/processor/src/test/java/")),
                "no test sources of processor under " + REPO);
        assertTrue(sources.stream().anyMatch(p -> p.toString().contains("/runtime/kernel/src/test/java/")),
                "no test sources of runtime/kernel under " + REPO);
        List<String> problems = new ArrayList<>();
        for (Path source : sources) {
            String text = Files.readString(source);
            String where = REPO.relativize(source).toString();
            boolean jqwik = JQWIK_TESTS.matcher(text).find();
            boolean jupiter = JUPITER_TESTS.matcher(text).find();
            if (jqwik && JUNIT_TAG.matcher(text).find()) {
                problems.add(where + ": jqwik properties tagged with JUnit's @Tag, which jqwik ignores (use net.jqwik.api.Tag)");
            }
            if (jupiter && !jqwik && JQWIK_TAG.matcher(text).find()) {
                problems.add(where + ": JUnit tests tagged with jqwik's @Tag, which Jupiter ignores (use org.junit.jupiter.api.Tag)");
            }
            if ((jqwik || jupiter) && KERNEL_USE.matcher(text).find() && !KERNEL_TAG.matcher(text).find()) {
                problems.add(where + ": loads programs into the kernel but has no @Tag(\"kernel\")");
            }
        }
        assertEquals(List.of(), problems);
    }
}
