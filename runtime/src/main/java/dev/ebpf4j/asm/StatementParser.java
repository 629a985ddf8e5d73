package dev.ebpf4j.asm;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Parses one instruction statement of LLVM's BPF syntax. Operand widths follow llvm-mc: ALU and
 * JMP32 operands are {@code w} registers, ALU64 and JMP ones {@code r} registers; loads and stores
 * narrower than 64 bits take either; base registers of addresses are always {@code r}.
 * Immediates are range-checked (llvm-mc silently truncates them).
 */
final class StatementParser {

    /** How an instruction refers to a label whose slot is not known yet. */
    enum TargetKind { JUMP, CALL, LOAD }

    /** A label or symbol an instruction names, resolved by {@link Assembler} once all labels are known. */
    record Target(String name, TargetKind kind, Token at) {}

    /** The instruction, with offset or immediate 0 where {@code target} is to be filled in. */
    record Parsed(Instruction instruction, Target target) {}

    private record Reg(Register register, boolean wide, Token at) {
        String text() {
            return at.text();
        }
    }

    private record Address(Register base, int offset) {}

    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger UINT_MAX = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger ULONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private static final Map<String, AluOp> COMPOUND = Map.ofEntries(
            Map.entry("+=", AluOp.ADD), Map.entry("-=", AluOp.SUB), Map.entry("*=", AluOp.MUL),
            Map.entry("/=", AluOp.DIV), Map.entry("|=", AluOp.OR), Map.entry("&=", AluOp.AND),
            Map.entry("<<=", AluOp.LSH), Map.entry(">>=", AluOp.RSH), Map.entry("%=", AluOp.MOD),
            Map.entry("^=", AluOp.XOR));
    private static final Map<String, AluOp> SIGNED_COMPOUND = Map.of(
            "/=", AluOp.SDIV, "%=", AluOp.SMOD, ">>=", AluOp.ARSH);
    private static final Map<String, JumpOp> COMPARISONS = Map.of(
            "==", JumpOp.JEQ, ">", JumpOp.JGT, ">=", JumpOp.JGE, "&", JumpOp.JSET, "!=", JumpOp.JNE,
            "<", JumpOp.JLT, "<=", JumpOp.JLE);
    private static final Map<String, JumpOp> SIGNED_COMPARISONS = Map.of(
            ">", JumpOp.JSGT, ">=", JumpOp.JSGE, "<", JumpOp.JSLT, "<=", JumpOp.JSLE);
    private static final Map<String, AtomicOp> LOCK_OPS = Map.of(
            "+=", AtomicOp.ADD, "|=", AtomicOp.OR, "&=", AtomicOp.AND, "^=", AtomicOp.XOR);

    private final List<Token> tokens;
    private int pos;

