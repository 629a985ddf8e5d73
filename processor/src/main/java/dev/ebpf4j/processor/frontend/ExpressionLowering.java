package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Expr.Constant;
import dev.ebpf4j.processor.ir.FieldType;
import dev.ebpf4j.processor.ir.IrType;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.LogicalOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.UnaryOp;
import dev.ebpf4j.processor.ir.ValueType;
import dev.ebpf4j.processor.ir.ViewKind;

import dev.ebpf4j.processor.passes.ConstantFolder;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers Java expressions to IR expressions with Java's exact integer semantics (every promotion
 * an explicit conversion, compound assignments narrowed back), folding constants. Side effects
 * (assignments, map calls, inlined calls, switch expressions) become statements emitted before
 * the expression, in Java's evaluation order: an operand already lowered is spilled to a
 * temporary when a later operand emits statements.
 */
final class ExpressionLowering {
    private final FunctionLowering f;
    private final SourceTrees source;
    private final IrOutput output;
    private final Flow flow;
    private final Scopes scopes;

    ExpressionLowering(FunctionLowering f, SourceTrees source, IrOutput output, Flow flow, Scopes scopes) {
        this.f = f;
        this.source = source;
        this.output = output;
        this.flow = flow;
        this.scopes = scopes;
    }


    // ---- entry points

    /** The value of a primitive, view, context or verdict expression; a boxed one is unboxed (checked non-null). */
    Expr scalar(ExpressionTree tree) {
        return switch (tree) {
            case ParenthesizedTree p -> scalar(p.getExpression());
            case LiteralTree literal -> literal(literal);
            case IdentifierTree id -> name(tree, source.elementOf(id), id.getName().toString());
            case MemberSelectTree select when f.arrays.length(select) instanceof Expr length -> length;
            case MemberSelectTree select -> name(tree, source.elementOf(select), select.getIdentifier().toString());
            case BinaryTree binary -> binary(binary);
            case UnaryTree unary -> unary(unary, true);
            case AssignmentTree assignment -> f.assignments.assignment(assignment);
            case CompoundAssignmentTree compound -> f.assignments.compound(compound);
            case ConditionalExpressionTree conditional -> conditional(conditional);
            case TypeCastTree cast -> cast(cast);
            case MethodInvocationTree call -> f.calls.scalar(call);
            case SwitchExpressionTree sw -> new SwitchLowering(f, source, output, flow, scopes).expression(sw, scalarType(tree));
            case NewClassTree n -> throw f.reporter.reject(n, Messages.ALLOCATION);
            case com.sun.source.tree.LambdaExpressionTree l -> throw f.reporter.reject(l, Messages.LAMBDA);
            case com.sun.source.tree.MemberReferenceTree r -> throw f.reporter.reject(r, Messages.LAMBDA);
            case com.sun.source.tree.InstanceOfTree i -> throw f.reporter.reject(i, Messages.INSTANCEOF);
            case com.sun.source.tree.NewArrayTree a -> throw f.reporter.reject(a, Messages.NEW_ARRAY);
            case com.sun.source.tree.ArrayAccessTree a -> f.arrays.element(a);
            default -> throw f.reporter.reject(tree, "this expression is not supported in an eBPF program");
        };
    }

    /** {@code tree}'s value converted to {@code to} (Java's assignment or promotion conversion). */
    Expr prim(ExpressionTree tree, Prim to) {
        Expr value = scalar(tree);
        if (!(value.type() instanceof Prim)) throw f.reporter.reject(tree, Messages.unsupportedType("a value", source.typeOf(tree)));
        return ConstantFolder.convert(to, value);
    }

    /** A BOOLEAN condition. */
    Expr condition(ExpressionTree tree) {
        return prim(tree, Prim.BOOLEAN);
    }

