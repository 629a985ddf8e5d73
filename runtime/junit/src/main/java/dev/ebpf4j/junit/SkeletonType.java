package dev.ebpf4j.junit;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.program.maps.InMemoryMaps;
import dev.ebpf4j.skeleton.ProgramResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;

/**
 * A skeleton class the ebpf4j processor generated, {@code <Program>Skeleton}, and the program class
 * it belongs to. A skeleton is recognised by its shape, which is all it carries at run time (its
 * {@code @Generated} is a source annotation): a final {@link AutoCloseable} class whose name ends in
 * {@code Skeleton}, with {@code public static <Skeleton> load()} and {@code public LoadedObject
 * object()}, next to a class {@code <Program>} with the object {@code <Program>.bpf.o} beside it.
 *
 * @param skeleton the generated class
 * @param program the program class whose entry methods and static maps run on the JVM
 */
record SkeletonType(Class<?> skeleton, Class<?> program) {
    private static final String SUFFIX = "Skeleton";

    /** {@code type} as a skeleton, or empty when it does not have a skeleton's shape. */
    static Optional<SkeletonType> of(Class<?> type) {
        String name = type.getName();
        if (!name.endsWith(SUFFIX) || !AutoCloseable.class.isAssignableFrom(type) || !Modifier.isFinal(type.getModifiers())) {
            return Optional.empty();
        }
        try {
            Method load = type.getMethod("load");
            Method object = type.getMethod("object");
            if (!Modifier.isStatic(load.getModifiers()) || load.getReturnType() != type || object.getReturnType() != LoadedObject.class) {
                return Optional.empty();
            }
            Class<?> program = Class.forName(name.substring(0, name.length() - SUFFIX.length()), false, type.getClassLoader());
            if (program.getResource(ProgramResource.resourceName(program)) == null) {
                return Optional.empty();
            }
            return Optional.of(new SkeletonType(type, program));
        } catch (NoSuchMethodException | ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Loads the program into the kernel through the skeleton's {@code load()}; its exceptions come through unwrapped. */
    AutoCloseable load() {
        try {
            return (AutoCloseable) skeleton.getMethod("load").invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            if (e.getCause() instanceof Error error) throw error;
            throw new IllegalStateException(skeleton.getName() + ".load() failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call " + skeleton.getName() + ".load(): " + e.getMessage(), e);
        }
    }

    /** Empties the program's maps, LPM tries and ring buffers on the JVM side (its static fields). */
    void clearJvmMaps() {
        InMemoryMaps.clear(program);
    }
}
