package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.processor.ir.SourcePosition;

/** A program the back end cannot turn into verifiable code; the message names the place and the problem. */
public final class CompileException extends RuntimeException {
    public CompileException(SourcePosition position, String problem) {
        super(position == null ? problem : position.file() + ":" + position.line() + ": " + problem);
    }
}