    /** Evaluates {@code tree} for its effect only. */
    void effect(ExpressionTree tree) {
        switch (tree) {
            case ParenthesizedTree p -> effect(p.getExpression());
            case UnaryTree unary when isIncrement(unary) -> unary(unary, false);
            case MethodInvocationTree call -> f.calls.effect(call);
            case AssignmentTree assignment -> f.assignments.variable(assignment.getVariable()).assign(assignment.getExpression());
            case CompoundAssignmentTree compound -> f.assignments.compound(compound);
            default -> {
                Expr value = JavaTypes.category(source.typeOf(tree)) == JavaTypes.Category.BOXED
                        || JavaTypes.category(source.typeOf(tree)) == JavaTypes.Category.RECORD
                        ? f.aggregates.aggregate(tree, f.aggregates.valueType(tree), "unused").present() : scalar(tree);
                if (value instanceof Expr.MapCall || value instanceof Expr.Call) output.emit(new Stmt.Eval(value, output.here));
            }
        }
    }

    /** The IR type of a scalar Java type (primitive, verdict as INT, view, context). */
    IrType scalarType(Tree tree) {
        TypeMirror type = source.typeOf(tree);
        return switch (JavaTypes.category(type)) {
            case PRIMITIVE, BOXED -> JavaTypes.primOf(type);
            case VERDICT -> Prim.INT;
            case VIEW -> JavaTypes.view(type);
            case CONTEXT -> new ContextType(JavaTypes.context(type));
            default -> throw f.reporter.reject(tree, unsupported(tree, type));
        };
    }

    String unsupported(Tree tree, TypeMirror type) {
        String name = JavaTypes.qualifiedName(type);
        if (name.equals("java.lang.String")) return Messages.STRING;
        if (name.equals("float") || name.equals("double") || name.equals("java.lang.Float") || name.equals("java.lang.Double")) {
            return Messages.FLOATING_POINT;
        }
        if (type.getKind() == javax.lang.model.type.TypeKind.ARRAY) return Messages.ARRAY;
        return Messages.unsupportedType("an expression", type);
    }

    // ---- variables

    void declareVariable(VariableTree tree) {
        Element element = source.trees.getElement(source.path(tree));
        String name = tree.getName().toString();
        TypeMirror type = element.asType();
        ExpressionTree init = tree.getInitializer();
        if (ArrayLowering.isArray(type)) {
            f.arrays.declare(tree, element);
            return;
        }
        switch (JavaTypes.category(type)) {
            case BOXED, RECORD -> {
                ValueType valueType = f.aggregates.valueType(tree);
                // (a map's get says itself why it cannot copy such a value)
                if (dev.ebpf4j.processor.ir.SpinLockType.of(valueType) != null && !(init instanceof MethodInvocationTree)) {
                    throw f.reporter.reject(tree, LockLowering.noVariable((dev.ebpf4j.processor.ir.StructType) valueType));
                }
                if (init == null) {
                    Local present = flow.newPresence(name);
                    output.emit(new Stmt.Declare(present, Constant.ofBoolean(false), output.here));
                    List<Local> parts = new ArrayList<>();
                    for (FieldType fieldType : f.aggregates.primsOf(valueType)) {
                        Local part = output.newLocal(f.aggregates.partName(name, valueType, parts.size()), fieldType);
                        output.emit(new Stmt.Declare(part, null, output.here));
                        parts.add(part);
                    }
                    scopes.frame().bindings.put(element, new Binding.Aggregate(valueType, present, parts));
                    flow.state = flow.state.without(present);
                    return;
                }
                AggregateLowering.Aggregate value = f.aggregates.aggregate(init, valueType, name);
                scopes.frame().bindings.put(element, f.aggregates.materialize(name, value));
            }
            default -> {
                IrType irType = scalarType(tree);
                int mark = output.current().size();
                Expr value = init == null ? null : irType instanceof Prim p ? prim(init, p) : scalar(init);
                Local local = flow.declare(name, irType, unwrapTemporary(mark, value));
                scopes.frame().bindings.put(element, new Binding.Scalar(local));
            }
        }
    }

