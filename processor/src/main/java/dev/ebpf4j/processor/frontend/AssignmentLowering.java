package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Expr.Constant;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;

import dev.ebpf4j.processor.passes.ConstantFolder;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Assignments to local variables: plain, compound (computed in the promoted type and narrowed
 * back, as Java does), and the targets of increments; a write to a field is an error.
 */
final class AssignmentLowering {
    private final FunctionLowering f;
    private final SourceTrees source;
    private final IrOutput output;
    private final Flow flow;
    private final Scopes scopes;

    AssignmentLowering(FunctionLowering f, SourceTrees source, IrOutput output, Flow flow, Scopes scopes) {
        this.f = f;
        this.source = source;
        this.output = output;
        this.flow = flow;
        this.scopes = scopes;
    }

    Expr assignment(AssignmentTree tree) {
        Variable variable = variable(tree.getVariable());
        variable.assign(tree.getExpression());
        return variable.value(tree);
    }

    Expr compound(CompoundAssignmentTree tree) {
        Variable variable = variable(tree.getVariable());
        Prim type = variable.type();
        Tree.Kind kind = tree.getKind();
        if (kind == Tree.Kind.DIVIDE_ASSIGNMENT || kind == Tree.Kind.REMAINDER_ASSIGNMENT) {
            throw f.reporter.reject(tree, Messages.DIVISION);
        }
        Prim rightType = f.expressions.primType(tree.getExpression());
        boolean shift = kind == Tree.Kind.LEFT_SHIFT_ASSIGNMENT || kind == Tree.Kind.RIGHT_SHIFT_ASSIGNMENT
                || kind == Tree.Kind.UNSIGNED_RIGHT_SHIFT_ASSIGNMENT;
        Prim op = type == Prim.BOOLEAN ? Prim.BOOLEAN : shift ? type.promoted()
                : (type == Prim.LONG || rightType == Prim.LONG) ? Prim.LONG : Prim.INT;
        Expr current = variable.read(tree.getVariable());
        int mark = output.current().size();
        Expr right = f.expressions.prim(tree.getExpression(), op);
        if (output.current().size() > mark) {
            List<Expr> spilled = new ArrayList<>(List.of(current));
            f.expressions.spill(spilled, mark);
            current = spilled.getFirst();
        }
        BinaryOp binary = switch (kind) {
            case PLUS_ASSIGNMENT -> BinaryOp.ADD;
            case MINUS_ASSIGNMENT -> BinaryOp.SUB;
            case MULTIPLY_ASSIGNMENT -> BinaryOp.MUL;
            case AND_ASSIGNMENT -> BinaryOp.AND;
            case OR_ASSIGNMENT -> BinaryOp.OR;
            case XOR_ASSIGNMENT -> BinaryOp.XOR;
            case LEFT_SHIFT_ASSIGNMENT -> BinaryOp.SHL;
            case RIGHT_SHIFT_ASSIGNMENT -> BinaryOp.SHR;
            case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> BinaryOp.USHR;
            default -> throw f.reporter.reject(tree, "this operator is not supported");
        };
        variable.write(ConstantFolder.convert(type, ConstantFolder.binary(binary, op, ConstantFolder.convert(op, current), right)));
        return variable.read(tree);
    }

    // ---- assignment targets

    /** A local variable as an assignment target. */
    Variable variable(ExpressionTree tree) {
        while (tree instanceof ParenthesizedTree p) tree = p.getExpression();
        Element element = source.elementOf(tree);
        GlobalLowering globals = new GlobalLowering(f, source, output, flow);
        if (globals.of(element) instanceof dev.ebpf4j.processor.ir.GlobalDecl global) {
            globals.checkAssignable(tree, global);
            return new GlobalVariable(globals.new Target(global));
        }
        if (element != null && element.getKind() == ElementKind.FIELD) {
            throw f.reporter.reject(tree, Messages.staticWrite(element.getSimpleName().toString()));
        }
        if (tree instanceof com.sun.source.tree.ArrayAccessTree access) return f.arrays.variable(access);
        Binding binding = element == null ? null : scopes.binding(element);
        if (binding == null) scopes.checkNotRefused(element);
        if (binding == null) throw f.reporter.reject(tree, "only local variables can be assigned in a program");
        f.arrays.checkAssignable(binding, tree);
        return new Variable(binding, element.getSimpleName().toString());
    }

    /** A plain {@code @Shared} global as an assignment target: loads and stores of its memory. */
    final class GlobalVariable extends Variable {
        private final GlobalLowering.Target target;

        GlobalVariable(GlobalLowering.Target target) {
            super(null, null);
            this.target = target;
        }

        @Override
        Prim type() {
            return target.type();
        }

        @Override
        Expr read(Tree at) {
            return target.read();
        }

        @Override
        void write(Expr value) {
            target.write(value);
        }

        @Override
        void assign(ExpressionTree tree) {
            target.assign(tree);
        }
    }

    /** An assignable variable: a scalar local or a scalar-replaced aggregate (or an array element, see {@link ArrayLowering}). */
    class Variable {
        final Binding binding;
        final String name;

        Variable(Binding binding, String name) {
            this.binding = binding;
            this.name = name;
        }

        Prim type() {
            return switch (binding) {
                case Binding.Scalar(Local local) when local.type() instanceof Prim p -> p;
                case Binding.Aggregate a when a.type() instanceof Prim p -> p;
                default -> Prim.VOID;
            };
        }

        Expr read(Tree at) {
            return switch (binding) {
                case Binding.Scalar(Local local) -> new Expr.Read(local);
                case Binding.Aggregate a -> f.aggregates.parts(new AggregateLowering.Aggregate(a.type(), new Expr.Read(a.present()),
                        a.parts().stream().map(l -> (Expr) new Expr.Read(l)).toList()), at, "'" + name + "'").getFirst();
            };
        }

        /** The variable's value as the value of an assignment expression. */
        Expr value(Tree at) {
            return read(at);
        }

        void write(Expr value) {
            switch (binding) {
                case Binding.Scalar(Local local) -> flow.assign(local, value);
                case Binding.Aggregate a -> {
                    flow.assign(a.present(), Constant.ofBoolean(true));
                    flow.assign(a.parts().getFirst(), value);
                }
            }
        }

        void assign(ExpressionTree tree) {
            switch (binding) {
                case Binding.Scalar(Local local) -> flow.assign(local, local.type() instanceof Prim p ? f.expressions.prim(tree, p) : f.expressions.scalar(tree));
                case Binding.Aggregate a -> {
                    AggregateLowering.Aggregate value = f.aggregates.aggregate(tree, a.type(), name);
                    f.aggregates.fresh.clear();
                    flow.assign(a.present(), value.present());
                    for (int i = 0; i < a.parts().size(); i++) flow.assign(a.parts().get(i), value.parts().get(i));
                }
            }
        }
    }
}
