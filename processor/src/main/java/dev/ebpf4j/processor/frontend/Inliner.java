package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import dev.ebpf4j.processor.frontend.AggregateLowering.Aggregate;
import dev.ebpf4j.processor.frontend.Scopes.Frame;
import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.IrType;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.SourcePosition;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.ValueType;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Inlines a call of a static method of the program class, or of another class compiled with it
 * (whose compilation unit then joins the {@link SourceUnits}): a labelled block that binds the
 * parameters to fresh locals, runs the body with its returns turned into an assignment of a
 * result local and a break out of the block. Null facts flow in through the arguments (a view
 * checked by the caller stays checked in the callee); an array parameter names the caller's array,
 * as Java passes the reference; recursion is an error.
 */
final class Inliner {
    private final FunctionLowering f;
    private final SourceTrees source;
    private final IrOutput output;
    private final Flow flow;
    private final Scopes scopes;

    Inliner(FunctionLowering f, SourceTrees source, IrOutput output, Flow flow, Scopes scopes) {
        this.f = f;
        this.source = source;
        this.output = output;
        this.flow = flow;
        this.scopes = scopes;
    }

    Expr inline(MethodInvocationTree call, ExecutableElement method) {
        return inline(call, method, null);
    }

    /**
     * Inlines a call of a method that returns a record (or a boxed primitive) of {@code type}: each
     * return assigns the value's fields to one result local per field (and its presence), which the
     * caller's variable then takes over, as it takes over a lookup's locals.
     */
    Aggregate inlineAggregate(MethodInvocationTree call, ExecutableElement method, ValueType type) {
        String name = method.getSimpleName().toString();
        List<dev.ebpf4j.processor.ir.FieldType> prims = AggregateLowering.primsOf(type);
        if (prims.stream().anyMatch(t -> !(t instanceof Prim))) {
            throw f.reporter.reject(call, "'" + name + "' returns a record with an array component, which an inlined method"
                    + " cannot hand back field by field: build the record where it is used, or return its parts");
        }
        Local present = flow.newPresence(name + "_result");
        output.emit(new Stmt.Declare(present, null, output.here));
        List<Local> parts = new ArrayList<>();
        for (int i = 0; i < prims.size(); i++) {
            Local part = output.newLocal(AggregateLowering.partName(name + "_result", type, i), prims.get(i));
            output.emit(new Stmt.Declare(part, null, output.here));
            parts.add(part);
        }
        Binding.Aggregate result = new Binding.Aggregate(type, present, parts);
        inline(call, method, result);
        f.aggregates.fresh.add(present); // nothing else holds these locals: a variable may take them over
        return new Aggregate(type, new Expr.Read(present), parts.stream().map(l -> (Expr) new Expr.Read(l)).toList());
    }

    private Expr inline(MethodInvocationTree call, ExecutableElement method, Binding.Aggregate aggregateResult) {
        String name = method.getSimpleName().toString();
        if (!method.getModifiers().contains(Modifier.STATIC)) throw f.reporter.reject(call, Messages.instanceCall(name));
        for (Frame frame : scopes.frames) {
            if (frame.method.equals(method)) throw f.reporter.reject(call.getMethodSelect(), Messages.recursion(name));
        }
        MethodTree tree = source.trees.getTree(method);
        if (tree == null || tree.getBody() == null) throw f.reporter.reject(call, Messages.outsideApi(name));
        source.units.add(source.trees.getPath(method).getCompilationUnit()); // a method of another class: its trees
        if (method.isVarArgs()) throw f.reporter.reject(tree.getParameters().getLast(), Messages.varargs(name, tree.getParameters().getLast()));

        // arguments, in order, before the callee runs
        List<? extends VariableElement> parameters = method.getParameters();
        List<? extends ExpressionTree> args = call.getArguments();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            VariableElement parameter = parameters.get(i);
            int mark = output.current().size();
            Object value = ArrayLowering.isArray(parameter.asType()) ? f.arrays.argument(args.get(i), parameter, tree.getBody())
                    : switch (JavaTypes.category(parameter.asType())) {
                case PRIMITIVE -> f.expressions.prim(args.get(i), JavaTypes.primOf(parameter.asType()));
                case VERDICT, VIEW, CONTEXT -> f.expressions.scalar(args.get(i));
                case BOXED, RECORD -> {
                    ValueType type = f.aggregates.valueType(args.get(i));
                    if (dev.ebpf4j.processor.ir.SpinLockType.of(type) != null) {
                        throw f.reporter.reject(args.get(i), LockLowering.noVariable((dev.ebpf4j.processor.ir.StructType) type));
                    }
                    yield f.aggregates.aggregate(args.get(i), type, parameter.getSimpleName().toString());
                }
                default -> throw f.reporter.reject(args.get(i), Messages.unsupportedType("parameter '" + parameter.getSimpleName()
                        + "' of " + name, parameter.asType()));
            };
            if (output.current().size() > mark) spillEarlier(values, mark);
            values.add(value);
        }