    /**
     * The initialiser of a temporary declared since {@code mark} whose only use is {@code value}
     * (a map call's result), so {@code boolean ok = m.put(k, v)} needs no second local.
     */
    Expr unwrapTemporary(int mark, Expr value) {
        List<Stmt> current = output.current();
        if (value instanceof Expr.Read(Local temp) && current.size() > mark
                && current.getLast() instanceof Stmt.Declare(Local declared, Expr init, var position)
                && declared.equals(temp) && init != null && !flow.presence.contains(temp) && !temp.type().nullable()) {
            current.removeLast();
            output.forget(temp);
            return init;
        }
        return value;
    }

    /** Lowers {@code trees} in order, each converted to its primitive, spilling earlier ones before later side effects. */
    List<Expr> operands(List<? extends ExpressionTree> trees, java.util.function.IntFunction<Prim> types) {
        List<Expr> values = new ArrayList<>();
        for (int i = 0; i < trees.size(); i++) {
            int mark = output.current().size();
            Expr value = prim(trees.get(i), types.apply(i));
            if (output.current().size() > mark) spill(values, mark);
            values.add(value);
        }
        return values;
    }

    /** Moves the non-constant values into temporaries declared at {@code mark}, before the statements after it. */
    void spill(List<Expr> values, int mark) {
        for (int i = 0; i < values.size(); i++) {
            Expr value = values.get(i);
            if (value instanceof Constant) continue;
            Local temp = output.newLocal("tmp", value.type());
            output.current().add(mark++, new Stmt.Declare(temp, value, output.here));
            if (value.type().nullable() && flow.nonNull(value)) flow.state = flow.state.with(temp); // a checked view stays checked
            values.set(i, new Expr.Read(temp));
        }
    }

    // ---- names and literals

    private Expr literal(LiteralTree tree) {
        return switch (tree.getKind()) {
            case INT_LITERAL -> Constant.ofInt((Integer) tree.getValue());
            case LONG_LITERAL -> Constant.ofLong((Long) tree.getValue());
            case CHAR_LITERAL -> new Constant(Prim.CHAR, (Character) tree.getValue());
            case BOOLEAN_LITERAL -> Constant.ofBoolean((Boolean) tree.getValue());
            case FLOAT_LITERAL, DOUBLE_LITERAL -> throw f.reporter.reject(tree, Messages.FLOATING_POINT);
            case STRING_LITERAL -> throw f.reporter.reject(tree, Messages.STRING);
            default -> {
                // a view is a packet pointer, and null is the pointer 0 (the IR's null view: a LONG constant 0)
                if (viewExpected(tree)) yield Constant.ofLong(0);
                throw f.reporter.reject(tree, "null is only allowed in comparisons with views and map values"
                        + " (x == null, x != null) and as the value of a view (Tcp tcp = null;): a program has no other references");
            }
        };
    }

    /** True if {@code tree} (a null literal) is assigned to a view variable, returned as a view or a view choice's branch. */
    private boolean viewExpected(Tree tree) {
        com.sun.source.util.TreePath path = source.path(tree);
        if (path == null || path.getParentPath() == null) return false;
        return switch (path.getParentPath().getLeaf()) {
            case VariableTree variable -> isView(source.typeOf(variable));
            case AssignmentTree assignment -> isView(source.typeOf(assignment.getVariable()));
            case ConditionalExpressionTree choice -> choice.getCondition() != tree && isView(source.typeOf(choice));
            case com.sun.source.tree.ReturnTree ret -> scopes.frame().result != null && scopes.frame().result.type() instanceof ViewKind;
            default -> false;
        };
    }

    private static boolean isView(TypeMirror type) {
        return JavaTypes.category(type) == JavaTypes.Category.VIEW;
    }