    private StatementParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses {@code tokens}, one statement ending with its {@link Token.Kind#END} token. */
    static Parsed parse(List<Token> tokens) throws AssemblyException {
        StatementParser parser = new StatementParser(tokens);
        Parsed parsed = parser.statement();
        parser.expectEnd();
        return parsed;
    }

    /** True if {@code text} is spelled like a register ({@code r} or {@code w} and digits), valid or not. */
    static boolean looksLikeRegister(String text) {
        return text.length() >= 2 && (text.charAt(0) == 'r' || text.charAt(0) == 'w')
                && text.chars().skip(1).allMatch(c -> c >= '0' && c <= '9');
    }

    private Parsed statement() throws AssemblyException {
        Token first = peek();
        if (first.kind() == Token.Kind.WORD) {
            switch (first.text()) {
                case "exit" -> {
                    next();
                    return plain(new Instruction.Exit());
                }
                case "goto", "gotol" -> {
                    next();
                    return branch(first.text().equals("gotol"));
                }
                case "call" -> {
                    next();
                    return call();
                }
                case "callx" -> throw error(first, "callx (indirect call) is not supported");
                case "lock" -> {
                    next();
                    return plain(lock());
                }
                case "if" -> {
                    next();
                    return jump();
                }
                case "ld_pseudo" -> {
                    next();
                    return plain(ldPseudo());
                }
                default -> {
                    if (looksLikeRegister(first.text())) {
                        return assignment();
                    }
                    throw error(first, "unknown instruction '" + first.text() + "'");
                }
            }
        }
        if (first.is("*")) {
            return plain(store());
        }
        throw error(first, "expected an instruction, found " + first.describe());
    }

    private Parsed branch(boolean longOffset) throws AssemblyException {
        Token at = peek();
        if (at.kind() == Token.Kind.WORD) {
            next();
            return new Parsed(new Instruction.Goto(longOffset, 0), new Target(at.text(), TargetKind.JUMP, at));
        }
        return plain(new Instruction.Goto(longOffset, jumpOffset(longOffset)));
    }

    private Parsed jump() throws AssemblyException {
        Reg dst = register();
        Token opToken = next();
        Map<String, JumpOp> table = COMPARISONS;
        if (opToken.is("s") && peek().kind() == Token.Kind.SYMBOL) {
            table = SIGNED_COMPARISONS;
            opToken = next();
        }
        JumpOp op = opToken.kind() == Token.Kind.SYMBOL ? table.get(opToken.text()) : null;
        if (op == null) {
            throw error(opToken, "expected a comparison, found " + opToken.describe());
        }
        Operand src = source(dst);
        expectWord("goto");
        Token at = peek();
        if (at.kind() == Token.Kind.WORD) {
            next();
            return new Parsed(new Instruction.Jump(dst.wide(), op, dst.register(), src, 0),
                    new Target(at.text(), TargetKind.JUMP, at));
        }
        return plain(new Instruction.Jump(dst.wide(), op, dst.register(), src, jumpOffset(false)));
    }

    private int jumpOffset(boolean longOffset) throws AssemblyException {
        Token at = peek();
        BigInteger value = integer();
        long min = longOffset ? Integer.MIN_VALUE : Short.MIN_VALUE;
        long max = longOffset ? Integer.MAX_VALUE : Short.MAX_VALUE;
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw error(at, "jump offset " + value + " does not fit in " + (longOffset ? 32 : 16) + " signed bits"
                    + (longOffset ? "" : " (gotol takes 32)"));
        }
        return value.intValue();
    }

    private Parsed call() throws AssemblyException {
        Token at = peek();
        if (at.kind() == Token.Kind.WORD) {
            next();
            if (at.text().equals("pc") && (peek().is("+") || peek().is("-"))) {
                return plain(new Instruction.Call(CallKind.FUNCTION, imm32(), 0));
            }
            if (at.text().equals("kfunc") && (peek().kind() == Token.Kind.NUMBER || peek().is("-") || peek().is("+"))) {
                int id = imm32();
                int module = 0;
                if (peek().is(",")) {
                    next();
                    Token moduleAt = peek();
                    BigInteger value = integer();
                    if (value.bitLength() > 15) {
                        throw error(moduleAt, "kfunc module offset " + value + " does not fit in 16 signed bits");
                    }
                    module = value.intValue();
                }
                return plain(new Instruction.Call(CallKind.KFUNC, id, module));
            }
            return new Parsed(new Instruction.Call(CallKind.FUNCTION, -1, 0), new Target(at.text(), TargetKind.CALL, at));
        }
        return plain(Instruction.Call.helper(imm32()));
    }

    private Instruction lock() throws AssemblyException {
        Token sizeAt = peek(2);
        Size size = pointerSize(false);
        requireAtomicSize(sizeAt, size);
        expect("(");
        Address address = addressInParentheses();
        Token opToken = next();
        AtomicOp op = opToken.kind() == Token.Kind.SYMBOL ? LOCK_OPS.get(opToken.text()) : null;
        if (op == null) {
            throw error(opToken, "expected +=, |=, &= or ^=, found " + opToken.describe());
        }
        Reg src = register();
        if (size == Size.DW && !src.wide()) {
            throw error(src.at(), "a 64-bit atomic operation takes an r register, not " + src.text());
        }
        return new Instruction.Atomic(size, op, false, address.base(), src.register(), address.offset());
    }

    private Instruction ldPseudo() throws AssemblyException {
        Reg dst = register();
        requireWide(dst, "ld_pseudo");
        expect(",");
        Token sourceAt = peek();
        BigInteger code = integer();
        if (code.signum() < 0 || code.compareTo(BigInteger.valueOf(6)) > 0) {
            throw error(sourceAt, "no ld_imm64 pseudo source " + code + " (0 to 6)");
        }
        expect(",");
        long low = imm32() & 0xffffffffL;
        long high = 0;
        if (peek().is(",")) {
            next();
            high = imm32() & 0xffffffffL;
        }
        return new Instruction.LoadImm64(dst.register(), PseudoSource.of(code.intValue()), high << 32 | low);
    }

