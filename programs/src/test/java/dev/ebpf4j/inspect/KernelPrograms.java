package dev.ebpf4j.inspect;

import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.loader.ObjectLoader;
import dev.ebpf4j.object.ObjectReader;
import dev.ebpf4j.skeleton.ProgramResource;
import dev.ebpf4j.testing.ExternalTool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two builds of a program class that run in the kernel: the processor's object, and clang's
 * object compiled from the processor's C rendering. Both come from the class path, where the build
 * put them next to the class.
 */
final class KernelPrograms {
    private KernelPrograms() {
    }

    /** Loads the processor's object for {@code program}. */
    static LoadedObject loadOurs(Class<?> program) {
        return ProgramResource.load(program, LoadOptions.defaults());
    }

    /** Compiles the C rendering of {@code program} with clang-19 in {@code dir} and loads clang's object. */
    static LoadedObject loadClangs(Class<?> program, Path dir) throws IOException {
        return loadClangs(program, dir, LoadOptions.defaults());
    }

    /** Compiles the C rendering of {@code program} with clang-19 in {@code dir} and loads clang's object with {@code options}. */
    static LoadedObject loadClangs(Class<?> program, Path dir, LoadOptions options) throws IOException {
        ExternalTool clang = ExternalTool.require("clang-19");
        Path source = dir.resolve(program.getSimpleName() + ".bpf.c");
        Files.write(source, resource(program, program.getSimpleName() + ".bpf.c"));
        Files.write(dir.resolve("ebpf4j.h"), resource(program, "ebpf4j.h"));
        Path object = dir.resolve(program.getSimpleName() + ".clang.o");
        clang.run("-target", "bpf", "-mcpu=v3", "-O2", "-g", "-c", source.toString(), "-o", object.toString());
        return ObjectLoader.load(ObjectReader.read(object), options);
    }

    private static byte[] resource(Class<?> program, String name) {
        try (InputStream in = program.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is not next to " + program.getName() + ": was the processor run?");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
