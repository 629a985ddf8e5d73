package dev.ebpf4j.processor.skeleton;

import com.palantir.javapoet.JavaFile;
import dev.ebpf4j.processor.ir.ProgramUnit;

/** Typed skeletons. (Placeholder until the generator lands.) */
public final class SkeletonGenerator {
    private SkeletonGenerator() {
    }

    /** The skeleton {@code <className>Skeleton} of {@code unit} (function bodies are not needed). */
    public static JavaFile generate(ProgramUnit unit) {
        throw new UnsupportedOperationException("the skeleton generator is not there yet");
    }
}
