package dev.ebpf4j.asm;

import java.util.Objects;

/**
 * Where an instruction came from in the program's source, for BTF line info (so that a verifier
 * rejection can name the Java line).
 *
 * @param file the source file's path as it should appear in line info
 * @param line the 1-based line number
 * @param column the 1-based column, or 0 when unknown
 * @param text the line's source text (may be empty)
 */
public record SourceLine(String file, int line, int column, String text) {
    public SourceLine {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
        if (line < 1) {
            throw new IllegalArgumentException("line " + line + " of " + file + " is not positive");
        }
        if (column < 0) {
            throw new IllegalArgumentException("column " + column + " of " + file + ":" + line + " is negative");
        }
    }
}
