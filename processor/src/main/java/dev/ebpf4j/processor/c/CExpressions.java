package dev.ebpf4j.processor.c;

import static dev.ebpf4j.processor.c.CCode.*;

import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.IrType;
import dev.ebpf4j.processor.ir.LogicalOp;
import dev.ebpf4j.processor.ir.Prim;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Expressions with Java's semantics in C. Signed overflow is undefined in C, so additions,
 * subtractions, multiplications, negations and left shifts compute in the unsigned type of their
 * width and are cast back where a signed value is needed: {@code (__s32)((__u32)a + b)}. Operands
 * whose low bits are all that matter (of another wrapping operation, an equality, a narrowing) are
 * rendered {@link Mode#BITS bits-only}, which spares the casts in between. Shift distances are
 * masked, {@code >>>} shifts an unsigned value, unsigned comparisons compare unsigned values.
 */
final class CExpressions {
    /** What the parent needs from an operand. */
    enum Mode {
        /** The value in its Java type's signed C type (or a narrower one that promotes to it). */
        SIGNED,
        /** Only the bits of the Java width matter: the unsigned type of that width will do. */
        BITS
    }

    private final CNames names;
    private final Set<String> takesDataEnd;

    CExpressions(CNames names, Set<String> takesDataEnd) {
        this.names = names;
        this.takesDataEnd = takesDataEnd;
    }

    /** {@code expression} as a full expression (an initialiser, a condition, an argument). */
    String render(Expr expression) {
        return code(expression, Mode.SIGNED).text();
    }

    CCode code(Expr expression, Mode mode) {
        return switch (expression) {
            case Expr.Constant c -> constant(c);
            case Expr.Read read -> primary(names.local(read.local()));
            case Expr.Unary unary -> negation(unary, mode);
            case Expr.Binary binary -> binary(binary, mode);
            case Expr.Compare compare -> compare(compare.op(), compare.operandType(), compare.left(), compare.right());
            case Expr.Logical logical -> logical(logical);
            case Expr.Conditional conditional -> conditional(conditional, mode);
            case Expr.Convert convert -> convert(convert, mode);
            case Expr.IsNull isNull -> new CCode(code(isNull.pointer(), Mode.SIGNED).operandOf(EQUALITY, false) + " == NULL",
                    EQUALITY, false);
            case Expr.Call call -> call(call);
            case Expr.IntrinsicCall call -> intrinsic(call.intrinsic(), call.arguments(), mode);
            case Expr.MapCall call -> mapCall(call);
            case Expr.LoadValue load -> CCode.unary("*" + code(load.pointer(), Mode.SIGNED).at(UNARY), false);
            case Expr.LoadField load -> primary(code(load.pointer(), Mode.SIGNED).at(POSTFIX) + "->"
                    + CNames.field(load.field().name()));
            case Expr.ArrayElement element -> primary(CArrays.element(code(element.array(), Mode.SIGNED).text(),
                    (dev.ebpf4j.processor.ir.ArrayType) element.array().type(), element.index(), this));
            case Expr.LoadGlobal load -> primary(load.global().name());
            // clang makes this a lock xadd when the result is unused, an atomic fetch-and-add otherwise
            case Expr.GlobalAdd add -> primary("__sync_fetch_and_add(&" + add.global().name() + ", "
                    + code(add.delta(), Mode.SIGNED).text() + ")");
            case Expr.NewArray array -> throw new IllegalArgumentException("a new " + array.type() + " is only a local's initialiser");
            case Expr.StructValue struct -> throw new IllegalArgumentException(
                    "a " + struct.struct().javaName() + " value is only a map key, value or event here");
        };
    }

    static CCode constant(Expr.Constant constant) {
        long value = constant.value();
        return switch (constant.type()) {
            case BOOLEAN -> primary(value != 0 ? "true" : "false");
            case LONG -> value == Long.MIN_VALUE ? new CCode("-9223372036854775807L - 1", ADDITIVE, false)
                    : value < 0 ? CCode.unary(value + "L", false) : primary(value + "L");
            case VOID -> throw new IllegalArgumentException("a void constant");
            default -> value == Integer.MIN_VALUE ? new CCode("-2147483647 - 1", ADDITIVE, false)
                    : value < 0 ? CCode.unary(Long.toString(value), false) : primary(Long.toString(value));
        };
    }

    private CCode negation(Expr.Unary unary, Mode mode) {
        Expr operand = unary.operand();
        return switch (unary.op()) {
            case NOT -> switch (operand) {
                case Expr.Compare c -> compare(c.op().negate(), c.operandType(), c.left(), c.right());
                case Expr.IsNull n -> new CCode(code(n.pointer(), Mode.SIGNED).operandOf(EQUALITY, false) + " != NULL",
                        EQUALITY, false);
                default -> CCode.unary("!" + code(operand, Mode.SIGNED).at(UNARY), false);
            };
            case BIT_NOT -> {
                CCode inner = code(operand, mode);
                yield CCode.unary("~" + inner.at(UNARY), inner.unsigned());
            }
            case NEG -> signedIfNeeded(CCode.unary(negated(unsignedOperand(operand)), true), prim(unary), mode);
        };
    }

    /** An operand of a non-short-circuit {@code & | ^}: {@code (!a) & b}, since clang reads {@code !a & b} as a slip. */
    private CCode booleanOperand(Expr operand) {
        CCode code = code(operand, Mode.SIGNED);
        return code.text().startsWith("!") ? primary("(" + code.text() + ")") : code;
    }

    /** {@code -x}, with parentheses where x starts with a minus: {@code --x} would be a decrement. */
    private static String negated(CCode operand) {
        String text = operand.at(UNARY);
        return text.startsWith("-") ? "-(" + text + ")" : "-" + text;
    }

    private CCode binary(Expr.Binary binary, Mode mode) {
        Prim type = binary.type();
        if (type == Prim.BOOLEAN) {
            // Java's non-short-circuit & | ^ on booleans. When the right operand calls a function
            // (a call of type bool in C, or a comparison of a call's result), clang takes
            // `f(a) & g(b)` for a mistaken && and warns (-Wbitwise-instead-of-logical); as an int
            // the intent is plain.
            CCode right = booleanOperand(binary.right());
            if (right.precedence() == CCode.POSTFIX && right.text().endsWith(")") && !right.text().startsWith("(")) {
                right = CCode.unary("(int)" + right.text(), false);
            } else if (IrScanner.any(binary.right(), e -> e instanceof Expr.Call || e instanceof Expr.IntrinsicCall
                    || e instanceof Expr.MapCall)) {
                right = CCode.unary("(int)(" + right.text() + ")", false);
            }
            return infix(booleanOperand(binary.left()), symbol(binary.op()), right, precedence(binary.op()), false);
        }
        BinaryOp op = binary.op();
        return switch (op) {
            case ADD, SUB, MUL -> signedIfNeeded(infix(unsignedOperand(binary.left()), symbol(op),
                    code(binary.right(), Mode.BITS), precedence(op), true), type, mode);
            case SHL -> signedIfNeeded(infix(unsignedOperand(binary.left()), "<<", distance(binary.right(), type),
                    SHIFT, true), type, mode);
            case USHR -> signedIfNeeded(infix(unsignedOperand(binary.left()), ">>", distance(binary.right(), type),
                    SHIFT, true), type, mode);
            case SHR -> infix(code(binary.left(), Mode.SIGNED), ">>", distance(binary.right(), type), SHIFT, false);
            case UDIV, UREM -> signedIfNeeded(infix(unsignedOperand(binary.left()), symbol(op),
                    unsignedComparand(binary.right()), MULTIPLICATIVE, true), type, mode);
            case AND, OR, XOR -> {
                CCode left = code(binary.left(), mode);
                CCode right = code(binary.right(), mode);
                yield infix(left, symbol(op), right, precedence(op), left.unsigned() || right.unsigned());
            }
        };
    }

    /** A shift distance masked as Java masks it: constants at once, others with {@code & 31} or {@code & 63}. */
    private CCode distance(Expr distance, Prim type) {
        int mask = type.wide() ? 63 : 31;
        if (distance instanceof Expr.Constant c) return primary(Long.toString(c.value() & mask));
        return infix(code(distance, Mode.SIGNED), "&", primary(Integer.toString(mask)), BIT_AND, false);
    }

    private CCode compare(CompareOp op, Prim operandType, Expr left, Expr right) {
        int precedence = op == CompareOp.EQ || op == CompareOp.NE ? EQUALITY : RELATIONAL;
        return switch (op) {
            // Equality depends on the bits only, so wrapping operands need no cast back.
            case EQ, NE -> {
                Mode mode = operandType == Prim.BOOLEAN ? Mode.SIGNED : Mode.BITS;
                yield infix(code(left, mode), symbol(op), code(right, mode), precedence, false);
            }
            case LT, LE, GT, GE -> infix(code(left, Mode.SIGNED), symbol(op), code(right, Mode.SIGNED), precedence, false);
            case ULT, ULE, UGT, UGE -> infix(unsignedComparand(left), symbol(op), unsignedComparand(right), precedence, false);
        };
    }

    private CCode logical(Expr.Logical logical) {
        boolean and = logical.op() == LogicalOp.AND;
        return infix(code(logical.left(), Mode.SIGNED), and ? "&&" : "||", code(logical.right(), Mode.SIGNED),
                and ? LOGICAL_AND : LOGICAL_OR, false);
    }

    private CCode conditional(Expr.Conditional conditional, Mode mode) {
        CCode whenTrue = code(conditional.whenTrue(), mode);
        CCode whenFalse = code(conditional.whenFalse(), mode);
        String text = code(conditional.condition(), Mode.SIGNED).operandOf(CONDITIONAL, true) + " ? "
                + whenTrue.operandOf(CONDITIONAL, true) + " : " + whenFalse.operandOf(CONDITIONAL, false);
        return new CCode(text, CONDITIONAL, whenTrue.unsigned() || whenFalse.unsigned());
    }

    private CCode convert(Expr.Convert convert, Mode mode) {
        Prim to = convert.to();
        Prim from = prim(convert.operand());
        Expr operand = convert.operand();
        if (to == from) return code(operand, mode);
        if (to == Prim.LONG) {
            // Widening keeps the sign: the operand's value, not its bits.
            CCode value = code(operand, Mode.SIGNED);
            return mode == Mode.BITS ? CCode.unary("(__u64)" + value.at(UNARY), true) : CCode.unary("(__s64)" + value.at(UNARY), false);
        }
        if (to == Prim.INT) {
            if (from != Prim.LONG) return code(operand, Mode.SIGNED); // C promotes as Java does
            CCode bits = code(operand, Mode.BITS);
            return mode == Mode.BITS ? CCode.unary("(__u32)" + bits.at(UNARY), true) : CCode.unary("(__s32)" + bits.at(UNARY), false);
        }
        if (to == Prim.BOOLEAN || to == Prim.VOID || from == Prim.BOOLEAN) {
            throw new IllegalArgumentException("no Java conversion from " + from.javaName() + " to " + to.javaName());
        }
        return CCode.unary("(" + to.cName() + ")" + code(operand, Mode.BITS).at(UNARY), false);
    }

    private CCode call(Expr.Call call) {
        List<String> arguments = new ArrayList<>();
        for (Expr argument : call.arguments()) arguments.add(argument(argument));
        if (takesDataEnd.contains(call.function())) arguments.add(CNames.DATA_END);
        return primary(call.function() + "(" + String.join(", ", arguments) + ")");
    }

    private CCode intrinsic(Intrinsic intrinsic, List<Expr> arguments, Mode mode) {
        boolean bits = mode == Mode.BITS;
        return switch (intrinsic) {
            case NANO_TIME -> bits ? new CCode("bpf_ktime_get_ns()", POSTFIX, true) : CCode.unary("(__s64)bpf_ktime_get_ns()", false);
            case RANDOM -> bits ? new CCode("bpf_get_prandom_u32()", POSTFIX, true) : CCode.unary("(__s32)bpf_get_prandom_u32()", false);
            case CPU -> bits ? new CCode("bpf_get_smp_processor_id()", POSTFIX, true)
                    : CCode.unary("(__s32)bpf_get_smp_processor_id()", false);
            case REVERSE_BYTES_SHORT -> CCode.unary("(__s16)" + builtin("__builtin_bswap16", arguments.getFirst()), false);
            case REVERSE_BYTES_CHAR -> primary(builtin("__builtin_bswap16", arguments.getFirst()));
            case REVERSE_BYTES_INT -> bits ? new CCode(builtin("__builtin_bswap32", arguments.getFirst()), POSTFIX, true)
                    : CCode.unary("(__s32)" + builtin("__builtin_bswap32", arguments.getFirst()), false);
            case REVERSE_BYTES_LONG -> bits ? new CCode(builtin("__builtin_bswap64", arguments.getFirst()), POSTFIX, true)
                    : CCode.unary("(__s64)" + builtin("__builtin_bswap64", arguments.getFirst()), false);
            case INT_TO_UNSIGNED_LONG -> CCode.unary((bits ? "(__u64)" : "(__s64)") + unsignedOperand(arguments.getFirst()).at(UNARY), bits);
            case INT_COMPARE_UNSIGNED -> primary("compare_unsigned32(" + builtinArguments(arguments) + ")");
            case LONG_COMPARE_UNSIGNED -> primary("compare_unsigned64(" + builtinArguments(arguments) + ")");
            default -> {
                List<String> texts = new ArrayList<>();
                for (Expr argument : arguments) texts.add(argument(argument));
                if (needsDataEnd(intrinsic)) texts.add(CNames.DATA_END);
                yield primary(CNames.intrinsicFunction(intrinsic) + "(" + String.join(", ", texts) + ")");
            }
        };
    }

    /** The view navigations that check bounds against the packet's end. */
    static boolean needsDataEnd(Intrinsic intrinsic) {
        return switch (intrinsic) {
            case ETHERNET_IPV4, ETHERNET_IPV6, IPV4_TCP, IPV4_UDP, IPV6_TCP, IPV6_UDP -> true;
            case TCP_MSS, TCP_WINDOW_SCALE, TCP_SACK_PERMITTED, TCP_TIMESTAMP_VALUE, TCP_TIMESTAMP_ECHO -> true;
            default -> false;
        };
    }

    private String builtin(String name, Expr argument) {
        return name + "(" + code(argument, Mode.BITS).at(CONDITIONAL) + ")";
    }

    private String builtinArguments(List<Expr> arguments) {
        List<String> texts = new ArrayList<>();
        for (Expr argument : arguments) texts.add(code(argument, Mode.BITS).at(CONDITIONAL));
        return String.join(", ", texts);
    }

    private CCode mapCall(Expr.MapCall call) {
        List<String> arguments = new ArrayList<>();
        flatten(call.key(), arguments);
        flatten(call.value(), arguments);
        return primary(CNames.mapFunction(call.map(), call.op()) + "(" + String.join(", ", arguments) + ")");
    }

    /** A key, value or event as arguments: a struct's fields one by one, so the callee can zero its padding. */
    private void flatten(Expr expression, List<String> arguments) {
        if (expression == null) return;
        if (expression instanceof Expr.StructValue struct) {
            for (int i = 0; i < struct.fields().size(); i++) {
                // no parameter for a lock: the callee's zeroed struct holds it unlocked
                if (struct.struct().fields().get(i).type() instanceof dev.ebpf4j.processor.ir.SpinLockType) continue;
                arguments.add(argument(struct.fields().get(i)));
            }
        } else {
            arguments.add(argument(expression));
        }
    }

    private String argument(Expr argument) {
        return code(argument, Mode.SIGNED).at(CONDITIONAL);
    }

    /** The operand of a wrapping operation, in the unsigned type of its width. */
    private CCode unsignedOperand(Expr operand) {
        Prim type = prim(operand).promoted();
        if (operand instanceof Expr.Constant c) {
            long value = c.value();
            if (value >= 0) return primary(value + (type.wide() ? "UL" : "U"));
            return CCode.unary("(" + CNames.unsignedType(type) + ")" + constant(c).at(UNARY), true);
        }
        CCode code = code(operand, Mode.BITS);
        return code.unsigned() ? code : CCode.unary("(" + CNames.unsignedType(type) + ")" + code.at(UNARY), true);
    }

    /** An operand of an unsigned comparison or division: non-negative constants convert by themselves. */
    private CCode unsignedComparand(Expr operand) {
        if (operand instanceof Expr.Constant c && c.value() >= 0) return constant(c);
        if (operand instanceof Expr.Constant c) {
            String hex = prim(operand).wide() ? "0x" + Long.toHexString(c.value()) + "UL"
                    : "0x" + Integer.toHexString((int) c.value()) + "U";
            return primary(hex);
        }
        return unsignedOperand(operand);
    }

    /** An unsigned result cast back to the signed type where the parent needs the signed value. */
    private static CCode signedIfNeeded(CCode unsignedCode, Prim type, Mode mode) {
        if (mode == Mode.BITS) return unsignedCode;
        return CCode.unary("(" + CNames.signedType(type) + ")" + unsignedCode.at(UNARY), false);
    }

    private static CCode infix(CCode left, String operator, CCode right, int precedence, boolean unsigned) {
        return new CCode(left.operandOf(precedence, false) + " " + operator + " " + right.operandOf(precedence, true),
                precedence, unsigned);
    }

    private static Prim prim(Expr expression) {
        IrType type = expression.type();
        if (type instanceof Prim prim) return prim;
        throw new IllegalArgumentException("a " + type + " where a primitive value is needed");
    }

    private static String symbol(BinaryOp op) {
        return switch (op) {
            case ADD -> "+";
            case SUB -> "-";
            case MUL -> "*";
            case AND -> "&";
            case OR -> "|";
            case XOR -> "^";
            case SHL -> "<<";
            case SHR, USHR -> ">>";
            case UDIV -> "/";
            case UREM -> "%";
        };
    }

    private static int precedence(BinaryOp op) {
        return switch (op) {
            case ADD, SUB -> ADDITIVE;
            case MUL, UDIV, UREM -> MULTIPLICATIVE;
            case SHL, SHR, USHR -> SHIFT;
            case AND -> BIT_AND;
            case OR -> BIT_OR;
            case XOR -> BIT_XOR;
        };
    }

    private static String symbol(CompareOp op) {
        return switch (op) {
            case EQ -> "==";
            case NE -> "!=";
            case LT, ULT -> "<";
            case LE, ULE -> "<=";
            case GT, UGT -> ">";
            case GE, UGE -> ">=";
        };
    }
}
