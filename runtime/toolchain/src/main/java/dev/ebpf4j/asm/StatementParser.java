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

    private final TokenCursor in;

    private StatementParser(List<Token> tokens) {
        this.in = new TokenCursor(tokens);
    }

    /** Parses {@code tokens}, one statement ending with its {@link Token.Kind#END} token. */
    static Parsed parse(List<Token> tokens) throws AssemblyException {
        StatementParser parser = new StatementParser(tokens);
        Parsed parsed = parser.statement();
        parser.in.expectEnd();
        return parsed;
    }

    private Parsed statement() throws AssemblyException {
        Token first = in.peek();
        if (first.kind() == Token.Kind.WORD) {
            switch (first.text()) {
                case "exit" -> {
                    in.next();
                    return plain(new Instruction.Exit());
                }
                case "goto", "gotol" -> {
                    in.next();
                    return branch(first.text().equals("gotol"));
                }
                case "call" -> {
                    in.next();
                    return call();
                }
                case "callx" -> throw TokenCursor.error(first, "callx (indirect call) is not supported");
                case "lock" -> {
                    in.next();
                    return plain(lock());
                }
                case "if" -> {
                    in.next();
                    return jump();
                }
                case "ld_pseudo" -> {
                    in.next();
                    return plain(ldPseudo());
                }
                default -> {
                    if (TokenCursor.looksLikeRegister(first.text())) {
                        return assignment();
                    }
                    throw TokenCursor.error(first, "unknown instruction '" + first.text() + "'");
                }
            }
        }
        if (first.is("*")) {
            return plain(store());
        }
        throw TokenCursor.error(first, "expected an instruction, found " + first.describe());
    }

    private Parsed branch(boolean longOffset) throws AssemblyException {
        Token at = in.peek();
        if (at.kind() == Token.Kind.WORD) {
            in.next();
            return new Parsed(new Instruction.Goto(longOffset, 0), new Target(at.text(), TargetKind.JUMP, at));
        }
        return plain(new Instruction.Goto(longOffset, jumpOffset(longOffset)));
    }

    private Parsed jump() throws AssemblyException {
        TokenCursor.Reg dst = in.register();
        Token opToken = in.next();
        Map<String, JumpOp> table = COMPARISONS;
        if (opToken.is("s") && in.peek().kind() == Token.Kind.SYMBOL) {
            table = SIGNED_COMPARISONS;
            opToken = in.next();
        }
        JumpOp op = opToken.kind() == Token.Kind.SYMBOL ? table.get(opToken.text()) : null;
        if (op == null) {
            throw TokenCursor.error(opToken, "expected a comparison, found " + opToken.describe());
        }
        Operand src = source(dst);
        in.expectWord("goto");
        Token at = in.peek();
        if (at.kind() == Token.Kind.WORD) {
            in.next();
            return new Parsed(new Instruction.Jump(dst.wide(), op, dst.register(), src, 0),
                    new Target(at.text(), TargetKind.JUMP, at));
        }
        return plain(new Instruction.Jump(dst.wide(), op, dst.register(), src, jumpOffset(false)));
    }

    private int jumpOffset(boolean longOffset) throws AssemblyException {
        Token at = in.peek();
        BigInteger value = in.integer();
        long min = longOffset ? Integer.MIN_VALUE : Short.MIN_VALUE;
        long max = longOffset ? Integer.MAX_VALUE : Short.MAX_VALUE;
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw TokenCursor.error(at, "jump offset " + value + " does not fit in " + (longOffset ? 32 : 16) + " signed bits"
                    + (longOffset ? "" : " (gotol takes 32)"));
        }
        return value.intValue();
    }

    private Parsed call() throws AssemblyException {
        Token at = in.peek();
        if (at.kind() == Token.Kind.WORD) {
            in.next();
            if (at.text().equals("pc") && (in.peek().is("+") || in.peek().is("-"))) {
                return plain(new Instruction.Call(CallKind.FUNCTION, in.imm32(), 0));
            }
            if (at.text().equals("kfunc") && (in.peek().kind() == Token.Kind.NUMBER || in.peek().is("-") || in.peek().is("+"))) {
                int id = in.imm32();
                int module = 0;
                if (in.peek().is(",")) {
                    in.next();
                    Token moduleAt = in.peek();
                    BigInteger value = in.integer();
                    if (value.bitLength() > 15) {
                        throw TokenCursor.error(moduleAt, "kfunc module offset " + value + " does not fit in 16 signed bits");
                    }
                    module = value.intValue();
                }
                return plain(new Instruction.Call(CallKind.KFUNC, id, module));
            }
            return new Parsed(new Instruction.Call(CallKind.FUNCTION, -1, 0), new Target(at.text(), TargetKind.CALL, at));
        }
        return plain(Instruction.Call.helper(in.imm32()));
    }

    private Instruction lock() throws AssemblyException {
        Token sizeAt = in.peek(2);
        Size size = in.pointerSize(false);
        requireAtomicSize(sizeAt, size);
        in.expect("(");
        TokenCursor.Address address = in.addressInParentheses();
        Token opToken = in.next();
        AtomicOp op = opToken.kind() == Token.Kind.SYMBOL ? LOCK_OPS.get(opToken.text()) : null;
        if (op == null) {
            throw TokenCursor.error(opToken, "expected +=, |=, &= or ^=, found " + opToken.describe());
        }
        TokenCursor.Reg src = in.register();
        if (size == Size.DW && !src.wide()) {
            throw TokenCursor.error(src.at(), "a 64-bit atomic operation takes an r register, not " + src.text());
        }
        return new Instruction.Atomic(size, op, false, address.base(), src.register(), address.offset());
    }

    private Instruction ldPseudo() throws AssemblyException {
        TokenCursor.Reg dst = in.register();
        in.requireWide(dst, "ld_pseudo");
        in.expect(",");
        Token sourceAt = in.peek();
        BigInteger code = in.integer();
        if (code.signum() < 0 || code.compareTo(BigInteger.valueOf(6)) > 0) {
            throw TokenCursor.error(sourceAt, "no ld_imm64 pseudo source " + code + " (0 to 6)");
        }
        in.expect(",");
        long low = in.imm32() & 0xffffffffL;
        long high = 0;
        if (in.peek().is(",")) {
            in.next();
            high = in.imm32() & 0xffffffffL;
        }
        return new Instruction.LoadImm64(dst.register(), PseudoSource.of(code.intValue()), high << 32 | low);
    }

    private Instruction store() throws AssemblyException {
        Size size = in.pointerSize(false);
        in.expect("(");
        TokenCursor.Address address = in.addressInParentheses();
        in.expect("=");
        if (in.peek().kind() == Token.Kind.WORD) {
            TokenCursor.Reg src = in.register();
            if (size == Size.DW && !src.wide()) {
                throw TokenCursor.error(src.at(), "a 64-bit store takes an r register, not " + src.text());
            }
            return new Instruction.Store(size, address.base(), src.register(), address.offset());
        }
        return new Instruction.StoreImm(size, address.base(), address.offset(), in.imm32());
    }

    private Parsed assignment() throws AssemblyException {
        TokenCursor.Reg dst = in.register();
        Token opToken = in.next();
        if (opToken.is("s") && in.peek().kind() == Token.Kind.SYMBOL && SIGNED_COMPOUND.containsKey(in.peek().text())) {
            return plain(new Instruction.Alu(dst.wide(), SIGNED_COMPOUND.get(in.next().text()), dst.register(), source(dst)));
        }
        if (opToken.kind() == Token.Kind.SYMBOL && COMPOUND.containsKey(opToken.text())) {
            return plain(new Instruction.Alu(dst.wide(), COMPOUND.get(opToken.text()), dst.register(), source(dst)));
        }
        if (!opToken.is("=")) {
            throw TokenCursor.error(opToken, "expected an assignment operator, found " + opToken.describe());
        }
        Token rhs = in.peek();
        if (rhs.is("-") && in.peekAt(1).kind() == Token.Kind.WORD) {
            in.next();
            TokenCursor.Reg src = in.register();
            in.requireSame(dst, src, "negation");
            return plain(new Instruction.Alu(dst.wide(), AluOp.NEG, dst.register(), Operand.of(0)));
        }
        if (rhs.is("(")) {
            return plain(signExtendingMove(dst));
        }
        if (rhs.is("*")) {
            return plain(load(dst));
        }
        if (rhs.kind() == Token.Kind.WORD) {
            if (TokenCursor.looksLikeRegister(rhs.text())) {
                TokenCursor.Reg src = in.register();
                if (dst.wide() && !src.wide()) {
                    // clang -S prints its zero-extending move (LLVM's MOV_32_64) so; it is the ALU32 move.
                    return plain(new Instruction.Alu(false, AluOp.MOV, dst.register(), Operand.of(src.register())));
                }
                in.requireSameWidth(dst, src);
                return plain(new Instruction.Alu(dst.wide(), AluOp.MOV, dst.register(), Operand.of(src.register())));
            }
            in.next();
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
                    in.expectWord("ll");
                    in.requireWide(dst, "a 64-bit immediate load");
                    yield new Parsed(new Instruction.LoadImm64(dst.register(), PseudoSource.IMM, 0),
                            new Target(rhs.text(), TargetKind.LOAD, rhs));
                }
            };
        }
        Token valueAt = in.peek();
        BigInteger value = in.integer();
        if (in.peek().is("ll")) {
            in.next();
            in.requireWide(dst, "a 64-bit immediate load");
            if (value.compareTo(LONG_MIN) < 0 || value.compareTo(ULONG_MAX) > 0) {
                throw TokenCursor.error(valueAt, "immediate " + value + " does not fit in 64 bits");
            }
            return plain(new Instruction.LoadImm64(dst.register(), PseudoSource.IMM, value.longValue()));
        }
        return plain(new Instruction.Alu(dst.wide(), AluOp.MOV, dst.register(), Operand.of(in.fit32(valueAt, value))));
    }

    private Instruction signExtendingMove(TokenCursor.Reg dst) throws AssemblyException {
        in.expect("(");
        Token type = in.next();
        AluOp op = switch (type.text()) {
            case "s8" -> AluOp.MOVSX8;
            case "s16" -> AluOp.MOVSX16;
            case "s32" -> AluOp.MOVSX32;
            default -> throw TokenCursor.error(type, "expected s8, s16 or s32, found " + type.describe());
        };
        in.expect(")");
        TokenCursor.Reg src = in.register();
        in.requireSameWidth(dst, src);
        if (op == AluOp.MOVSX32 && !dst.wide()) {
            throw TokenCursor.error(type, "a 32-bit sign-extending move exists only for r registers");
        }
        return new Instruction.Alu(dst.wide(), op, dst.register(), Operand.of(src.register()));
    }

    private Instruction load(TokenCursor.Reg dst) throws AssemblyException {
        Token sizeAt = in.peek(2);
        boolean signed = sizeAt.text().startsWith("s");
        Size size = in.pointerSize(true);
        if (in.peek().is("skb")) {
            in.next();
            return packetLoad(dst, sizeAt, signed, size);
        }
        in.expect("(");
        TokenCursor.Address address = in.addressInParentheses();
        if (signed && size == Size.DW) {
            throw TokenCursor.error(sizeAt, "a sign-extending load of 64 bits does not exist");
        }
        if ((signed || size == Size.DW) && !dst.wide()) {
            throw TokenCursor.error(dst.at(), "this load writes all 64 bits: name r" + dst.register().number() + ", not " + dst.text());
        }
        return new Instruction.Load(size, signed, dst.register(), address.base(), address.offset());
    }

    private Instruction packetLoad(TokenCursor.Reg dst, Token sizeAt, boolean signed, Size size) throws AssemblyException {
        if (dst.register() != Register.R0 || !dst.wide()) {
            throw TokenCursor.error(dst.at(), "a legacy packet load writes r0, not " + dst.text());
        }
        if (signed || size == Size.DW) {
            throw TokenCursor.error(sizeAt, "legacy packet loads are u8, u16 or u32");
        }
        in.expect("[");
        Register index = null;
        int imm;
        if (in.peek().kind() == Token.Kind.WORD) {
            TokenCursor.Reg reg = in.register();
            in.requireWide(reg, "a packet index");
            index = reg.register();
            imm = in.peek().is("]") ? 0 : in.signedMagnitude32();
        } else {
            imm = in.imm32();
        }
        in.expect("]");
        return new Instruction.PacketLoad(size, index, imm);
    }

    private Instruction byteSwap(TokenCursor.Reg dst, Instruction.SwapKind kind, Token name) throws AssemblyException {
        in.requireWide(dst, name.text());
        TokenCursor.Reg src = in.register();
        in.requireSame(dst, src, name.text());
        int width = Integer.parseInt(name.text().substring(name.text().length() - 2));
        return new Instruction.ByteSwap(kind, width, dst.register());
    }

    private Instruction fetch(TokenCursor.Reg result, AtomicOp op) throws AssemblyException {
        in.expect("(");
        Token sizeAt = in.peek(1);
        Size size = in.castSize(false);
        requireAtomicSize(sizeAt, size);
        in.expect("(");
        TokenCursor.Address address = in.addressInParentheses();
        in.expect(",");
        TokenCursor.Reg src = atomicOperand(size);
        in.expect(")");
        in.requireSame(result, src, "atomic_fetch_" + op.name().toLowerCase());
        return new Instruction.Atomic(size, op, true, address.base(), src.register(), address.offset());
    }

    private Instruction exchange(TokenCursor.Reg result, Token name) throws AssemblyException {
        Size size = name.text().equals("xchg_64") ? Size.DW : Size.W;
        in.expect("(");
        TokenCursor.Address address = in.address();
        in.expect(",");
        TokenCursor.Reg src = atomicOperand(size);
        in.expect(")");
        in.requireSame(result, src, name.text());
        return new Instruction.Atomic(size, AtomicOp.XCHG, true, address.base(), src.register(), address.offset());
    }

    private Instruction compareExchange(TokenCursor.Reg result, Token name) throws AssemblyException {
        Size size = name.text().equals("cmpxchg_64") ? Size.DW : Size.W;
        in.expect("(");
        TokenCursor.Address address = in.address();
        in.expect(",");
        TokenCursor.Reg expected = atomicOperand(size);
        in.expect(",");
        TokenCursor.Reg src = atomicOperand(size);
        in.expect(")");
        for (TokenCursor.Reg r0 : List.of(result, expected)) {
            if (r0.register() != Register.R0 || r0.wide() != (size == Size.DW)) {
                throw TokenCursor.error(r0.at(), name.text() + " compares and returns in " + (size == Size.DW ? "r0" : "w0")
                        + ", not " + r0.text());
            }
        }
        return new Instruction.Atomic(size, AtomicOp.CMPXCHG, true, address.base(), src.register(), address.offset());
    }

    private TokenCursor.Reg atomicOperand(Size size) throws AssemblyException {
        TokenCursor.Reg reg = in.register();
        if (reg.wide() != (size == Size.DW)) {
            throw TokenCursor.error(reg.at(), "a " + Disassembler.bits(size) + "-bit atomic operation takes a"
                    + (size == Size.DW ? "n r" : " w") + " register, not " + reg.text());
        }
        return reg;
    }

    private void requireAtomicSize(Token at, Size size) throws AssemblyException {
        if (size != Size.W && size != Size.DW) {
            throw TokenCursor.error(at, "atomic operations are u32 or u64, not " + at.text());
        }
    }

    private Operand source(TokenCursor.Reg dst) throws AssemblyException {
        if (in.peek().kind() == Token.Kind.WORD) {
            TokenCursor.Reg src = in.register();
            in.requireSameWidth(dst, src);
            return Operand.of(src.register());
        }
        return Operand.of(in.imm32());
    }

    private static Parsed plain(Instruction instruction) {
        return new Parsed(instruction, null);
    }

}
