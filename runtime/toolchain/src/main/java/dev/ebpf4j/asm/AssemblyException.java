package dev.ebpf4j.asm;

/**
 * A mistake in assembly text, at a 1-based line and column ({@code 0} when the column is not
 * known). Its message is the one line a user sees: {@code line 3, column 1: unknown register r11}.
 */
public final class AssemblyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String problem;

    public AssemblyException(int line, int column, String problem) {
        super("line " + line + (column > 0 ? ", column " + column : "") + ": " + problem);
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without its position. */
    public String problem() {
        return problem;
    }
}
