package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.MethodTree;
import com.sun.source.util.Trees;
import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.SourcePosition;
import dev.ebpf4j.processor.ir.Stmt;

import javax.lang.model.element.ExecutableElement;
import java.util.List;

/**
 * The lowering of one entry method (and everything inlined into it): wires the lowerers
 * ({@link StatementLowering}, {@link ExpressionLowering}, {@link AggregateLowering},
 * {@link AssignmentLowering}, {@link CallLowering}, {@link IndexRanges}, {@link ArrayLowering}),
 * which find one another here, to the state each is passed: the {@link SourceTrees}, the
 * {@link IrOutput} being filled, the {@link Flow} facts and the {@link Scopes} of the methods
 * being lowered. It holds no state of its own.
 */
final class FunctionLowering {
    final Reporter reporter;
    final Positions positions;
    final Declarations declarations;
    final StatementLowering statements;
    final ExpressionLowering expressions;
    final AggregateLowering aggregates;
    final AssignmentLowering assignments;
    final CallLowering calls;
    final IndexRanges ranges;
    final ArrayLowering arrays;
    /** The methods compiled as real functions, shared by every entry point of the class. */
    final Subprograms subprograms;
    /** The value whose lock a {@code withLock} body being lowered holds, whose fields its {@code get} reads; null elsewhere. */
    LockLowering.Held held;
    private final SourceTrees source;
    private final IrOutput output = new IrOutput();
    private final Flow flow = new Flow(output);
    private final Scopes scopes = new Scopes();

    FunctionLowering(Trees trees, SourceUnits units, Reporter reporter, Positions positions, Declarations declarations,
                     Subprograms subprograms) {
        this.subprograms = subprograms;
        this.source = new SourceTrees(trees, units);
        this.reporter = reporter;
        this.positions = positions;
        this.declarations = declarations;
        this.statements = new StatementLowering(this, source, output, flow, scopes);
        this.expressions = new ExpressionLowering(this, source, output, flow, scopes);
        this.aggregates = new AggregateLowering(this, source, output, flow, scopes);
        this.assignments = new AssignmentLowering(this, source, output, flow, scopes);
        this.calls = new CallLowering(this, source, output, flow, scopes);
        this.ranges = new IndexRanges(this, source, output, flow, scopes);
        this.arrays = new ArrayLowering(this, source, output, flow, scopes);
        flow.connect(ranges);
    }

    /** An entry point with an empty body, for the skeleton (which needs names and hooks only). */
    static Function emptyEntry(ExecutableElement method, Hook hook, SourcePosition position) {
        Local context = new Local(0, method.getParameters().getFirst().getSimpleName().toString(), new ContextType(hook));
        return new Function(method.getSimpleName().toString(), hook, List.of(context), Prim.INT,
                new Stmt.Block(null, List.of(), position), position);
    }

    /** Lowers the entry method {@code method}; errors are reported, the result is meaningless if any. */
    Function lowerEntry(ExecutableElement method, Hook hook) {
        MethodTree tree = source.trees.getTree(method);
        scopes.enter(hook, method.getParameters().getFirst().getSimpleName().toString());
        output.here = positions.of(tree);
        Local context = output.newLocal(method.getParameters().getFirst().getSimpleName().toString(), new ContextType(hook));
        Scopes.Frame frame = new Scopes.Frame(method, null, null);
        frame.bindings.put(method.getParameters().getFirst(), new Binding.Scalar(context));
        scopes.frames.push(frame);
        List<Stmt> body = output.collect(() -> statements.lowerBody(tree.getBody()));
        scopes.frames.pop();
        SourcePosition position = positions.of(tree);
        return new Function(method.getSimpleName().toString(), hook, List.of(context), Prim.INT,
                new Stmt.Block(null, body, positions.of(tree.getBody())), position);
    }

    /**
     * Lowers {@code method} as a real function called {@code name}: its parameters (primitives and
     * the context, see {@link InliningPolicy#whyNotCallable}) arrive in r1–r5, its returns return.
     */
    Function lowerSubprogram(ExecutableElement method, String name) {
        MethodTree tree = source.trees.getTree(method);
        output.here = positions.of(tree);
        Prim returnType = switch (JavaTypes.category(method.getReturnType())) {
            case VOID -> Prim.VOID;
            case VERDICT -> Prim.INT;
            default -> JavaTypes.primOf(method.getReturnType());
        };
        Scopes.Frame frame = new Scopes.Frame(method, null, null);
        frame.returnType = returnType;
        List<Local> parameters = new java.util.ArrayList<>();
        for (javax.lang.model.element.VariableElement parameter : method.getParameters()) {
            String parameterName = parameter.getSimpleName().toString();
            Local local;
            if (JavaTypes.category(parameter.asType()) == JavaTypes.Category.CONTEXT) {
                Hook hook = JavaTypes.context(parameter.asType());
                scopes.enter(hook, parameterName);
                local = output.newLocal(parameterName, new ContextType(hook));
            } else {
                local = output.newLocal(parameterName, JavaTypes.primOf(parameter.asType()));
            }
            parameters.add(local);
            frame.bindings.put(parameter, new Binding.Scalar(local));
        }
        scopes.frames.push(frame);
        List<Stmt> body = output.collect(() -> statements.lowerBody(tree.getBody()));
        scopes.frames.pop();
        return new Function(name, null, parameters, returnType, new Stmt.Block(null, body, positions.of(tree.getBody())),
                positions.of(tree));
    }
}
