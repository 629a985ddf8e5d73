package dev.ebpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Kernel tests of every module say that they need {@code bpf()} with {@link RequiresBpf}, not with a
 * call at the top of each test or setup method: such calls were repeated in dozens of places, easy to
 * forget in the next test, and in a jqwik {@code @BeforeContainer} they fail the class instead of
 * skipping it. This reads the test sources of every module of the repository and names each file and
 * line of code that calls an assumeBpf method, or declares one to be called. The probe behind the
 * annotation has none: it answers {@link dev.ebpf4j.sys.BpfAvailable#skipReason} to the two hooks,
 * which skip rather than abort.
 */
class NoAssumeBpfCallsTest {
    private static final Pattern CALL = Pattern.compile("\\bassumeBpf\\s*\\(");
    /** Javadoc and comments may name the call; only code counts. */
    private static final Pattern COMMENT = Pattern.compile("^\\s*(\\*|/\\*|//)");

    @Test
    void noTestSourceCallsAssumeBpf() throws IOException {
        Path root = repositoryRoot();
        List<Path> sources = testSources(root);
        assertTrue(sources.stream().anyMatch(p -> p.startsWith(root.resolve("processor/src/test/java"))),
                "no test sources of processor under " + root);
        List<String> calls = new ArrayList<>();
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (CALL.matcher(line).find() && !COMMENT.matcher(line).find()) {
                    calls.add(root.relativize(source) + ":" + (i + 1) + ": " + line.strip()
                            + " (annotate the class or the test with @RequiresBpf instead)");
                }
            }
        }
        assertEquals(List.of(), calls);
    }

    /** The top directory holding a pom.xml, above this module's directory (where the tests run). */
    private static Path repositoryRoot() {
        Path root = Path.of("").toAbsolutePath();
        while (root.getParent() != null && Files.exists(root.getParent().resolve("pom.xml"))) {
            root = root.getParent();
        }
        return root;
    }

    /** Every module's src/test/java below the root; build output and hidden directories are not sources. */
    private static List<Path> testSources(Path root) throws IOException {
        List<Path> sources = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (!dir.equals(root) && (name.equals("target") || name.startsWith("."))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String path = root.relativize(file).toString();
                if (path.endsWith(".java") && path.contains("src/test/java/")) {
                    sources.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        sources.sort(null);
        return sources;
    }
}
