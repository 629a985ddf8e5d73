package dev.ebpf4j.processor.ir;

/**
 * Where a statement comes from: the Java file's name, 1-based line and column, and the line's
 * text (for BTF line info, so a verifier refusal can show the Java line).
 */
public record SourcePosition(String file, int line, int column, String lineText) {
}