        IrType resultType = aggregateResult != null ? null : switch (JavaTypes.category(method.getReturnType())) {
            case VOID -> null;
            case PRIMITIVE -> JavaTypes.primOf(method.getReturnType());
            case VERDICT -> Prim.INT;
            case VIEW -> JavaTypes.view(method.getReturnType());
            case CONTEXT -> new ContextType(JavaTypes.context(method.getReturnType()));
            default -> throw f.reporter.reject(call, Messages.unsupportedType("the result of " + name, method.getReturnType())
                    + " (a method of the program returns a primitive, a verdict, a view or a record)");
        };
        Local result = null;
        if (resultType != null) {
            result = output.newLocal(name + "_result", resultType);
            output.emit(new Stmt.Declare(result, null, output.here));
        }
        String label = output.newLabel(name);
        Frame frame = new Frame(method, label, result);
        frame.aggregateResult = aggregateResult;
        SourcePosition callPosition = output.here;
        scopes.frames.push(frame);
        List<Stmt> body;
        try {
            body = output.collect(() -> {
                for (int i = 0; i < parameters.size(); i++) bind(frame, parameters.get(i), values.get(i));
                f.statements.lowerBody(tree.getBody());
            });
        } finally {
            scopes.frames.pop();
            output.here = callPosition;
        }
        List<FlowState> exits = new ArrayList<>(frame.returnStates);
        exits.add(flow.state);
        flow.state = FlowState.joinAll(exits);
        if (result != null) flow.state = flow.state.without(result);
        output.emit(new Stmt.Block(label, body, callPosition));
        return result == null ? new Expr.Constant(Prim.VOID, 0) : new Expr.Read(result);
    }

    private void bind(Frame frame, VariableElement parameter, Object value) {
        String name = parameter.getSimpleName().toString();
        switch (value) {
            case Expr expr -> frame.bindings.put(parameter, new Binding.Scalar(flow.declare(name, scalarType(parameter, expr), expr)));
            case Local array -> frame.bindings.put(parameter, new Binding.Scalar(array)); // Java passes the array itself
            case Aggregate aggregate -> {
                f.aggregates.fresh.clear(); // a parameter is a copy: Java's value may be reassigned by the caller later
                frame.bindings.put(parameter, f.aggregates.materialize(name, aggregate));
            }
            default -> throw new IllegalStateException(String.valueOf(value));
        }
    }

    private static IrType scalarType(VariableElement parameter, Expr value) {
        Prim prim = JavaTypes.primOf(parameter.asType());
        return prim != null ? prim : value.type();
    }

    private void spillEarlier(List<Object> values, int mark) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) instanceof Expr expr) {
                List<Expr> one = new ArrayList<>(List.of(expr));
                f.expressions.spill(one, mark);
                values.set(i, one.getFirst());
            } else if (values.get(i) instanceof Local array && f.arrays.replaceable(array)) {
                // a record's array, and the later argument may replace the record: pass the array it had
                Local copy = output.newLocal(array.name() + "_copy", array.type());
                output.current().add(mark++, new Stmt.Declare(copy, new Expr.Read(array), output.here));
                values.set(i, copy);
            } else if (values.get(i) instanceof Aggregate a) {
                List<Expr> all = new ArrayList<>();
                all.add(a.present());
                all.addAll(a.parts());
                f.expressions.spill(all, mark);
                values.set(i, new Aggregate(a.type(), all.getFirst(), all.subList(1, all.size())));
            }
        }
    }
}