    private Instruction store() throws AssemblyException {
        Size size = pointerSize(false);
        expect("(");
        Address address = addressInParentheses();
        expect("=");
        if (peek().kind() == Token.Kind.WORD) {
            Reg src = register();
            if (size == Size.DW && !src.wide()) {
                throw error(src.at(), "a 64-bit store takes an r register, not " + src.text());
            }
            return new Instruction.Store(size, address.base(), src.register(), address.offset());
        }
        return new Instruction.StoreImm(size, address.base(), address.offset(), imm32());
    }

    private Parsed assignment() throws AssemblyException {
        Reg dst = register();
        Token opToken = next();
        if (opToken.is("s") && peek().kind() == Token.Kind.SYMBOL && SIGNED_COMPOUND.containsKey(peek().text())) {
            return plain(new Instruction.Alu(dst.wide(), SIGNED_COMPOUND.get(next().text()), dst.register(), source(dst)));
        }
        if (opToken.kind() == Token.Kind.SYMBOL && COMPOUND.containsKey(opToken.text())) {
            return plain(new Instruction.Alu(dst.wide(), COMPOUND.get(opToken.text()), dst.register(), source(dst)));
        }
        if (!opToken.is("=")) {
            throw error(opToken, "expected an assignment operator, found " + opToken.describe());
        }
        Token rhs = peek();
        if (rhs.is("-") && peekAt(1).kind() == Token.Kind.WORD) {
            next();
            Reg src = register();
            requireSame(dst, src, "negation");
            return plain(new Instruction.Alu(dst.wide(), AluOp.NEG, dst.register(), Operand.of(0)));
        }
        if (rhs.is("(")) {
            return plain(signExtendingMove(dst));
        }
        if (rhs.is("*")) {
            return plain(load(dst));
        }
        if (rhs.kind() == Token.Kind.WORD) {
            if (looksLikeRegister(rhs.text())) {
                Reg src = register();
                if (dst.wide() && !src.wide()) {
                    // clang -S prints its zero-extending move (LLVM's MOV_32_64) so; it is the ALU32 move.
                    return plain(new Instruction.Alu(false, AluOp.MOV, dst.register(), Operand.of(src.register())));
                }
                requireSameWidth(dst, src);
                return plain(new Instruction.Alu(dst.wide(), AluOp.MOV, dst.register(), Operand.of(src.register())));
            }
            next();
            return switch (rhs.text()) {
                case "be16", "be32", "be64" -> plain(byteSwap(dst, Instruction.SwapKind.TO_BE, rhs));
                case "le16", "le32", "le64" -> plain(byteSwap(dst, Instruction.SwapKind.TO_LE, rhs));
                case "bswap16", "bswap32", "bswap64" -> plain(byteSwap(dst, Instruction.SwapKind.SWAP, rhs));
                case "atomic_fetch_add" -> plain(fetch(dst, AtomicOp.ADD));
                case "atomic_fetch_or" -> plain(fetch(dst, AtomicOp.OR));
                case "atomic_fetch_and" -> plain(fetch(dst, AtomicOp.AND));
                case "atomic_fetch_xor" -> plain(fetch(dst, AtomicOp.XOR));
                case "xchg_64", "xchg32_32" -> plain(exchange(dst, rhs));
                case "cmpxchg_64", "cmpxchg32_32" -> plain(compareExchange(dst, rhs));
                default -> {
                    expectWord("ll");
                    requireWide(dst, "a 64-bit immediate load");
                    yield new Parsed(new Instruction.LoadImm64(dst.register(), PseudoSource.IMM, 0),
                            new Target(rhs.text(), TargetKind.LOAD, rhs));
                }
            };
        }
        Token valueAt = peek();
        BigInteger value = integer();
        if (peek().is("ll")) {
            next();
            requireWide(dst, "a 64-bit immediate load");
            if (value.compareTo(LONG_MIN) < 0 || value.compareTo(ULONG_MAX) > 0) {
                throw error(valueAt, "immediate " + value + " does not fit in 64 bits");
            }
            return plain(new Instruction.LoadImm64(dst.register(), PseudoSource.IMM, value.longValue()));
        }
        return plain(new Instruction.Alu(dst.wide(), AluOp.MOV, dst.register(), Operand.of(fit32(valueAt, value))));
    }

