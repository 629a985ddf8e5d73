package dev.ebpf4j.processor.differential;

import java.io.IOException;
import java.net.URISyntaxException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles program classes from source with javac and the ebpf4j processor, as a user's Maven
 * build would, into a directory: classes, {@code .bpf.o}, {@code .bpf.c} and skeletons.
 */
final class InProcessCompiler {
    private InProcessCompiler() {
    }

    /** What a compilation produced. */
    record Output(Path classes, boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        /** A class loader over the compiled classes (and the test's own class path as parent). */
        URLClassLoader classLoader() {
            try {
                return new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, InProcessCompiler.class.getClassLoader());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The bytes of a resource written next to the classes, e.g. {@code gen/Expr.bpf.o}. */
        /**
         * clang's object of the processor's C rendering {@code base + ".bpf.c"} (compiled where the
         * processor wrote it, beside its {@code ebpf4j.h}) with the kernel tests' flags: the v3
         * instruction set, and {@code -Wall -Werror} because C that makes clang warn is not readable C.
         */
        byte[] clangObject(String base) {
            dev.ebpf4j.testing.ExternalTool clang = dev.ebpf4j.testing.ExternalTool.require("clang-19");
            Path object = classes.resolve(base + ".clang.o");
            clang.run(List.of("-target", "bpf", "-O2", "-g", "-mcpu=v3", "-Wall", "-Werror", "-c",
                    classes.resolve(base + ".bpf.c").toString(), "-o", object.toString()));
            return resource(base + ".clang.o");
        }

        byte[] resource(String path) {
            try {
                return Files.readAllBytes(classes.resolve(path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String errors() {
            StringBuilder s = new StringBuilder();
            for (var d : diagnostics) {
                if (d.getKind() == Diagnostic.Kind.ERROR) s.append(d).append('\n');
            }
            return s.toString();
        }
    }

    /**
     * The JVM's class path and the places the program API, the processor (with JavaPoet) and the
     * runtime were loaded from: a launcher may load class directories through a class loader of
     * its own (the VM suites do), so {@code java.class.path} alone can miss them.
     */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(dev.ebpf4j.program.BpfProgram.class, dev.ebpf4j.processor.Ebpf4jProcessor.class,
                com.palantir.javapoet.JavaFile.class, dev.ebpf4j.skeleton.KernelMap.class)) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(c + ": " + e.getMessage(), e);
            }
        }
        entries.addAll(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** Compiles {@code sources} (binary class name to text) into {@code dir}. */
    static Output compile(Path dir, Map<String, String> sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path src = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path generated = Files.createDirectories(dir.resolve("generated"));
        List<Path> files = new ArrayList<>();
        for (var entry : sources.entrySet()) {
            Path file = src.resolve(entry.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, entry.getValue());
            files.add(file);
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, null, null)) {
            List<String> options = List.of(
                    "-classpath", classPath(),
                    "-processor", "dev.ebpf4j.processor.Ebpf4jProcessor",
                    "-d", classes.toString(),
                    "-s", generated.toString(),
                    "--release", "25");
            boolean success = javac.getTask(null, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromPaths(files)).call();
            return new Output(classes, success, diagnostics.getDiagnostics());
        }
    }
}