    private Expr name(ExpressionTree tree, Element element, String name) {
        if (element == null) throw f.reporter.reject(tree, "ebpf4j internal error in front end: no element for " + name);
        switch (scopes.binding(element)) {
            case Binding.Scalar(Local local) -> {
                return new Expr.Read(local);
            }
            case Binding.Aggregate a -> {
                if (!(a.type() instanceof Prim)) {
                    throw f.reporter.reject(tree, "record '" + name + "' is used as a value here: a record is only a map key,"
                            + " value or event, or a source of fields (" + name + ".field())");
                }
                AggregateLowering.Aggregate value = new AggregateLowering.Aggregate(a.type(), new Expr.Read(a.present()), List.of(new Expr.Read(a.parts().getFirst())));
                return f.aggregates.parts(value, tree, "'" + name + "'").getFirst();
            }
            case null -> scopes.checkNotRefused(element);
        }
        if (element.getKind() == ElementKind.ENUM_CONSTANT && JavaTypes.category(element.asType()) == JavaTypes.Category.VERDICT) {
            return Constant.ofInt(JavaTypes.verdictCode(element.asType(), name));
        }
        GlobalLowering globals = new GlobalLowering(f, source, output, flow);
        if (globals.of(element) instanceof dev.ebpf4j.processor.ir.GlobalDecl global) return globals.read(tree, global);
        if (element instanceof VariableElement variable && element.getKind() == ElementKind.FIELD) {
            Object constant = variable.getConstantValue();
            if (constant != null) return constant(tree, variable, constant);
            if (JavaTypes.category(variable.asType()) == JavaTypes.Category.MAP
                    || JavaTypes.category(variable.asType()) == JavaTypes.Category.RING_BUFFER) {
                throw f.reporter.reject(tree, "map '" + name + "' is not a value: a map lives in the kernel and is only"
                        + " reached through its methods; call them (" + name + ".get(key), " + name + ".increment(key), ...)");
            }
            if (!variable.getModifiers().contains(Modifier.STATIC)) {
                throw f.reporter.reject(tree, "instance field '" + name + "': a program has no objects, only static maps"
                        + " and constants; make it a static final constant or a map");
            }
            throw f.reporter.reject(tree, Messages.staticRead(name));
        }
        throw f.reporter.reject(tree, Messages.unsupportedType("'" + name + "'", element.asType()));
    }

    private Expr constant(Tree tree, VariableElement variable, Object value) {
        Prim prim = JavaTypes.primOf(variable.asType());
        if (prim == null) {
            throw f.reporter.reject(tree, unsupported(tree, variable.asType()));
        }
        long bits = switch (value) {
            case Boolean b -> b ? 1 : 0;
            case Character c -> c;
            case Number n -> n.longValue();
            default -> throw f.reporter.reject(tree, Messages.STRING);
        };
        return new Constant(prim, prim.normalize(bits));
    }

    // ---- operators

    Prim primType(Tree tree) {
        Prim prim = JavaTypes.primOf(source.typeOf(tree));
        if (prim == null) throw f.reporter.reject(tree, unsupported(tree, source.typeOf(tree)));
        return prim;
    }

    /** Lowers two operands in order, spilling the first if the second emits statements. */
    private Expr[] pair(ExpressionTree left, Prim leftType, ExpressionTree right, Prim rightType) {
        Expr l = prim(left, leftType);
        int mark = output.current().size();
        Expr r = prim(right, rightType);
        if (output.current().size() > mark) {
            List<Expr> spilled = new ArrayList<>(List.of(l));
            spill(spilled, mark);
            l = spilled.getFirst();
        }
        return new Expr[] {l, r};
    }

