package dev.ebpf4j.processor.differential;

import java.util.Random;

/**
 * Random Java expressions over every primitive type, as source text: arithmetic that overflows,
 * bitwise operators, shifts by any distance, casts that narrow, signed and unsigned comparisons,
 * short-circuit logic, ternaries and the JDK's byte-order and unsigned helpers. Fully
 * parenthesised, so precedence is never the question.
 *
 * <p>The variables it uses are declared by {@link #DECLARATIONS} from four long inputs.
 */
final class ExpressionGenerator {
    /** Declares the variables from {@code in0..in3}, covering each primitive type. */
    static final String DECLARATIONS = """
            int a = (int) in0;
            long b = in1;
            short c = (short) in2;
            byte d = (byte) in3;
            char e = (char) in0;
            boolean f = in1 < in2;
            int g = (int) (in2 >>> 32);
            long h = in3 ^ in0;
            """;

    private static final String[] INT_CONSTANTS = {"0", "1", "-1", "2", "31", "32", "33", "63", "64", "255", "65535",
            "Integer.MIN_VALUE", "Integer.MAX_VALUE", "0x7f", "-128", "1000000007"};
    private static final String[] LONG_CONSTANTS = {"0L", "1L", "-1L", "63L", "64L", "0xffffffffL",
            "Long.MIN_VALUE", "Long.MAX_VALUE", "0x100000000L", "-4294967296L", "1234567890123L"};
    private static final String[] DIVISORS = {"1", "3", "7", "10", "255", "-1", "-7", "Integer.MIN_VALUE"};

    private final Random random;

    ExpressionGenerator(Random random) {
        this.random = random;
    }

    /** The Java types an expression may have. */
    enum Type { INT, LONG, SHORT, BYTE, CHAR, BOOLEAN }

    /** A random type, ints and longs most often. */
    Type anyType() {
        return switch (random.nextInt(9)) {
            case 0, 1, 2 -> Type.INT;
            case 3, 4, 5 -> Type.LONG;
            case 6 -> Type.SHORT;
            case 7 -> random.nextBoolean() ? Type.BYTE : Type.CHAR;
            default -> Type.BOOLEAN;
        };
    }

    /** An expression of {@code type}, at most {@code depth} operators deep. */
    String expression(Type type, int depth) {
        return switch (type) {
            case INT -> intExpression(depth);
            case LONG -> longExpression(depth);
            case SHORT -> depth > 0 && random.nextBoolean() ? "((short) " + intExpression(depth - 1) + ")" : "c";
            case BYTE -> depth > 0 && random.nextBoolean() ? "((byte) " + intExpression(depth - 1) + ")" : "d";
            case CHAR -> depth > 0 && random.nextBoolean() ? "((char) " + intExpression(depth - 1) + ")" : "e";
            case BOOLEAN -> booleanExpression(depth);
        };
    }

    private String intExpression(int depth) {
        if (depth == 0 || random.nextInt(5) == 0) {
            return switch (random.nextInt(6)) {
                case 0 -> "a";
                case 1 -> "g";
                case 2 -> pick("c", "d", "e");
                default -> INT_CONSTANTS[random.nextInt(INT_CONSTANTS.length)];
            };
        }
        int next = depth - 1;
        return switch (random.nextInt(13)) {
            case 0, 1, 2, 3 -> "(" + intExpression(next) + " " + pick("+", "-", "*", "&", "|", "^") + " " + intExpression(next) + ")";
            case 4 -> "(" + intExpression(next) + " " + pick("<<", ">>", ">>>") + " " + intExpression(next) + ")";
            case 5 -> "(" + pick("- ", "~") + intExpression(next) + ")";
            case 6 -> "(" + booleanExpression(next) + " ? " + intExpression(next) + " : " + intExpression(next) + ")";
            case 7 -> "((int) " + longExpression(next) + ")";
            case 8 -> "Integer.reverseBytes(" + intExpression(next) + ")";
            case 9 -> "Integer." + pick("divideUnsigned", "remainderUnsigned") + "(" + intExpression(next) + ", " + pick(DIVISORS) + ")";
            case 10 -> "Integer.compareUnsigned(" + intExpression(next) + ", " + intExpression(next) + ")";
            case 11 -> "(" + pick("(short) ", "(byte) ", "(char) ") + intExpression(next) + ")";
            default -> "(" + intExpression(next) + " " + pick("+", "*", "^") + " " + pick("c", "d", "e") + ")";
        };
    }

    private String longExpression(int depth) {
        if (depth == 0 || random.nextInt(5) == 0) {
            return switch (random.nextInt(5)) {
                case 0 -> "b";
                case 1 -> "h";
                default -> LONG_CONSTANTS[random.nextInt(LONG_CONSTANTS.length)];
            };
        }
        int next = depth - 1;
        return switch (random.nextInt(11)) {
            case 0, 1, 2 -> "(" + longExpression(next) + " " + pick("+", "-", "*", "&", "|", "^") + " " + longExpression(next) + ")";
            case 3 -> "(" + longExpression(next) + " " + pick("<<", ">>", ">>>") + " " + (random.nextBoolean() ? intExpression(next) : longExpression(next)) + ")";
            case 4 -> "(" + pick("- ", "~") + longExpression(next) + ")";
            case 5 -> "(" + booleanExpression(next) + " ? " + longExpression(next) + " : " + longExpression(next) + ")";
            case 6 -> "((long) " + intExpression(next) + ")";
            case 7 -> "Long.reverseBytes(" + longExpression(next) + ")";
            case 8 -> "Integer.toUnsignedLong(" + intExpression(next) + ")";
            case 9 -> "Long." + pick("divideUnsigned", "remainderUnsigned") + "(" + longExpression(next) + ", " + pick("3L", "10L", "-1L", "0x100000000L") + ")";
            default -> "(" + longExpression(next) + " " + pick("+", "-", "&") + " " + intExpression(next) + ")";
        };
    }

    private String booleanExpression(int depth) {
        if (depth == 0 || random.nextInt(6) == 0) return random.nextInt(4) == 0 ? pick("true", "false") : "f";
        int next = depth - 1;
        return switch (random.nextInt(9)) {
            case 0, 1 -> "(" + intExpression(next) + " " + pick("<", "<=", ">", ">=", "==", "!=") + " " + intExpression(next) + ")";
            case 2, 3 -> "(" + longExpression(next) + " " + pick("<", "<=", ">", ">=", "==", "!=") + " " + longExpression(next) + ")";
            case 4 -> "(" + booleanExpression(next) + " " + pick("&&", "||", "&", "|", "^", "==", "!=") + " " + booleanExpression(next) + ")";
            case 5 -> "(!" + booleanExpression(next) + ")";
            case 6 -> "(Integer.compareUnsigned(" + intExpression(next) + ", " + intExpression(next) + ") " + pick("<", ">", "==") + " 0)";
            case 7 -> "(Long.compareUnsigned(" + longExpression(next) + ", " + longExpression(next) + ") " + pick("<", ">=") + " 0)";
            default -> "(" + pick("c", "d", "e") + " " + pick("<", "==", ">") + " " + intExpression(next) + ")";
        };
    }

    /** {@code expression} of {@code type} as a long, as the program stores it. */
    static String asLong(Type type, String expression) {
        return type == Type.BOOLEAN ? "(" + expression + " ? 1L : 0L)" : "((long) " + expression + ")";
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
