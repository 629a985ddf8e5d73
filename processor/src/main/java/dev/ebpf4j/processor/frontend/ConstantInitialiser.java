package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import dev.ebpf4j.processor.ir.Prim;
import java.util.function.Function;
import javax.lang.model.element.Element;
import javax.lang.model.element.VariableElement;

/**
 * The value of a global's initialiser, which must be a constant expression: javac gives the
 * values of {@code static final} constants only, and a {@code @Config} or {@code @Shared} field is
 * not one, so the initialiser is evaluated here with Java's arithmetic (int or long, wrapping):
 * literals, named constants, casts, and the unary and binary integer operators.
 */
final class ConstantInitialiser {
    private final Function<ExpressionTree, Element> elements;

    ConstantInitialiser(Function<ExpressionTree, Element> elements) {
        this.elements = elements;
    }

    /** A constant value and whether Java computes it as a long. */
    private record Value(long value, boolean wide) {}

    /** The value of {@code tree} converted to {@code type}, or null if it is no constant expression. */
    Long of(ExpressionTree tree, Prim type) {
        Value v = value(tree);
        return v == null ? null : type.normalize(v.value());
    }

    private Value value(ExpressionTree tree) {
        return switch (tree) {
            case ParenthesizedTree p -> value(p.getExpression());
            case LiteralTree literal -> switch (literal.getValue()) {
                case Integer i -> new Value(i, false);
                case Long l -> new Value(l, true);
                case Character c -> new Value(c, false);
                case Boolean b -> new Value(b ? 1 : 0, false);
                case null, default -> null;
            };
            case IdentifierTree id -> named(elements.apply(id));
            case MemberSelectTree select -> named(elements.apply(select));
            case TypeCastTree cast -> {
                Value v = value(cast.getExpression());
                Prim to = JavaTypes.primitive(cast.getType() instanceof com.sun.source.tree.PrimitiveTypeTree p
                        ? p.getPrimitiveTypeKind() : javax.lang.model.type.TypeKind.ERROR);
                yield v == null || to == null ? null : new Value(to.normalize(v.value()), to == Prim.LONG);
            }
            case UnaryTree unary -> {
                Value v = value(unary.getExpression());
                if (v == null) yield null;
                yield switch (unary.getKind()) {
                    case UNARY_MINUS -> narrow(-v.value(), v.wide());
                    case UNARY_PLUS -> v;
                    case BITWISE_COMPLEMENT -> narrow(~v.value(), v.wide());
                    case LOGICAL_COMPLEMENT -> new Value(v.value() == 0 ? 1 : 0, false);
                    default -> null;
                };
            }
            case BinaryTree binary -> binary(binary);
            default -> null;
        };
    }

    private Value binary(BinaryTree tree) {
        Value a = value(tree.getLeftOperand());
        Value b = value(tree.getRightOperand());
        if (a == null || b == null) return null;
        boolean shift = switch (tree.getKind()) {
            case LEFT_SHIFT, RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT -> true;
            default -> false;
        };
        boolean wide = shift ? a.wide() : a.wide() || b.wide();
        long x = a.value();
        long y = b.value();
        int distance = (int) (wide ? y & 63 : y & 31);
        return switch (tree.getKind()) {
            case PLUS -> narrow(x + y, wide);
            case MINUS -> narrow(x - y, wide);
            case MULTIPLY -> narrow(x * y, wide);
            case DIVIDE -> y == 0 ? null : narrow(wide ? x / y : (int) x / (int) y, wide);
            case REMAINDER -> y == 0 ? null : narrow(wide ? x % y : (int) x % (int) y, wide);
            case AND, CONDITIONAL_AND -> narrow(x & y, wide);
            case OR, CONDITIONAL_OR -> narrow(x | y, wide);
            case XOR -> narrow(x ^ y, wide);
            case LEFT_SHIFT -> narrow(x << distance, wide);
            case RIGHT_SHIFT -> narrow(wide ? x >> distance : (int) x >> distance, wide);
            case UNSIGNED_RIGHT_SHIFT -> narrow(wide ? x >>> distance : (int) x >>> distance, wide);
            default -> null;
        };
    }

    private static Value named(Element element) {
        if (!(element instanceof VariableElement variable)) return null;
        return switch (variable.getConstantValue()) {
            case Integer i -> new Value(i, false);
            case Long l -> new Value(l, true);
            case Short s -> new Value(s, false);
            case Byte b -> new Value(b, false);
            case Character c -> new Value(c, false);
            case Boolean b -> new Value(b ? 1 : 0, false);
            case null, default -> null;
        };
    }

    private static Value narrow(long value, boolean wide) {
        return new Value(wide ? value : (int) value, wide);
    }
}