    private Expr binary(BinaryTree tree) {
        ExpressionTree left = tree.getLeftOperand();
        ExpressionTree right = tree.getRightOperand();
        return switch (tree.getKind()) {
            case PLUS, MINUS, MULTIPLY, AND, OR, XOR -> {
                Prim type = primType(tree);
                Expr[] operands = pair(left, type, right, type);
                yield ConstantFolder.binary(arithmetic(tree.getKind()), type, operands[0], operands[1]);
            }
            case LEFT_SHIFT, RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT -> {
                Prim type = primType(tree);
                Expr[] operands = pair(left, type, right, type);
                yield ConstantFolder.binary(arithmetic(tree.getKind()), type, operands[0], operands[1]);
            }
            case DIVIDE, REMAINDER -> {
                Prim type = primType(tree);
                Expr[] operands = pair(left, type, right, type);
                if (operands[0] instanceof Constant a && operands[1] instanceof Constant b && b.value() != 0) {
                    long value = tree.getKind() == Tree.Kind.DIVIDE
                            ? (type == Prim.LONG ? a.value() / b.value() : (int) a.value() / (int) b.value())
                            : (type == Prim.LONG ? a.value() % b.value() : (int) a.value() % (int) b.value());
                    yield new Constant(type, type.normalize(value));
                }
                throw f.reporter.reject(tree, Messages.DIVISION);
            }
            case EQUAL_TO, NOT_EQUAL_TO -> equality(tree);
            case LESS_THAN, LESS_THAN_EQUAL, GREATER_THAN, GREATER_THAN_EQUAL -> {
                Prim type = promoted(left, right);
                Expr[] operands = pair(left, type, right, type);
                yield unsignedOrSigned(comparison(tree.getKind()), type, operands[0], operands[1]);
            }
            case CONDITIONAL_AND, CONDITIONAL_OR -> logical(tree);
            default -> throw f.reporter.reject(tree, "this operator is not supported");
        };
    }

    /**
     * {@code Integer.compareUnsigned(a, b) < 0} (and the other comparisons with 0) as one unsigned
     * comparison of a and b, which both back ends have as an instruction; other comparisons as they are.
     */
    static Expr unsignedOrSigned(CompareOp op, Prim type, Expr left, Expr right) {
        if (left instanceof Expr.IntrinsicCall call && right instanceof Constant zero && zero.value() == 0) {
            Prim operands = switch (call.intrinsic()) {
                case INT_COMPARE_UNSIGNED -> Prim.INT;
                case LONG_COMPARE_UNSIGNED -> Prim.LONG;
                default -> null;
            };
            if (operands != null) {
                CompareOp unsigned = switch (op) {
                    case LT -> CompareOp.ULT;
                    case LE -> CompareOp.ULE;
                    case GT -> CompareOp.UGT;
                    case GE -> CompareOp.UGE;
                    default -> op;
                };
                return ConstantFolder.compare(unsigned, operands, call.arguments().get(0), call.arguments().get(1));
            }
        }
        return ConstantFolder.compare(op, type, left, right);
    }

    /** Binary numeric promotion of two operands' types. */
    private Prim promoted(ExpressionTree left, ExpressionTree right) {
        Prim l = primType(left);
        Prim r = primType(right);
        if (l == Prim.BOOLEAN || r == Prim.BOOLEAN) return Prim.BOOLEAN;
        return l == Prim.LONG || r == Prim.LONG ? Prim.LONG : Prim.INT;
    }

