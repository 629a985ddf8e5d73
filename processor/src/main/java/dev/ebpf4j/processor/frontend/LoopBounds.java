package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreeScanner;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;

import javax.lang.model.element.Element;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the loops of a program may be: the verifier follows a loop iteration by iteration and
 * refuses one it cannot see end, so the compiler accepts a loop only where it finds the bound
 * itself. A loop is bounded by a counter: a condition (or one {@code &&} operand of it) compares
 * an integer local with a constant by {@code <}, {@code <=}, {@code >} or {@code >=}; the loop
 * changes the local only by constant steps towards that limit ({@code i++}, {@code i += 4},
 * {@code i--}), each in the update of a {@code for} or a statement of the body itself that no
 * {@code continue} skips, so every iteration takes it; the local starts at a value (or in a range)
 * the compiler knows; and the steps cannot wrap it past its type's largest or smallest value. So
 * {@code for (int i = 0; i < 16; i++)} is bounded, {@code while (x != 1) x >>>= 1;} and
 * {@code for (;;) { if (done) break; }} are not. Also the variables a loop assigns, whose null
 * facts do not survive into it.
 */
final class LoopBounds {
    private final Reporter reporter;
    private final SourceTrees source;
    private final IrOutput output;
    private final Flow flow;
    private final Scopes scopes;
    /** Evaluates a candidate constant (a static final, an array's length) as the lowering would. */
    private final ExpressionLowering expressions;

    LoopBounds(Reporter reporter, SourceTrees source, IrOutput output, Flow flow, Scopes scopes, ExpressionLowering expressions) {
        this.reporter = reporter;
        this.source = source;
        this.output = output;
        this.flow = flow;
        this.scopes = scopes;
        this.expressions = expressions;
    }

    /**
     * The bound the compiler found for a loop.
     *
     * @param comparison the comparison of the counter with its limit
     * @param iterations at most how many times the body runs
     */
    record Bound(Tree comparison, long iterations) implements Found {
    }

    /** What a comparison of a loop's condition tells of its bound. */
    private sealed interface Found permits Bound, NoBound {
    }

    /** @param why why a comparison of a counter with a constant bounds no loop here, in the words of an error */
    private record NoBound(String why) implements Found {
    }

    /**
     * The bound of a loop whose lowered condition is {@code condition} (with {@code facts}), its
     * state before the loop {@code before}; null for a loop that never repeats ({@code while (false)}).
     * Reports and throws {@link Rejected} if there is none.
     */
    Bound check(String javaLabel, ExpressionTree conditionTree, Expr condition, FlowFacts facts,
                       boolean testFirst, StatementTree body, List<? extends ExpressionStatementTree> updates, Tree loop,
                       FlowState before) {
        if (condition instanceof Expr.Constant c) {
            if (c.value() == 0) return null;
            throw reporter.reject(loop, leaves(body) ? Messages.BREAK_ONLY_LOOP : Messages.INFINITE_LOOP);
        }
        Loop shape = new Loop(this, loop, javaLabel, conditionTree, body, updates, testFirst, before, facts);
        ExpressionTree at = conditionTree;
        while (at instanceof ParenthesizedTree p) at = p.getExpression();
        Bound best = null;
        String why = null;
        for (ExpressionTree operand : conjuncts(conditionTree)) {
            if (!(operand instanceof BinaryTree binary)) continue;
            switch (shape.bound(binary)) {
                case Bound bound -> {
                    if (best == null || bound.iterations() < best.iterations()) best = bound;
                }
                case NoBound none -> {
                    if (why == null) why = none.why();
                }
                case null -> {
                }
            }
        }
        if (best == null) throw reporter.reject(at, Messages.unboundedLoop(why));
        return best;
    }

    /** The operands of {@code tree}'s {@code &&} chain (each must hold for the loop to go on). */
    private static List<ExpressionTree> conjuncts(ExpressionTree tree) {
        while (tree instanceof ParenthesizedTree p) tree = p.getExpression();
        if (tree.getKind() == Tree.Kind.CONDITIONAL_AND && tree instanceof BinaryTree and) {
            List<ExpressionTree> all = new ArrayList<>(conjuncts(and.getLeftOperand()));
            all.addAll(conjuncts(and.getRightOperand()));
            return all;
        }
        return List.of(tree);
    }

