package dev.ebpf4j.asm;

/** One lexical token of assembly text, with its place in the source for error messages. */
record Token(Kind kind, String text, int line, int column, int start, int end) {

    enum Kind {
        /** A name: register, keyword, label, directive ({@code .section}) or size ({@code u32}). */
        WORD,
        /** An integer literal as written: decimal, {@code 0x} hex, {@code 0b} binary or {@code 0} octal. */
        NUMBER,
        /** A double-quoted string, text without the quotes. */
        STRING,
        /** Punctuation or an operator such as {@code <<=}, {@code (} or {@code ,}. */
        SYMBOL,
        /** The end of a statement: a line end, {@code ;} or the end of the text. */
        END
    }

    boolean is(String symbolOrWord) {
        return (kind == Kind.SYMBOL || kind == Kind.WORD) && text.equals(symbolOrWord);
    }

    String describe() {
        return switch (kind) {
            case END -> "end of statement";
            case STRING -> "string \"" + text + "\"";
            default -> "'" + text + "'";
        };
    }
}
