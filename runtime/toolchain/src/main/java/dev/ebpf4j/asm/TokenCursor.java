package dev.ebpf4j.asm;

import java.math.BigInteger;
import java.util.List;

/**
 * A cursor over one statement's tokens that reads the operands every instruction shares:
 * registers, integers with their range checks, {@code (r10 - 4)} addresses, {@code (u32 *)} casts.
 * Reading past the end keeps returning the statement's {@link Token.Kind#END} token.
 */
final class TokenCursor {

    /** A register as written: {@code wide} for an {@code r} name, false for a {@code w} name. */
    record Reg(Register register, boolean wide, Token at) {
        String text() {
            return at.text();
        }
    }

    /** A base register and a 16-bit signed offset. */
    record Address(Register base, int offset) {}

    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger UINT_MAX = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);

    final List<Token> tokens;
    int pos;

    TokenCursor(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** True if {@code text} is spelled like a register ({@code r} or {@code w} and digits), valid or not. */
    static boolean looksLikeRegister(String text) {
        return text.length() >= 2 && (text.charAt(0) == 'r' || text.charAt(0) == 'w')
                && text.chars().skip(1).allMatch(c -> c >= '0' && c <= '9');
    }

    /** {@code *(u32 *)}, and with {@code signed} also {@code *(s8 *)}: the access size. */
    Size pointerSize(boolean signedAllowed) throws AssemblyException {
        expect("*");
        return castSize(signedAllowed);
    }

    /** {@code (u32 *)}: the access size named by a pointer cast. */
    Size castSize(boolean signedAllowed) throws AssemblyException {
        expect("(");
        Token type = next();
        String text = type.text();
        Size size = switch (type.kind() == Token.Kind.WORD ? text : "") {
            case "u8", "s8" -> Size.B;
            case "u16", "s16" -> Size.H;
            case "u32", "s32" -> Size.W;
            case "u64", "s64" -> Size.DW;
            default -> throw error(type, "expected u8, u16, u32 or u64, found " + type.describe());
        };
        if (text.startsWith("s") && !signedAllowed) {
            throw error(type, "only loads sign-extend: write u" + Disassembler.bits(size));
        }
        expect("*");
        expect(")");
        return size;
    }

    Address addressInParentheses() throws AssemblyException {
        Address address = address();
        expect(")");
        return address;
    }

    /** {@code r1 + 8} or {@code r10 - 4}: a base register, an explicit sign and a 16-bit offset. */
    Address address() throws AssemblyException {
        Reg base = register();
        requireWide(base, "an address");
        Token sign = peek();
        if (!sign.is("+") && !sign.is("-")) {
            throw error(sign, "expected + or - and an offset, found " + sign.describe());
        }
        next();
        Token numberAt = peek();
        BigInteger offset = magnitude();
        if (sign.is("-")) {
            offset = offset.negate();
        }
        if (offset.bitLength() > 15) {
            throw error(numberAt, "offset " + offset + " does not fit in 16 signed bits");
        }
        return new Address(base.register(), offset.intValue());
    }

    /** {@code + 5} or {@code - 5} after an index register: a 32-bit signed offset. */
    int signedMagnitude32() throws AssemblyException {
        Token sign = next();
        if (!sign.is("+") && !sign.is("-")) {
            throw error(sign, "expected + or - or ], found " + sign.describe());
        }
        Token numberAt = peek();
        BigInteger value = magnitude();
        if (sign.is("-")) {
            value = value.negate();
        }
        if (value.bitLength() > 31) {
            throw error(numberAt, "offset " + value + " does not fit in 32 signed bits");
        }
        return value.intValue();
    }

    Reg register() throws AssemblyException {
        Token at = next();
        if (at.kind() != Token.Kind.WORD || !looksLikeRegister(at.text())) {
            throw error(at, "expected a register, found " + at.describe());
        }
        String digits = at.text().substring(1);
        if (digits.length() > 2 || (digits.length() == 2 && !digits.equals("10"))) {
            throw error(at, "unknown register " + at.text());
        }
        return new Reg(Register.of(Integer.parseInt(digits)), at.text().charAt(0) == 'r', at);
    }

    void requireWide(Reg reg, String what) throws AssemblyException {
        if (!reg.wide()) {
            throw error(reg.at(), what + " takes an r register, not " + reg.text());
        }
    }

    void requireSameWidth(Reg dst, Reg src) throws AssemblyException {
        if (dst.wide() != src.wide()) {
            throw error(src.at(), "cannot mix " + dst.text() + " and " + src.text() + ": use both r or both w registers");
        }
    }

    void requireSame(Reg dst, Reg src, String what) throws AssemblyException {
        if (!dst.text().equals(src.text())) {
            throw error(src.at(), what + " must name the same register on both sides (" + dst.text() + ", not "
                    + src.text() + ")");
        }
    }

    /** A 32-bit immediate, signed or unsigned: -2^31 to 2^32-1. */
    int imm32() throws AssemblyException {
        Token at = peek();
        return fit32(at, integer());
    }

    int fit32(Token at, BigInteger value) throws AssemblyException {
        if (value.compareTo(INT_MIN) < 0 || value.compareTo(UINT_MAX) > 0) {
            throw error(at, "immediate " + value + " does not fit in 32 bits");
        }
        return value.intValue();
    }

    /** An integer with an optional sign. */
    BigInteger integer() throws AssemblyException {
        boolean negative = false;
        if (peek().is("-") || peek().is("+")) {
            negative = next().is("-");
        }
        BigInteger value = magnitude();
        return negative ? value.negate() : value;
    }

    BigInteger magnitude() throws AssemblyException {
        Token at = next();
        if (at.kind() != Token.Kind.NUMBER) {
            throw error(at, "expected a number, found " + at.describe());
        }
        String text = at.text();
        if (text.length() > 70) {
            throw error(at, "number of " + text.length() + " digits is too long");
        }
        try {
            if (text.length() > 2 && (text.startsWith("0x") || text.startsWith("0X"))) {
                return new BigInteger(text.substring(2), 16);
            }
            if (text.length() > 2 && (text.startsWith("0b") || text.startsWith("0B"))) {
                return new BigInteger(text.substring(2), 2);
            }
            if (text.length() > 1 && text.startsWith("0")) {
                return new BigInteger(text.substring(1), 8);
            }
            return new BigInteger(text, 10);
        } catch (NumberFormatException e) {
            throw error(at, "malformed number " + text);
        }
    }

    void expect(String symbol) throws AssemblyException {
        Token at = next();
        if (!at.is(symbol)) {
            throw error(at, "expected '" + symbol + "', found " + at.describe());
        }
    }

    void expectWord(String word) throws AssemblyException {
        Token at = next();
        if (at.kind() != Token.Kind.WORD || !at.text().equals(word)) {
            throw error(at, "expected '" + word + "', found " + at.describe());
        }
    }

    void expectEnd() throws AssemblyException {
        Token at = peek();
        if (at.kind() != Token.Kind.END) {
            throw error(at, "unexpected " + at.describe() + " after the instruction");
        }
    }

    Token peek() {
        return peek(0);
    }

    Token peek(int ahead) {
        return peekAt(ahead);
    }

    Token peekAt(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
        Token token = peek();
        if (token.kind() != Token.Kind.END) {
            pos++;
        }
        return token;
    }

    static AssemblyException error(Token at, String problem) {
        return new AssemblyException(at.line(), at.column(), problem);
    }
}