    /** One loop being checked: finds the bound a comparison of its condition gives. */
    private record Loop(LoopBounds bounds, Tree loop, String javaLabel, ExpressionTree condition, StatementTree body,
                        List<? extends ExpressionStatementTree> updates, boolean testFirst, FlowState before, FlowFacts facts) {

        /** The bound {@code comparison} gives, or why it gives none; null if it compares no counter with a constant. */
        Found bound(BinaryTree comparison) {
            ExpressionTree left = unparenthesised(comparison.getLeftOperand());
            ExpressionTree right = unparenthesised(comparison.getRightOperand());
            Tree.Kind kind = comparison.getKind();
            if (!(left instanceof IdentifierTree) && right instanceof IdentifierTree) {
                ExpressionTree t = left;
                left = right;
                right = t;
                kind = switch (kind) {
                    case LESS_THAN -> Tree.Kind.GREATER_THAN;
                    case LESS_THAN_EQUAL -> Tree.Kind.GREATER_THAN_EQUAL;
                    case GREATER_THAN -> Tree.Kind.LESS_THAN;
                    case GREATER_THAN_EQUAL -> Tree.Kind.LESS_THAN_EQUAL;
                    default -> kind;
                };
            }
            if (!(left instanceof IdentifierTree)) return null;
            Element variable = bounds.source.elementOf(left);
            if (!(bounds.scopes.binding(variable) instanceof Binding.Scalar(Local local)) || !(local.type() instanceof Prim type)
                    || !(type == Prim.BYTE || type == Prim.SHORT || type == Prim.CHAR || type == Prim.INT || type == Prim.LONG)) {
                return null;
            }
            String name = left.toString();
            Long c = bounds.constant(right);
            if (c == null) return null;
            if (kind == Tree.Kind.NOT_EQUAL_TO) {
                return new NoBound("'" + name + "' != " + right + " does not bound it: a step may pass " + right);
            }
            boolean up = kind == Tree.Kind.LESS_THAN || kind == Tree.Kind.LESS_THAN_EQUAL;
            long limit;
            switch (kind) {
                case LESS_THAN -> limit = c - 1;
                case LESS_THAN_EQUAL, GREATER_THAN_EQUAL -> limit = c;
                case GREATER_THAN -> limit = c + 1;
                default -> {
                    return null;
                }
            }

            // the steps: every assignment of the counter in the loop (its initialiser aside)
            long step = 0;
            for (Step s : steps(variable)) {
                if (s.amount() == null) {
                    return new NoBound("'" + name + "' changes by " + s.tree() + ", not by a constant step towards " + right);
                }
                if (s.amount() == 0 || (s.amount() > 0) != up) {
                    return new NoBound(s.tree() + " takes '" + name + "' away from its limit " + right);
                }
                if (!s.everyIteration()) {
                    return new NoBound("'" + name + "' is stepped by " + s.tree() + " where an iteration can skip it (inside a"
                            + " branch, an inner loop or an expression, or after a continue); step it in the loop's update"
                            + " or as a statement of its own in the body");
                }
                step += Math.abs(s.amount());
            }
            if (step == 0) return new NoBound("nothing in the loop steps '" + name + "' towards " + right);
            if (step > 1L << 30) return null;
            long lowest = switch (type) {
                case BYTE -> Byte.MIN_VALUE;
                case SHORT -> Short.MIN_VALUE;
                case CHAR -> Character.MIN_VALUE;
                case INT -> Integer.MIN_VALUE;
                default -> Long.MIN_VALUE;
            };
            long highest = switch (type) {
                case BYTE -> Byte.MAX_VALUE;
                case SHORT -> Short.MAX_VALUE;
                case CHAR -> Character.MAX_VALUE;
                case INT -> Integer.MAX_VALUE;
                default -> Long.MAX_VALUE;
            };
            if (up ? limit > highest - step : limit < lowest + step) {
                return new NoBound("stepping '" + name + "' by " + step + " can take it past the " + (up ? "largest" : "smallest")
                        + " " + type.javaName() + " before " + comparison + " fails, and it then wraps around");
            }

            // where it starts: what is known before the loop, and for a test-first loop what the first test proves
            Range start = Range.meet(before.range(local), declaredStart(variable));
            if (testFirst) start = Range.meet(start, before.with(facts.whenTrue()).range(local));
            Range range = Range.meet(start, new Range(lowest, highest));
            long first = up ? range.low() : range.high();
            if ((type == Prim.INT || type == Prim.LONG) && first == (up ? lowest : highest)) {
                return new NoBound("'" + name + "' starts at a value the compiler does not know here; start it at a constant"
                        + " (for (int " + name + " = 0; ...)) or check its range before the loop");
            }
            long distance;
            try {
                distance = up ? Math.subtractExact(limit, first) : Math.subtractExact(first, limit);
            } catch (ArithmeticException e) {
                distance = Long.MAX_VALUE;
            }
            long iterations = distance < 0 ? (testFirst ? 0 : 1) : distance / step + 1;
            return new Bound(comparison, iterations);
        }

        /**
         * The constant {@code variable} is declared with in this {@code for}'s initialiser, or null: the
         * flow facts keep no ranges of long locals, and a for's own counter starts where it says.
         */
        private Range declaredStart(Element variable) {
            if (!(loop instanceof ForLoopTree forLoop)) return null;
            for (StatementTree init : forLoop.getInitializer()) {
                if (init instanceof VariableTree declared && variable.equals(bounds.source.trees.getElement(bounds.source.path(declared)))
                        && declared.getInitializer() != null && bounds.constant(declared.getInitializer()) instanceof Long c) {
                    return Range.of(c);
                }
            }
            return null;
        }

        /** The assignments of {@code variable} in the loop's condition, body and update. */
        private List<Step> steps(Element variable) {
            List<Step> steps = new ArrayList<>();
            List<Tree> parts = new ArrayList<>();
            parts.add(condition);
            parts.add(body);
            parts.addAll(updates);
            for (Tree part : parts) {
                new TreeScanner<Void, Void>() {
                    @Override
                    public Void visitAssignment(AssignmentTree node, Void p) {
                        if (variable.equals(bounds.source.elementOf(node.getVariable()))) steps.add(step(node, assignedStep(node, variable)));
                        return super.visitAssignment(node, p);
                    }

                    @Override
                    public Void visitCompoundAssignment(CompoundAssignmentTree node, Void p) {
                        if (variable.equals(bounds.source.elementOf(node.getVariable()))) {
                            Long amount = bounds.constant(node.getExpression());
                            Long signed = amount == null ? null : switch (node.getKind()) {
                                case PLUS_ASSIGNMENT -> amount;
                                case MINUS_ASSIGNMENT -> -amount;
                                default -> null;
                            };
                            steps.add(step(node, signed));
                        }
                        return super.visitCompoundAssignment(node, p);
                    }

                    @Override
                    public Void visitUnary(UnaryTree node, Void p) {
                        Long amount = switch (node.getKind()) {
                            case PREFIX_INCREMENT, POSTFIX_INCREMENT -> 1L;
                            case PREFIX_DECREMENT, POSTFIX_DECREMENT -> -1L;
                            default -> null;
                        };
                        if (amount != null && variable.equals(bounds.source.elementOf(node.getExpression()))) steps.add(step(node, amount));
                        return super.visitUnary(node, p);
                    }
                }.scan(part, null);
            }
            return steps;
        }

        /** {@code v = v + C}, {@code v = C + v}, {@code v = v - C}: the signed step; null for other assignments. */
        private Long assignedStep(AssignmentTree node, Element variable) {
            if (!(unparenthesised(node.getExpression()) instanceof BinaryTree sum)) return null;
            ExpressionTree l = unparenthesised(sum.getLeftOperand());
            ExpressionTree r = unparenthesised(sum.getRightOperand());
            boolean leftIs = l instanceof IdentifierTree && variable.equals(bounds.source.elementOf(l));
            boolean rightIs = r instanceof IdentifierTree && variable.equals(bounds.source.elementOf(r));
            if (sum.getKind() == Tree.Kind.PLUS && (leftIs || rightIs)) {
                Long amount = bounds.constant(leftIs ? r : l);
                return leftIs && rightIs ? null : amount;
            }
            if (sum.getKind() == Tree.Kind.MINUS && leftIs && !rightIs) {
                Long amount = bounds.constant(r);
                return amount == null ? null : -amount;
            }
            return null;
        }

        private Step step(ExpressionTree tree, Long amount) {
            return new Step(tree, amount, everyIteration(tree));
        }

        /** True if {@code tree} is a whole statement of the update, or of the body that no continue before it skips. */
        private boolean everyIteration(ExpressionTree tree) {
            for (ExpressionStatementTree update : updates) if (update.getExpression() == tree) return true;
            List<? extends StatementTree> statements = body instanceof BlockTree block ? block.getStatements() : List.of(body);
            for (StatementTree statement : statements) {
                if (statement instanceof ExpressionStatementTree e && e.getExpression() == tree) return true;
                if (continues(statement)) return false;
            }
            return false;
        }

        /** True if {@code statement} holds a continue of this loop. */
        private boolean continues(StatementTree statement) {
            boolean[] found = {false};
            new TreeScanner<Void, Integer>() {
                @Override
                public Void visitContinue(ContinueTree node, Integer depth) {
                    if (node.getLabel() == null ? depth == 0 : node.getLabel().contentEquals(String.valueOf(javaLabel))) found[0] = true;
                    return null;
                }

                @Override
                public Void visitForLoop(ForLoopTree node, Integer depth) {
                    return super.visitForLoop(node, depth + 1);
                }

                @Override
                public Void visitEnhancedForLoop(EnhancedForLoopTree node, Integer depth) {
                    return super.visitEnhancedForLoop(node, depth + 1);
                }

                @Override
                public Void visitWhileLoop(WhileLoopTree node, Integer depth) {
                    return super.visitWhileLoop(node, depth + 1);
                }

                @Override
                public Void visitDoWhileLoop(DoWhileLoopTree node, Integer depth) {
                    return super.visitDoWhileLoop(node, depth + 1);
                }
            }.scan(statement, 0);
            return found[0];
        }
    }