    private Expr equality(BinaryTree tree) {
        ExpressionTree left = tree.getLeftOperand();
        ExpressionTree right = tree.getRightOperand();
        boolean equal = tree.getKind() == Tree.Kind.EQUAL_TO;
        boolean leftNull = isNull(left);
        boolean rightNull = isNull(right);
        if (leftNull && rightNull) return Constant.ofBoolean(equal);
        if (leftNull || rightNull) {
            ExpressionTree operand = leftNull ? right : left;
            Expr isNull = switch (JavaTypes.category(source.typeOf(operand))) {
                case VIEW -> new Expr.IsNull(scalar(operand));
                case BOXED, RECORD -> ConstantFolder.unary(UnaryOp.NOT, f.aggregates.aggregate(operand, f.aggregates.valueType(operand), "value").present());
                default -> throw f.reporter.reject(tree, Messages.unsupportedType("a null comparison", source.typeOf(operand)));
            };
            return equal ? isNull : ConstantFolder.unary(UnaryOp.NOT, isNull);
        }
        JavaTypes.Category l = JavaTypes.category(source.typeOf(left));
        JavaTypes.Category r = JavaTypes.category(source.typeOf(right));
        if (l == JavaTypes.Category.VERDICT && r == JavaTypes.Category.VERDICT) {
            Expr[] operands = pair(left, Prim.INT, right, Prim.INT);
            return ConstantFolder.compare(equal ? CompareOp.EQ : CompareOp.NE, Prim.INT, operands[0], operands[1]);
        }
        if ((l != JavaTypes.Category.PRIMITIVE && r != JavaTypes.Category.PRIMITIVE)) {
            throw f.reporter.reject(tree, "== between two references compares identities, which a program does not have:"
                    + " compare their values (e.g. a.port() == b.port()), or test for null");
        }
        Prim type = promoted(left, right);
        Expr[] operands = pair(left, type, right, type);
        return ConstantFolder.compare(equal ? CompareOp.EQ : CompareOp.NE, type, operands[0], operands[1]);
    }

    private static boolean isNull(ExpressionTree tree) {
        while (tree instanceof ParenthesizedTree p) tree = p.getExpression();
        return tree.getKind() == Tree.Kind.NULL_LITERAL;
    }

    private Expr logical(BinaryTree tree) {
        boolean and = tree.getKind() == Tree.Kind.CONDITIONAL_AND;
        Expr left = condition(tree.getLeftOperand());
        FlowFacts facts = flow.facts(left);
        FlowState before = flow.state;
        flow.state = before.with(and ? facts.whenTrue() : facts.whenFalse());
        Expr[] right = new Expr[1];
        List<Stmt> statements;
        try {
            statements = output.collect(() -> right[0] = condition(tree.getRightOperand()));
        } finally {
            flow.state = before;
        }
        if (statements.isEmpty()) return ConstantFolder.logical(and ? LogicalOp.AND : LogicalOp.OR, left, right[0]);
        Local result = flow.declare("cond", Prim.BOOLEAN, left);
        // the temporary proves what the short-circuit expression would have (it is never assigned again),
        // less what the left side told of locals the right side's statements assign
        flow.conditions.put(result, FlowFacts.combine(and ? LogicalOp.AND : LogicalOp.OR,
                facts.without(FlowFacts.assigned(statements)), flow.facts(right[0])));
        List<Stmt> body = new ArrayList<>(statements);
        body.add(new Stmt.Assign(result, right[0], output.here));
        Expr test = and ? new Expr.Read(result) : ConstantFolder.unary(UnaryOp.NOT, new Expr.Read(result));
        output.emit(new Stmt.If(test, new Stmt.Block(null, body, output.here), new Stmt.Block(null, List.of(), output.here), output.here));
        return new Expr.Read(result);
    }

    private Expr conditional(ConditionalExpressionTree tree) {
        IrType type = scalarType(tree);
        Expr condition = condition(tree.getCondition());
        FlowFacts facts = flow.facts(condition);
        FlowState before = flow.state;
        Expr[] values = new Expr[2];
        flow.state = before.with(facts.whenTrue());
        List<Stmt> whenTrue = output.collect(() -> values[0] = branch(tree.getTrueExpression(), type));
        flow.state = before.with(facts.whenFalse());
        List<Stmt> whenFalse = output.collect(() -> values[1] = branch(tree.getFalseExpression(), type));
        flow.state = before;
        if (whenTrue.isEmpty() && whenFalse.isEmpty() && type instanceof Prim) {
            return ConstantFolder.conditional(condition, values[0], values[1]);
        }
        Local result = flow.declare("choice", type, null);
        List<Stmt> a = new ArrayList<>(whenTrue);
        a.add(new Stmt.Assign(result, values[0], output.here));
        List<Stmt> b = new ArrayList<>(whenFalse);
        b.add(new Stmt.Assign(result, values[1], output.here));
        output.emit(new Stmt.If(condition, new Stmt.Block(null, a, output.here), new Stmt.Block(null, b, output.here), output.here));
        return new Expr.Read(result);
    }

