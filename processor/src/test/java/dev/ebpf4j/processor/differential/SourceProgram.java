package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.loader.ObjectLoader;
import dev.ebpf4j.object.ObjectReader;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.Map;

/**
 * A program class compiled from source by the processor, for the kernel tests that run it on the
 * JVM and in the kernel from our object and from clang's object of the C rendering.
 *
 * <pre>{@code
 * SourceProgram program = SourceProgram.compile("gen.Nulls", SOURCE);
 * try (LoadedObject kernel = program.load(true); var loader = program.classLoader()) { ... }
 * }</pre>
 */
record SourceProgram(String className, InProcessCompiler.Output output) {
    static SourceProgram compile(String className, String source) throws IOException {
        InProcessCompiler.Output output = InProcessCompiler.compile(Files.createTempDirectory("ebpf4j-program"), Map.of(className, source));
        assertTrue(output.success(), () -> "the program does not compile:\n" + output.errors() + output.diagnostics());
        return new SourceProgram(className, output);
    }

    /** Our object, or clang's of the C rendering, loaded into the kernel; a refusal fails the test with the verifier's reason. */
    LoadedObject load(boolean clang) {
        String base = className.replace('.', '/');
        byte[] object = clang ? output.clangObject(base) : output.resource(base + ".bpf.o");
        try {
            return ObjectLoader.load(ObjectReader.read(object), LoadOptions.defaults());
        } catch (RuntimeException e) {
            throw new AssertionError("the kernel refuses the program: " + e.getMessage(), e);
        }
    }

    URLClassLoader classLoader() {
        return output.classLoader();
    }

    /** Static field {@code name} of the program class (a map the JVM run fills), loaded by {@code loader}. */
    @SuppressWarnings("unchecked")
    <T> T field(ClassLoader loader, String name) throws ReflectiveOperationException {
        Field field = loader.loadClass(className).getDeclaredField(name);
        field.setAccessible(true);
        return (T) field.get(null);
    }
}