    /** An assignment of a counter: its signed constant step (null if it is no such step), and whether every iteration takes it. */
    private record Step(ExpressionTree tree, Long amount, boolean everyIteration) {
    }

    /** True if {@code tree} reads constants, variables and record components only ({@code key.addr().length}). */
    private boolean constantShaped(ExpressionTree tree) {
        return switch (tree) {
            case com.sun.source.tree.LiteralTree literal -> true;
            case IdentifierTree id -> true;
            case com.sun.source.tree.MemberSelectTree select -> constantShaped(select.getExpression());
            case com.sun.source.tree.MethodInvocationTree call -> call.getArguments().isEmpty()
                    && call.getMethodSelect() instanceof com.sun.source.tree.MemberSelectTree select
                    && select.getExpression() instanceof IdentifierTree
                    && source.elementOf(call) instanceof javax.lang.model.element.ExecutableElement method
                    && method.getEnclosingElement().getKind() == javax.lang.model.element.ElementKind.RECORD
                    && !method.getModifiers().contains(javax.lang.model.element.Modifier.STATIC);
            case ParenthesizedTree p -> constantShaped(p.getExpression());
            case com.sun.source.tree.TypeCastTree cast -> constantShaped(cast.getExpression());
            case UnaryTree unary -> switch (unary.getKind()) {
                case UNARY_MINUS, UNARY_PLUS, BITWISE_COMPLEMENT -> constantShaped(unary.getExpression());
                default -> false;
            };
            case BinaryTree binary -> constantShaped(binary.getLeftOperand()) && constantShaped(binary.getRightOperand());
            default -> false;
        };
    }

