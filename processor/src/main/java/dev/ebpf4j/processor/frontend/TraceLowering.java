package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodInvocationTree;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.program.TraceFormat;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * {@code Bpf.trace(format, ...)} to {@link Stmt.Trace}: the format must be a constant string the
 * kernel prints ({@link TraceFormat}, checked here so that a bad one is a compile error rather than
 * a silent -EINVAL at run time); the arguments are evaluated as longs.
 */
final class TraceLowering {
    private final Reporter reporter;
    private final SourceTrees source;
    private final IrOutput output;
    private final ExpressionLowering expressions;

    TraceLowering(Reporter reporter, SourceTrees source, IrOutput output, ExpressionLowering expressions) {
        this.reporter = reporter;
        this.source = source;
        this.output = output;
        this.expressions = expressions;
    }

    /** True if {@code method} is one of the {@code Bpf.trace} overloads. */
    static boolean isTrace(ExecutableElement method) {
        return method.getSimpleName().contentEquals("trace")
                && method.getEnclosingElement() instanceof TypeElement owner
                && owner.getQualifiedName().contentEquals(JavaTypes.PROGRAM + ".Bpf");
    }

    void lower(MethodInvocationTree call) {
        List<? extends ExpressionTree> args = call.getArguments();
        ExpressionTree formatTree = args.getFirst();
        String format = constant(formatTree);
        if (format == null) {
            throw reporter.reject(formatTree, "the trace format must be a constant string (a literal or a static final"
                    + " String): bpf_trace_printk's format is part of the program, written when it is compiled");
        }
        String problem = TraceFormat.problem(format, args.size() - 1);
        if (problem != null) throw reporter.reject(formatTree, problem);
        List<Expr> arguments = expressions.operands(args.subList(1, args.size()), i -> Prim.LONG);
        output.emit(new Stmt.Trace(format, arguments, output.here));
    }

    private String constant(ExpressionTree tree) {
        if (tree instanceof LiteralTree literal) return literal.getValue() instanceof String s ? s : null;
        Element element = source.elementOf(tree);
        if (element instanceof VariableElement variable && variable.getConstantValue() instanceof String s) return s;
        return null;
    }
}