    private Instruction signExtendingMove(Reg dst) throws AssemblyException {
        expect("(");
        Token type = next();
        AluOp op = switch (type.text()) {
            case "s8" -> AluOp.MOVSX8;
            case "s16" -> AluOp.MOVSX16;
            case "s32" -> AluOp.MOVSX32;
            default -> throw error(type, "expected s8, s16 or s32, found " + type.describe());
        };
        expect(")");
        Reg src = register();
        requireSameWidth(dst, src);
        if (op == AluOp.MOVSX32 && !dst.wide()) {
            throw error(type, "a 32-bit sign-extending move exists only for r registers");
        }
        return new Instruction.Alu(dst.wide(), op, dst.register(), Operand.of(src.register()));
    }

    private Instruction load(Reg dst) throws AssemblyException {
        Token sizeAt = peek(2);
        boolean signed = sizeAt.text().startsWith("s");
        Size size = pointerSize(true);
        if (peek().is("skb")) {
            next();
            return packetLoad(dst, sizeAt, signed, size);
        }
        expect("(");
        Address address = addressInParentheses();
        if (signed && size == Size.DW) {
            throw error(sizeAt, "a sign-extending load of 64 bits does not exist");
        }
        if ((signed || size == Size.DW) && !dst.wide()) {
            throw error(dst.at(), "this load writes all 64 bits: name r" + dst.register().number() + ", not " + dst.text());
        }
        return new Instruction.Load(size, signed, dst.register(), address.base(), address.offset());
    }

    private Instruction packetLoad(Reg dst, Token sizeAt, boolean signed, Size size) throws AssemblyException {
        if (dst.register() != Register.R0 || !dst.wide()) {
            throw error(dst.at(), "a legacy packet load writes r0, not " + dst.text());
        }
        if (signed || size == Size.DW) {
            throw error(sizeAt, "legacy packet loads are u8, u16 or u32");
        }
        expect("[");
        Register index = null;
        int imm;
        if (peek().kind() == Token.Kind.WORD) {
            Reg reg = register();
            requireWide(reg, "a packet index");
            index = reg.register();
            imm = peek().is("]") ? 0 : signedMagnitude32();
        } else {
            imm = imm32();
        }
        expect("]");
        return new Instruction.PacketLoad(size, index, imm);
    }

    private Instruction byteSwap(Reg dst, Instruction.SwapKind kind, Token name) throws AssemblyException {
        requireWide(dst, name.text());
        Reg src = register();
        requireSame(dst, src, name.text());
        int width = Integer.parseInt(name.text().substring(name.text().length() - 2));
        return new Instruction.ByteSwap(kind, width, dst.register());
    }

    private Instruction fetch(Reg result, AtomicOp op) throws AssemblyException {
        expect("(");
        Token sizeAt = peek(1);
        Size size = castSize(false);
        requireAtomicSize(sizeAt, size);
        expect("(");
        Address address = addressInParentheses();
        expect(",");
        Reg src = atomicOperand(size);
        expect(")");
        requireSame(result, src, "atomic_fetch_" + op.name().toLowerCase());
        return new Instruction.Atomic(size, op, true, address.base(), src.register(), address.offset());
    }

    private Instruction exchange(Reg result, Token name) throws AssemblyException {
        Size size = name.text().equals("xchg_64") ? Size.DW : Size.W;
        expect("(");
        Address address = address();
        expect(",");
        Reg src = atomicOperand(size);
        expect(")");
        requireSame(result, src, name.text());
        return new Instruction.Atomic(size, AtomicOp.XCHG, true, address.base(), src.register(), address.offset());
    }

    private Instruction compareExchange(Reg result, Token name) throws AssemblyException {
        Size size = name.text().equals("cmpxchg_64") ? Size.DW : Size.W;
        expect("(");
        Address address = address();
        expect(",");
        Reg expected = atomicOperand(size);
        expect(",");
        Reg src = atomicOperand(size);
        expect(")");
        for (Reg r0 : List.of(result, expected)) {
            if (r0.register() != Register.R0 || r0.wide() != (size == Size.DW)) {
                throw error(r0.at(), name.text() + " compares and returns in " + (size == Size.DW ? "r0" : "w0")
                        + ", not " + r0.text());
            }
        }
        return new Instruction.Atomic(size, AtomicOp.CMPXCHG, true, address.base(), src.register(), address.offset());
    }