    private static ExpressionTree unparenthesised(ExpressionTree tree) {
        while (tree instanceof ParenthesizedTree p) tree = p.getExpression();
        return tree;
    }

    /**
     * The value of a constant integer expression ({@code 16}, {@code a.length}, a static final), or
     * null. Only trees without calls or assignments are lowered to find out: lowering is not free of
     * effects on the function (an inlined call takes local names and labels), and the loop's code
     * must not depend on which comparisons were tried.
     */
    private Long constant(ExpressionTree tree) {
        if (!constantShaped(tree)) return null;
        Long[] value = {null};
        FlowState saved = flow.state;
        try {
            output.collect(() -> {
                if (expressions.scalar(tree) instanceof Expr.Constant c && c.type() instanceof Prim p && p != Prim.BOOLEAN) {
                    value[0] = c.value();
                }
            });
        } catch (Rejected r) {
            return null;
        } finally {
            flow.state = saved;
        }
        return value[0];
    }

    /** True if a break or return inside {@code body} can leave it. */
    static boolean leaves(StatementTree body) {
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
    static Set<Element> assigned(SourceTrees source, Tree tree) {
        Set<Element> elements = new HashSet<>();
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitAssignment(AssignmentTree node, Void p) {
                elements.add(source.elementOf(node.getVariable()));
                return super.visitAssignment(node, p);
            }

            @Override
            public Void visitCompoundAssignment(CompoundAssignmentTree node, Void p) {
                elements.add(source.elementOf(node.getVariable()));
                return super.visitCompoundAssignment(node, p);
            }

            @Override
            public Void visitUnary(UnaryTree node, Void p) {
                switch (node.getKind()) {
                    case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
                            elements.add(source.elementOf(node.getExpression()));
                    default -> {
                    }
                }
                return super.visitUnary(node, p);
            }
        }.scan(tree, null);
        return elements;
    }

    /** The locals whose null facts a loop may invalidate: views and presence flags of the variables it assigns. */
    static Set<Local> assignedLocals(SourceTrees source, Scopes scopes, Tree loop) {
        Set<Local> locals = new HashSet<>();
        for (Element element : assigned(source, loop)) {
            switch (scopes.binding(element)) {
                case Binding.Scalar(Local local) -> locals.add(local);
                case Binding.Aggregate aggregate -> locals.add(aggregate.present());
                case null -> {
                }
            }
        }
        return locals;
    }
}