    private Expr branch(ExpressionTree tree, IrType type) {
        return type instanceof Prim p ? prim(tree, p) : scalar(tree);
    }

    private Expr cast(TypeCastTree tree) {
        TypeMirror target = source.typeOf(tree);
        Prim to = JavaTypes.primitive(target.getKind());
        if (to == null) {
            if (JavaTypes.category(target) == JavaTypes.Category.BOXED) return prim(tree.getExpression(), JavaTypes.primOf(target));
            throw f.reporter.reject(tree, unsupported(tree, target));
        }
        Expr value = scalar(tree.getExpression());
        if (!(value.type() instanceof Prim)) throw f.reporter.reject(tree, unsupported(tree, source.typeOf(tree.getExpression())));
        return ConstantFolder.convert(to, value);
    }

    private static boolean isIncrement(UnaryTree tree) {
        return switch (tree.getKind()) {
            case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> true;
            default -> false;
        };
    }

    private Expr unary(UnaryTree tree, boolean valueUsed) {
        return switch (tree.getKind()) {
            case UNARY_MINUS -> ConstantFolder.unary(UnaryOp.NEG, prim(tree.getExpression(), primType(tree)));
            case BITWISE_COMPLEMENT -> ConstantFolder.unary(UnaryOp.BIT_NOT, prim(tree.getExpression(), primType(tree)));
            case UNARY_PLUS -> prim(tree.getExpression(), primType(tree));
            case LOGICAL_COMPLEMENT -> ConstantFolder.unary(UnaryOp.NOT, condition(tree.getExpression()));
            default -> {
                boolean increment = tree.getKind() == Tree.Kind.PREFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_INCREMENT;
                boolean postfix = tree.getKind() == Tree.Kind.POSTFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_DECREMENT;
                AssignmentLowering.Variable variable = f.assignments.variable(tree.getExpression());
                Prim type = variable.type();
                Expr old = variable.read(tree.getExpression());
                Local saved = null;
                if (postfix && valueUsed) saved = flow.declare("old", type, old);
                Prim op = type.promoted();
                Expr updated = ConstantFolder.convert(type, ConstantFolder.binary(increment ? BinaryOp.ADD : BinaryOp.SUB, op,
                        ConstantFolder.convert(op, old), new Constant(op, 1)));
                variable.write(updated);
                yield saved != null ? new Expr.Read(saved) : variable.read(tree);
            }
        };
    }

    static BinaryOp arithmetic(Tree.Kind kind) {
        return switch (kind) {
            case PLUS -> BinaryOp.ADD;
            case MINUS -> BinaryOp.SUB;
            case MULTIPLY -> BinaryOp.MUL;
            case AND -> BinaryOp.AND;
            case OR -> BinaryOp.OR;
            case XOR -> BinaryOp.XOR;
            case LEFT_SHIFT -> BinaryOp.SHL;
            case RIGHT_SHIFT -> BinaryOp.SHR;
            case UNSIGNED_RIGHT_SHIFT -> BinaryOp.USHR;
            default -> throw new IllegalArgumentException(kind.toString());
        };
    }

    private static CompareOp comparison(Tree.Kind kind) {
        return switch (kind) {
            case LESS_THAN -> CompareOp.LT;
            case LESS_THAN_EQUAL -> CompareOp.LE;
            case GREATER_THAN -> CompareOp.GT;
            case GREATER_THAN_EQUAL -> CompareOp.GE;
            default -> throw new IllegalArgumentException(kind.toString());
        };
    }

}
