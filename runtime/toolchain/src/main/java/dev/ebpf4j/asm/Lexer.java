package dev.ebpf4j.asm;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits assembly text into tokens the way llvm-mc's BPF target does: {@code #} and {@code //}
 * start a comment that runs to the end of the line, {@code /* ... *}{@code /} is a comment that
 * may span lines, and {@code ;} separates statements like a line end (it is not a comment).
 */
final class Lexer {

    /** Longest first, so that {@code <<=} wins over {@code <<} and {@code <}. */
    private static final String[] SYMBOLS = {
        "<<=", ">>=", "+=", "-=", "*=", "/=", "|=", "&=", "^=", "%=", "==", "!=", "<=", ">=", "<<", ">>",
        "=", "<", ">", "&", "|", "^", "+", "-", "*", "/", "%", "(", ")", "[", "]", ",", ":", "@",
    };

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String text) {
        this.text = text;
    }

    /** All tokens; every statement ends with an {@link Token.Kind#END} token, the last one too. */
    static List<Token> tokenize(String text) throws AssemblyException {
        Lexer lexer = new Lexer(text);
        lexer.run();
        return lexer.tokens;
    }

    private void run() throws AssemblyException {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                end(pos, pos + 1);
                pos++;
                line++;
                lineStart = pos;
            } else if (c == ';') {
                end(pos, pos + 1);
                pos++;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == '#' || text.startsWith("//", pos)) {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (text.startsWith("/*", pos)) {
                blockComment();
            } else if (c == '"') {
                string();
            } else if (isWordStart(c)) {
                int start = pos;
                while (pos < text.length() && isWordPart(text.charAt(pos))) {
                    pos++;
                }
                add(Token.Kind.WORD, text.substring(start, pos), start);
            } else if (c >= '0' && c <= '9') {
                int start = pos;
                while (pos < text.length() && isWordPart(text.charAt(pos))) {
                    pos++;
                }
                add(Token.Kind.NUMBER, text.substring(start, pos), start);
            } else {
                symbol();
            }
        }
        end(pos, pos);
    }

    private void blockComment() throws AssemblyException {
        int startLine = line;
        int startColumn = pos - lineStart + 1;
        int close = text.indexOf("*/", pos + 2);
        if (close < 0) {
            throw new AssemblyException(startLine, startColumn, "unterminated /* comment");
        }
        for (int i = pos; i < close; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        pos = close + 2;
    }

    private void string() throws AssemblyException {
        int start = pos;
        int close = pos + 1;
        while (close < text.length() && text.charAt(close) != '"' && text.charAt(close) != '\n') {
            close++;
        }
        if (close >= text.length() || text.charAt(close) != '"') {
            throw new AssemblyException(line, start - lineStart + 1, "unterminated string");
        }
        pos = close + 1;
        tokens.add(new Token(Token.Kind.STRING, text.substring(start + 1, close), line, start - lineStart + 1, start, pos));
    }

    private void symbol() throws AssemblyException {
        for (String symbol : SYMBOLS) {
            if (text.startsWith(symbol, pos)) {
                int start = pos;
                pos += symbol.length();
                add(Token.Kind.SYMBOL, symbol, start);
                return;
            }
        }
        int codePoint = text.codePointAt(pos);
        String shown = codePoint >= 0x20 && codePoint < 0x7f ? "'" + Character.toString(codePoint) + "'"
                : String.format("U+%04X", codePoint);
        throw new AssemblyException(line, pos - lineStart + 1, "unexpected character " + shown);
    }

    private void add(Token.Kind kind, String value, int start) {
        tokens.add(new Token(kind, value, line, start - lineStart + 1, start, pos));
    }

    private void end(int start, int stop) {
        tokens.add(new Token(Token.Kind.END, "", line, start - lineStart + 1, start, stop));
    }

    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '$';
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || (c >= '0' && c <= '9');
    }
}
