package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;

import javax.lang.model.element.Element;

/**
 * The values an array index can take, as far as the front end can prove them: constants, masks
 * ({@code x & 7}), unsigned remainders and shifts, char and byte conversions, sums, locals checked
 * or assigned on every path to the index ({@link FlowState#range}), and the variable of an
 * enclosing {@code for (int i = C0; i < C1; i++)} whose body does not assign it.
 * Java throws for an index outside the array; eBPF cannot, so an index must be proven in range.
 */
final class IndexRanges {
    private final FunctionLowering f;
    private final SourceTrees source;
    private final IrOutput output;
    private final Flow flow;
    private final Scopes scopes;

    IndexRanges(FunctionLowering f, SourceTrees source, IrOutput output, Flow flow, Scopes scopes) {
        this.f = f;
        this.source = source;
        this.output = output;
        this.flow = flow;
        this.scopes = scopes;
    }

    /** The range of INT {@code index} (lowered from {@code at}), or null if nothing is known. */
    Range of(Expr index, Tree at) {
        Range computed = computed(index, at);
        // a check of the expression as written ({@code compareUnsigned(j + 1, a.length) < 0} before {@code a[j + 1]})
        Range checked = index instanceof Expr.Read || index instanceof Expr.Constant ? null : flow.state.range(index);
        return Range.meet(computed, checked);
    }

    private Range computed(Expr index, Tree at) {
        return switch (index) {
            case Expr.Constant c -> new Range(c.value(), c.value());
            case Expr.Convert(Prim to, Expr operand) when to == Prim.INT && operand.type() instanceof Prim from -> switch (from) {
                case CHAR -> Range.meet(new Range(0, Character.MAX_VALUE), known(operand, at));
                case BYTE -> Range.meet(new Range(Byte.MIN_VALUE, Byte.MAX_VALUE), known(operand, at));
                case SHORT -> Range.meet(new Range(Short.MIN_VALUE, Short.MAX_VALUE), known(operand, at));
                case BOOLEAN -> new Range(0, 1);
                default -> null;
            };
            case Expr.Binary(var op, var type, var left, var right) when type == Prim.INT -> binary(op, left, right, at);
            case Expr.Conditional(var c, var a, var b) -> {
                Range x = of(a, at);
                Range y = of(b, at);
                yield x == null || y == null ? null : new Range(Math.min(x.low(), y.low()), Math.max(x.high(), y.high()));
            }
            case Expr.Read r -> known(r, at);
            default -> null;
        };
    }

    /**
     * What is known of the local {@code read} reads: the checks on the paths to here, and for the
     * counter of an enclosing constant-range {@code for} (found from {@code at}, if given) its range.
     */
    private Range known(Expr read, Tree at) {
        if (!(read instanceof Expr.Read(Local local))) return null;
        return Range.meet(flow.state.range(local), at == null ? null : loopVariable(local, at));
    }

    private Range binary(dev.ebpf4j.processor.ir.BinaryOp op, Expr left, Expr right, Tree at) {
        Range r = of(right, at);
        return switch (op) {
            case AND -> {
                Range l = of(left, at);
                // x & m with m >= 0 lies in [0, m], whatever x is
                long high = Long.MAX_VALUE;
                if (r != null && r.low() >= 0) high = r.high();
                if (l != null && l.low() >= 0) high = Math.min(high, l.high());
                yield high == Long.MAX_VALUE ? null : new Range(0, high);
            }
            case UREM -> right instanceof Expr.Constant c && c.value() > 0 ? new Range(0, c.value() - 1) : null;
            case USHR -> right instanceof Expr.Constant c && (c.value() & 31) != 0
                    ? new Range(0, (1L << (32 - (c.value() & 31))) - 1) : null;
            case ADD -> {
                Range l = of(left, at);
                if (l == null || r == null) yield null;
                long low = l.low() + r.low();
                long high = l.high() + r.high();
                yield low >= Integer.MIN_VALUE && high <= Integer.MAX_VALUE ? new Range(low, high) : null;
            }
            case SUB -> {
                Range l = of(left, at);
                if (l == null || r == null) yield null;
                long low = l.low() - r.high();
                long high = l.high() - r.low();
                yield low >= Integer.MIN_VALUE && high <= Integer.MAX_VALUE ? new Range(low, high) : null;
            }
            default -> null;
        };
    }

