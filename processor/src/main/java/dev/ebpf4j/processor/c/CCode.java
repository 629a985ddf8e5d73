package dev.ebpf4j.processor.c;

/**
 * A rendered C expression: its text, the precedence of its outermost operator (so a parent adds
 * parentheses only where C needs them or a reader would stumble), and whether its C type is the
 * unsigned type of its Java width ({@code __u32} for int, {@code __u64} for long).
 */
record CCode(String text, int precedence, boolean unsigned) {
    static final int COMMA = 1;
    static final int CONDITIONAL = 3;
    static final int LOGICAL_OR = 4;
    static final int LOGICAL_AND = 5;
    static final int BIT_OR = 6;
    static final int BIT_XOR = 7;
    static final int BIT_AND = 8;
    static final int EQUALITY = 9;
    static final int RELATIONAL = 10;
    static final int SHIFT = 11;
    static final int ADDITIVE = 12;
    static final int MULTIPLICATIVE = 13;
    static final int UNARY = 15;
    static final int POSTFIX = 16;

    static CCode primary(String text) {
        return new CCode(text, POSTFIX, false);
    }

    static CCode unary(String text, boolean unsigned) {
        return new CCode(text, UNARY, unsigned);
    }

    /** The text, parenthesised unless its precedence is at least {@code minimum}. */
    String at(int minimum) {
        return precedence >= minimum ? text : "(" + text + ")";
    }

    /** The text as an operand of a binary operator of precedence {@code parent}, with parentheses for clarity too. */
    String operandOf(int parent, boolean right) {
        int minimum = right ? parent + 1 : parent;
        if (precedence < minimum) return "(" + text + ")";
        if (precedence >= UNARY || precedence == parent || familiar(parent, precedence)) return text;
        return "(" + text + ")";
    }

    /** Nestings every C reader parses without help: a * b + c, a + 1 < b, a < b && c == d. */
    private static boolean familiar(int parent, int child) {
        return switch (parent) {
            case ADDITIVE -> child == MULTIPLICATIVE;
            case RELATIONAL, EQUALITY -> child >= ADDITIVE;
            case LOGICAL_AND, LOGICAL_OR -> child == EQUALITY || child == RELATIONAL;
            case CONDITIONAL -> child > CONDITIONAL && child != BIT_AND && child != BIT_OR && child != BIT_XOR;
            default -> false;
        };
    }
}
