package dev.ebpf4j.binary;

/**
 * Malformed binary input: names where ({@link #offset()} in the file, and the structure being
 * read) and what is wrong. Parsers throw only this for bad bytes, never an index, arithmetic or
 * allocation failure, so callers can report one clear line to the user.
 */
public final class FormatException extends RuntimeException {
    private final long offset;
    private final String problem;

    public FormatException(long offset, String problem) {
        this(offset, problem, null);
    }

    /** With the exception that revealed the problem, kept as the cause for whoever debugs the parser. */
    public FormatException(long offset, String problem, Throwable cause) {
        super("offset 0x" + Long.toHexString(offset) + ": " + problem, cause);
        this.offset = offset;
        this.problem = problem;
    }

    /** The byte offset in the input (the whole file, not a section) where the problem was found. */
    public long offset() {
        return offset;
    }

    /** The problem, without the offset. */
    public String problem() {
        return problem;
    }
}