    /**
     * The range of {@code local} inside the body of an enclosing {@code for} loop that counts it
     * up from a constant to below a constant and assigns it nowhere else; null if there is none.
     */
    private Range loopVariable(Local local, Tree at) {
        TreePath path = source.path(at);
        Tree child = null;
        for (TreePath p = path; p != null; child = p.getLeaf(), p = p.getParentPath()) {
            if (!(p.getLeaf() instanceof ForLoopTree loop) || child != loop.getStatement()) continue;
            if (loop.getInitializer().size() != 1 || !(loop.getInitializer().getFirst() instanceof VariableTree variable)) continue;
            Element element = source.trees.getElement(source.path(variable));
            if (!(scopes.binding(element) instanceof Binding.Scalar(Local bound)) || !bound.equals(local)) continue;
            Long start = constant(variable.getInitializer());
            Long end = upperBound(loop.getCondition(), element);
            if (start == null || end == null || !countsUp(loop, element)) return null;
            if (LoopBounds.assigned(source, loop.getStatement()).contains(element)) return null;
            return new Range(Math.min(start, end), end);
        }
        return null;
    }

    /** The largest value {@code condition} lets the loop variable have ({@code i < C}: C - 1), or null. */
    private Long upperBound(ExpressionTree condition, Element variable) {
        condition = unparenthesised(condition);
        if (!(condition instanceof BinaryTree binary)) return null;
        ExpressionTree left = unparenthesised(binary.getLeftOperand());
        ExpressionTree right = unparenthesised(binary.getRightOperand());
        boolean leftIsVariable = left instanceof IdentifierTree && variable.equals(source.elementOf(left));
        boolean rightIsVariable = right instanceof IdentifierTree && variable.equals(source.elementOf(right));
        Tree.Kind kind = binary.getKind();
        if (rightIsVariable) {
            kind = switch (kind) {
                case GREATER_THAN -> Tree.Kind.LESS_THAN;
                case GREATER_THAN_EQUAL -> Tree.Kind.LESS_THAN_EQUAL;
                default -> Tree.Kind.OTHER;
            };
            right = left;
        } else if (!leftIsVariable) {
            return null;
        }
        Long bound = constant(right);
        if (bound == null) return null;
        return switch (kind) {
            case LESS_THAN -> bound - 1;
            case LESS_THAN_EQUAL -> bound;
            default -> null;
        };
    }

    /** True if the loop's update only increases its variable: {@code i++}, {@code ++i} or {@code i += k} with a small k > 0. */
    private boolean countsUp(ForLoopTree loop, Element variable) {
        if (loop.getUpdate().size() != 1) return false;
        ExpressionStatementTree update = loop.getUpdate().getFirst();
        return switch (update.getExpression()) {
            case UnaryTree unary when unary.getKind() == Tree.Kind.POSTFIX_INCREMENT
                    || unary.getKind() == Tree.Kind.PREFIX_INCREMENT -> variable.equals(source.elementOf(unary.getExpression()));
            case CompoundAssignmentTree compound when compound.getKind() == Tree.Kind.PLUS_ASSIGNMENT -> {
                Long step = constant(compound.getExpression());
                yield variable.equals(source.elementOf(compound.getVariable())) && step != null && step > 0 && step <= 1 << 20;
            }
            default -> false;
        };
    }

    /** The value of a constant int expression ({@code 8}, {@code a.length}, a static final), or null. */
    private Long constant(ExpressionTree tree) {
        if (tree == null) return null;
        Long[] value = {null};
        FlowState saved = flow.state;
        try {
            output.collect(() -> {
                if (f.expressions.scalar(tree) instanceof Expr.Constant c && c.type() == Prim.INT) value[0] = c.value();
            });
        } catch (Rejected r) {
            return null;
        } finally {
            flow.state = saved;
        }
        return value[0];
    }

    private static ExpressionTree unparenthesised(ExpressionTree tree) {
        while (tree instanceof ParenthesizedTree p) tree = p.getExpression();
        return tree;
    }
}
