package dev.ebpf4j.processor.differential;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.processor.fixture.Kernel;
import java.io.IOException;
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
        return new SourceProgram(className,
                InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-program"), Map.of(className, source)));
    }

    /** Our object, or clang's of the C rendering, loaded into the kernel; a refusal fails the test with the verifier's reason. */
    LoadedObject load(boolean clang) {
        String base = className.replace('.', '/');
        byte[] object = clang ? output.clangObject(base) : output.resource(base + ".bpf.o");
        try {
            return Kernel.load(object);
        } catch (RuntimeException e) {
            throw new AssertionError("the kernel refuses the program: " + e.getMessage(), e);
        }
    }

    URLClassLoader classLoader() {
        return output.classLoader();
    }

    /** Static field {@code name} of the program class (a map the JVM run fills), loaded by {@code loader}. */
    <T> T field(ClassLoader loader, String name) throws ReflectiveOperationException {
        return InProcessCompiler.staticField(loader.loadClass(className), name);
    }
}
