package dev.ebpf4j.processor.frontend;

/** Lets tests of other packages use the test compiler's class path. */
public final class CompilerAccess {
    private CompilerAccess() {
    }

    public static String classPath() {
        return Compiler.classPath();
    }
}
