package dev.ebpf4j.processor.skeleton;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.ebpf4j.program.maps.EbpfMap;
import dev.ebpf4j.skeleton.KernelMap;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated sources with javac in the test, with every lint warning and every Javadoc
 * problem an error, against the classes a skeleton needs (runtime, annotations, the test fixtures).
 */
final class InTestCompiler {
    private InTestCompiler() {
    }

    /** Compiles {@code files} and the extra sources (file name to text) into {@code dir/classes}; fails on any diagnostic. */
    static Path compile(Path dir, List<JavaFile> files, Map<String, String> extra) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        for (JavaFile file : files) file.writeTo(sources);
        for (var e : extra.entrySet()) {
            Path path = sources.resolve(e.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, e.getValue());
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(sources)) {
            paths = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, null)) {
            List<String> options = new ArrayList<>(List.of("-Xlint:all", "-Xdoclint:all,-missing", "-Werror", "-proc:none",
                    "-classpath", classPath(), "-d", classes.toString()));
            boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(paths)).call();
            String report = diagnostics.getDiagnostics().stream().map(Object::toString).collect(Collectors.joining("\n"));
            assertTrue(ok && diagnostics.getDiagnostics().isEmpty(), "javac -Xlint:all:\n" + report);
        }
        return classes;
    }

    private static String classPath() {
        return Stream.of(KernelMap.class, EbpfMap.class, SkeletonFixtures.class)
                .map(InTestCompiler::location)
                .distinct()
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
