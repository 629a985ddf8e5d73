package dev.ebpf4j.processor.skeleton;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.ebpf4j.processor.fixture.Javac;
import dev.ebpf4j.program.maps.EbpfMap;
import dev.ebpf4j.maps.KernelMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Compiles generated sources with javac in the test, with every lint warning and every Javadoc
 * problem an error, against the classes a skeleton needs (runtime, annotations, the test fixtures)
 * and nothing else.
 */
final class InTestCompiler {
    private InTestCompiler() {
    }

    /** Compiles {@code files} and the extra sources (file name to text) into {@code dir/classes}; fails on any diagnostic. */
    static Path compile(Path dir, List<JavaFile> files, Map<String, String> extra) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        for (JavaFile file : files) file.writeTo(sources);
        Javac.write(sources, extra);
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(sources)) {
            paths = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        Javac.Result result = Javac.compile(List.of("-Xlint:all", "-Xdoclint:all,-missing", "-Werror", "-proc:none",
                "-classpath", Javac.locations(KernelMap.class, EbpfMap.class, SkeletonFixtures.class), "-d", classes.toString()), paths);
        String report = result.diagnostics().stream().map(Object::toString).collect(Collectors.joining("\n"));
        assertTrue(result.success() && result.diagnostics().isEmpty(), "javac -Xlint:all:\n" + report);
        return classes;
    }
}
