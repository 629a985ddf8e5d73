package dev.ebpf4j.processor.c;

import dev.ebpf4j.processor.ir.ProgramUnit;

/** The C back end. (Placeholder until the back end lands.) */
public final class CRenderer {
    private CRenderer() {
    }

    /** The file name of the header every rendering includes. */
    public static final String HEADER_NAME = "ebpf4j.h";

    /** {@code unit} as C that clang compiles to an equivalent object. */
    public static String render(ProgramUnit unit) {
        throw new UnsupportedOperationException("the C back end is not there yet");
    }

    /** The text of {@link #HEADER_NAME}. */
    public static String header() {
        throw new UnsupportedOperationException("the C back end is not there yet");
    }
}