    private Reg atomicOperand(Size size) throws AssemblyException {
        Reg reg = register();
        if (reg.wide() != (size == Size.DW)) {
            throw error(reg.at(), "a " + Disassembler.bits(size) + "-bit atomic operation takes a"
                    + (size == Size.DW ? "n r" : " w") + " register, not " + reg.text());
        }
        return reg;
    }

    /** {@code *(u32 *)}, and with {@code signed} also {@code *(s8 *)}: the access size. */
    private Size pointerSize(boolean signedAllowed) throws AssemblyException {
        expect("*");
        return castSize(signedAllowed);
    }

    /** {@code (u32 *)}: the access size named by a pointer cast. */
    private Size castSize(boolean signedAllowed) throws AssemblyException {
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

    private void requireAtomicSize(Token at, Size size) throws AssemblyException {
        if (size != Size.W && size != Size.DW) {
            throw error(at, "atomic operations are u32 or u64, not " + at.text());
        }
    }

    private Address addressInParentheses() throws AssemblyException {
        Address address = address();
        expect(")");
        return address;
    }

    /** {@code r1 + 8} or {@code r10 - 4}: a base register, an explicit sign and a 16-bit offset. */
    private Address address() throws AssemblyException {
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
    private int signedMagnitude32() throws AssemblyException {
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

    private Operand source(Reg dst) throws AssemblyException {
        if (peek().kind() == Token.Kind.WORD) {
            Reg src = register();
            requireSameWidth(dst, src);
            return Operand.of(src.register());
        }
        return Operand.of(imm32());
    }

    private Reg register() throws AssemblyException {
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

    private void requireWide(Reg reg, String what) throws AssemblyException {
        if (!reg.wide()) {
            throw error(reg.at(), what + " takes an r register, not " + reg.text());
        }
    }

    private void requireSameWidth(Reg dst, Reg src) throws AssemblyException {
        if (dst.wide() != src.wide()) {
            throw error(src.at(), "cannot mix " + dst.text() + " and " + src.text() + ": use both r or both w registers");
        }
    }

    private void requireSame(Reg dst, Reg src, String what) throws AssemblyException {
        if (!dst.text().equals(src.text())) {
            throw error(src.at(), what + " must name the same register on both sides (" + dst.text() + ", not "
                    + src.text() + ")");
        }
    }

    /** A 32-bit immediate, signed or unsigned: -2^31 to 2^32-1. */
    private int imm32() throws AssemblyException {
        Token at = peek();
        return fit32(at, integer());
    }

    private int fit32(Token at, BigInteger value) throws AssemblyException {
        if (value.compareTo(INT_MIN) < 0 || value.compareTo(UINT_MAX) > 0) {
            throw error(at, "immediate " + value + " does not fit in 32 bits");
        }
        return value.intValue();
    }

    /** An integer with an optional sign. */
    private BigInteger integer() throws AssemblyException {
        boolean negative = false;
        if (peek().is("-") || peek().is("+")) {
            negative = next().is("-");
        }
        BigInteger value = magnitude();
        return negative ? value.negate() : value;
    }

    private BigInteger magnitude() throws AssemblyException {
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

    private void expect(String symbol) throws AssemblyException {
        Token at = next();
        if (!at.is(symbol)) {
            throw error(at, "expected '" + symbol + "', found " + at.describe());
        }
    }

    private void expectWord(String word) throws AssemblyException {
        Token at = next();
        if (at.kind() != Token.Kind.WORD || !at.text().equals(word)) {
            throw error(at, "expected '" + word + "', found " + at.describe());
        }
    }

    private void expectEnd() throws AssemblyException {
        Token at = peek();
        if (at.kind() != Token.Kind.END) {
            throw error(at, "unexpected " + at.describe() + " after the instruction");
        }
    }

    private Token peek() {
        return peek(0);
    }

    private Token peek(int ahead) {
        return peekAt(ahead);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token token = peek();
        if (token.kind() != Token.Kind.END) {
            pos++;
        }
        return token;
    }

    private static Parsed plain(Instruction instruction) {
        return new Parsed(instruction, null);
    }

    static AssemblyException error(Token at, String problem) {
        return new AssemblyException(at.line(), at.column(), problem);
    }
}
