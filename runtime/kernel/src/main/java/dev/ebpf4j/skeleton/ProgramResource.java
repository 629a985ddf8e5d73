package dev.ebpf4j.skeleton;

import dev.ebpf4j.binary.FormatException;
import dev.ebpf4j.loader.LoadException;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.loader.ObjectLoader;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.ObjectReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The object the ebpf4j processor writes for a program class, {@code <SimpleName>.bpf.o}, found as
 * a class-path resource next to the class (through the class's own loader, so it works from
 * directories, jars and module paths alike).
 *
 * <pre>{@code
 * try (LoadedObject object = ProgramResource.load(PortFilter.class, LoadOptions.defaults())) {
 *     object.program("filter").testRun(frame, 1);
 * }
 * }</pre>
 */
public final class ProgramResource {
    private ProgramResource() {
    }

    /** The resource name of {@code program}'s object: {@code <SimpleName>.bpf.o}, relative to its package. */
    public static String resourceName(Class<?> program) {
        return program.getSimpleName() + ".bpf.o";
    }

    /**
     * Reads {@code program}'s object.
     *
     * @throws LoadException if the resource is missing or is not a BPF object
     */
    public static BpfObject read(Class<?> program) {
        String name = resourceName(program);
        byte[] bytes;
        try (InputStream in = program.getResourceAsStream(name)) {
            if (in == null) {
                throw new LoadException(name + " is not on the class path next to " + program.getName()
                        + ": compile " + program.getSimpleName() + " with the ebpf4j processor on the processor path");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " next to " + program.getName() + ": " + e.getMessage(), e);
        }
        try {
            return ObjectReader.read(bytes);
        } catch (FormatException e) {
            throw new LoadException(name + " next to " + program.getName() + " is not a valid BPF object: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and loads {@code program}'s object. Without an object name in {@code options}, the
     * class's simple name prefixes the kernel names of its global data maps, as libbpf uses the
     * object file's name.
     *
     * @throws LoadException if the resource is missing, is not a BPF object, or cannot be loaded
     * @throws dev.ebpf4j.errors.VerifierException when the verifier refuses a program
     */
    public static LoadedObject load(Class<?> program, LoadOptions options) {
        LoadOptions named = options.objectName().isEmpty() ? options.withObjectName(program.getSimpleName()) : options;
        return ObjectLoader.load(read(program), named);
    }
}
