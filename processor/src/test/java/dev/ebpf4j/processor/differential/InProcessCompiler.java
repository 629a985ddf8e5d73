package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.processor.fixture.Javac;
import dev.ebpf4j.testing.ExternalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles program classes from source with javac and the ebpf4j processor, as a user's Maven
 * build would, into a directory: classes, {@code .bpf.o}, {@code .bpf.c} and skeletons.
 *
 * <pre>{@code
 * InProcessCompiler.Output output = InProcessCompiler.compileOrFail(dir, Map.of("gen.Arrays", SOURCE));
 * try (LoadedObject ours = Kernel.load(output.resource("gen/Arrays.bpf.o"))) { ... }
 * }</pre>
 */
final class InProcessCompiler {
    private InProcessCompiler() {
    }

    /** What a compilation produced. */
    record Output(Path classes, boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        /** A class loader over the compiled classes (and the test's own class path as parent). */
        URLClassLoader classLoader() {
            try {
                return new URLClassLoader(new URL[] {classes.toUri().toURL()}, InProcessCompiler.class.getClassLoader());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * clang's object of the processor's C rendering {@code base + ".bpf.c"} (compiled where the
         * processor wrote it, beside its {@code ebpf4j.h}) with the kernel tests' flags: the v3
         * instruction set, and {@code -Wall -Werror} because C that makes clang warn is not readable C.
         */
        byte[] clangObject(String base) {
            ExternalTool clang = ExternalTool.require("clang-19");
            Path object = classes.resolve(base + ".clang.o");
            clang.run(List.of("-target", "bpf", "-O2", "-g", "-mcpu=v3", "-Wall", "-Werror", "-c",
                    classes.resolve(base + ".bpf.c").toString(), "-o", object.toString()));
            return resource(base + ".clang.o");
        }

        /** The bytes of a resource written next to the classes, e.g. {@code gen/Expr.bpf.o}. */
        byte[] resource(String path) {
            try {
                return Files.readAllBytes(classes.resolve(path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String errors() {
            return new Javac.Result(success, diagnostics).errorText();
        }
    }

    /** Compiles {@code sources} (binary class name to text) into {@code dir}. */
    static Output compile(Path dir, Map<String, String> sources) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path generated = Files.createDirectories(dir.resolve("generated"));
        Map<String, String> files = new LinkedHashMap<>();
        sources.forEach((name, text) -> files.put(name.replace('.', '/') + ".java", text));
        List<String> options = List.of(
                "-classpath", Javac.classPath(dev.ebpf4j.program.BpfProgram.class, dev.ebpf4j.processor.Ebpf4jProcessor.class,
                        com.palantir.javapoet.JavaFile.class, dev.ebpf4j.maps.KernelMap.class),
                "-processor", "dev.ebpf4j.processor.Ebpf4jProcessor",
                "-d", classes.toString(),
                "-s", generated.toString(),
                "--release", "25");
        Javac.Result result = Javac.compile(options, Javac.write(dir.resolve("src"), files));
        return new Output(classes, result.success(), result.diagnostics());
    }

    /** Compiles {@code sources} into {@code dir}; fails the test if javac does. */
    static Output compileOrFail(Path dir, Map<String, String> sources) throws IOException {
        Output output = compile(dir, sources);
        assertTrue(output.success(), () -> "the program does not compile:\n" + output.errors());
        return output;
    }

    /** The value of the static field {@code name} of a compiled program class: its maps, as the JVM runs them. */
    @SuppressWarnings("unchecked")
    static <T> T staticField(Class<?> owner, String name) throws ReflectiveOperationException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return (T) field.get(null);
    }

    /**
     * The loaded object's map {@code name} as a typed map of the compiled program's own key and value
     * classes (loaded by the test's class loader, so only known as {@code Class<?>}): the kernel's
     * side of a comparison with {@link #staticField}.
     */
    @SuppressWarnings("unchecked")
    static dev.ebpf4j.maps.KernelMap<Object, Object> kernelMap(dev.ebpf4j.loader.LoadedObject loaded, String name,
                                                                Class<?> key, Class<?> value) {
        return dev.ebpf4j.maps.KernelMaps.of(loaded.map(name), (Class<Object>) key, (Class<Object>) value);
    }
}
