package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers a call of a program method that {@link InliningPolicy} compiles as a real function: the
 * arguments in order (spilled to temporaries when a later one has effects, as Java evaluates them
 * first), then an {@link Expr.Call} whose value is kept in a local, so the call happens where Java
 * makes it and once.
 */
final class FunctionCallLowering {
    private final FunctionLowering f;
    private final IrOutput output;
    private final Flow flow;

    FunctionCallLowering(FunctionLowering f, IrOutput output, Flow flow) {
        this.f = f;
        this.output = output;
        this.flow = flow;
    }

    /** The call's value (a VOID constant for a void method); with {@code used} false it is emitted as a statement. */
    Expr lower(MethodInvocationTree call, ExecutableElement method, boolean used) {
        Function function = f.subprograms.function(method, call);
        List<? extends VariableElement> parameters = method.getParameters();
        List<? extends ExpressionTree> args = call.getArguments();
        List<Expr> values = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            int mark = output.current().size();
            Expr value = JavaTypes.category(parameters.get(i).asType()) == JavaTypes.Category.CONTEXT
                    ? f.expressions.scalar(args.get(i))
                    : f.expressions.prim(args.get(i), JavaTypes.primOf(parameters.get(i).asType()));
            if (output.current().size() > mark) f.expressions.spill(values, mark);
            values.add(value);
        }
        Expr.Call lowered = new Expr.Call(function.name(), function.returnType(), values);
        if (!used || function.returnType() == Prim.VOID) {
            output.emit(new Stmt.Eval(lowered, output.here));
            return new Expr.Constant(Prim.VOID, 0);
        }
        return new Expr.Read(flow.declare(function.name() + "_result", function.returnType(), lowered));
    }
}
