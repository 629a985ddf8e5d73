package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreeScanner;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Local;

import javax.lang.model.element.Element;
import java.util.HashSet;
import java.util.Set;

/**
 * What the loops of a program may be: the verifier must see each one end. Accepted: a condition
 * comparing a variable the loop changes with a constant (so {@code for (int i = 0; i < N; i++)}),
 * and a loop without a condition that a break or return leaves. Also the variables a loop
 * assigns, whose null facts do not survive into it.
 */
final class LoopBounds {
    private LoopBounds() {
    }

    static void check(FunctionLowering f, ExpressionTree conditionTree, Expr condition, StatementTree body, Tree loop) {
        if (condition instanceof Expr.Constant c) {
            if (c.value() == 0) return;
            if (!leaves(body)) throw f.reporter.reject(loop, Messages.INFINITE_LOOP);
            return;
        }
        Set<Element> assigned = assigned(f, loop);
        ExpressionTree at = conditionTree;
        while (at instanceof ParenthesizedTree p) at = p.getExpression();
        if (!countsToConstant(f, conditionTree, assigned)) throw f.reporter.reject(at, Messages.UNBOUNDED_LOOP);
    }

    private static boolean countsToConstant(FunctionLowering f, ExpressionTree tree, Set<Element> assigned) {
        while (tree instanceof ParenthesizedTree p) tree = p.getExpression();
        if (!(tree instanceof BinaryTree binary)) return false;
        return switch (tree.getKind()) {
            case CONDITIONAL_AND -> countsToConstant(f, binary.getLeftOperand(), assigned)
                    || countsToConstant(f, binary.getRightOperand(), assigned);
            case LESS_THAN, LESS_THAN_EQUAL, GREATER_THAN, GREATER_THAN_EQUAL, NOT_EQUAL_TO ->
                    (counter(f, binary.getLeftOperand(), assigned) && constant(f, binary.getRightOperand()))
                            || (counter(f, binary.getRightOperand(), assigned) && constant(f, binary.getLeftOperand()));
            default -> false;
        };
    }

    private static boolean counter(FunctionLowering f, ExpressionTree tree, Set<Element> assigned) {
        while (tree instanceof ParenthesizedTree p) tree = p.getExpression();
        return tree instanceof IdentifierTree && assigned.contains(f.elementOf(tree));
    }

    private static boolean constant(FunctionLowering f, ExpressionTree tree) {
        boolean[] constant = {false};
        FlowState saved = f.state;
        f.collect(() -> {
            try {
                constant[0] = f.expressions.scalar(tree) instanceof Expr.Constant;
            } catch (Rejected r) {
                constant[0] = true; // reported already where it was lowered
            }
        });
        f.state = saved;
        return constant[0];
    }

    /** True if a break or return inside {@code body} can leave it. */
    private static boolean leaves(StatementTree body) {
        boolean[] found = {false};
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitBreak(BreakTree node, Void p) {
                found[0] = true;
                return null;
            }

            @Override
            public Void visitReturn(ReturnTree node, Void p) {
                found[0] = true;
                return null;
            }
        }.scan(body, null);
        return found[0];
    }

    /** The variables {@code tree} assigns. */
    static Set<Element> assigned(FunctionLowering f, Tree tree) {
        Set<Element> elements = new HashSet<>();
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitAssignment(AssignmentTree node, Void p) {
                elements.add(f.elementOf(node.getVariable()));
                return super.visitAssignment(node, p);
            }

            @Override
            public Void visitCompoundAssignment(CompoundAssignmentTree node, Void p) {
                elements.add(f.elementOf(node.getVariable()));
                return super.visitCompoundAssignment(node, p);
            }

            @Override
            public Void visitUnary(UnaryTree node, Void p) {
                switch (node.getKind()) {
                    case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
                            elements.add(f.elementOf(node.getExpression()));
                    default -> {
                    }
                }
                return super.visitUnary(node, p);
            }
        }.scan(tree, null);
        return elements;
    }

    /** The locals whose null facts a loop may invalidate: views and presence flags of the variables it assigns. */
    static Set<Local> assignedLocals(FunctionLowering f, Tree loop) {
        Set<Local> locals = new HashSet<>();
        for (Element element : assigned(f, loop)) {
            switch (f.binding(element)) {
                case Binding.Scalar(Local local) -> locals.add(local);
                case Binding.Aggregate aggregate -> locals.add(aggregate.present());
                case null -> {
                }
            }
        }
        return locals;
    }
}
