package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Expr.Constant;
import dev.ebpf4j.processor.ir.FieldUpdate;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.SpinLockType;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.ir.UnaryOp;
import dev.ebpf4j.processor.ir.ValuePointer;
import dev.ebpf4j.processor.passes.ConstantFolder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Lowers {@code map.withLock(key, v -> { v.add(Rec::a, x); v.set(Rec::b, y); })} as C writes it:
 * one lookup, a null test, then {@link Stmt.Locked} (lock, the stores, unlock). The verifier
 * allows no call while a lock is held and wants it released on every path, so the body is
 * checked to be a list of {@code add} and {@code set} statements on the locked value whose
 * operands call nothing. An operand that reads only constants and the effectively final locals a
 * lambda captures is computed before the lookup, where the result is the same; one that reads the
 * locked value ({@code v.get(Rec::field)}, a load through the pointer) is computed under the lock,
 * after the changes before it, as on the JVM. The call's value is whether the key was found.
 */
final class LockLowering {
    private final FunctionLowering f;
    private final SourceTrees source;
    private final IrOutput output;
    private final Flow flow;

    LockLowering(FunctionLowering f, SourceTrees source, IrOutput output, Flow flow) {
        this.f = f;
        this.source = source;
        this.output = output;
        this.flow = flow;
    }

    /** The message for a record value holding a lock kept in a variable or passed to a method. */
    static String noVariable(StructType struct) {
        String record = simpleName(struct);
        return "a " + record + " holds a SpinLock, which a program never copies: build it in the map call itself ("
                + "map.putIfAbsent(key, new " + record + "(SpinLock.UNLOCKED, ...))) and change its fields with withLock(key, v -> ...)";
    }

    /**
     * The lock component of a record built in a program: only {@code SpinLock.UNLOCKED}, which is
     * 0, the state the kernel gives a new value's lock anyway (it never copies a lock from the program).
     */
    Expr unlocked(ExpressionTree tree, StructType struct) {
        javax.lang.model.element.Element element = source.elementOf(tree);
        if (element != null && element.getKind() == javax.lang.model.element.ElementKind.FIELD
                && element.getSimpleName().contentEquals("UNLOCKED")
                && element.getEnclosingElement() instanceof javax.lang.model.element.TypeElement owner
                && owner.getQualifiedName().contentEquals(SpinLockType.JAVA_NAME)) {
            return new Constant(Prim.INT, 0);
        }
        throw f.reporter.reject(tree, "the SpinLock of a new " + simpleName(struct) + " is SpinLock.UNLOCKED: the kernel keeps"
                + " the lock's state itself and starts every value unlocked");
    }

    /** The message for a map operation a program cannot make on values holding a lock, or null if it can. */
    static String refused(MapDecl map, String method) {
        if (SpinLockType.of(map.value()) == null) return null;
        String record = simpleName((StructType) map.value());
        return switch (method) {
            case "get", "getOrDefault" -> "'" + map.name() + "." + method + "' would copy the whole " + record + ", its SpinLock"
                    + " too, which the verifier forbids a program to read: change its fields under the lock with " + map.name()
                    + ".withLock(key, v -> v.add(" + record + "::field, n)), or read the value from user space";
            default -> null;
        };
    }

    /** The call {@code map.withLock(key, changes)}; {@code key} is lowered already, {@code spill} moves it into temporaries. */
    Expr lower(MapDecl map, MethodInvocationTree call, Expr key, BiFunction<Expr, Integer, Expr> spill) {
        if (!(map.value() instanceof StructType struct) || SpinLockType.of(struct) == null) {
            String value = map.value() instanceof StructType s ? simpleName(s) : ((Prim) map.value()).javaName();
            throw f.reporter.reject(call, "'withLock' takes the SpinLock of the value, and " + value + ", the value of '"
                    + map.name() + "', declares none: add one (record " + value + "(SpinLock lock, ...)), or update one field"
                    + " atomically with " + map.name() + ".add(key, " + value + "::field, delta)");
        }
        StructField lock = SpinLockType.of(struct);
        ExpressionTree body = call.getArguments().get(1);
        if (!(body instanceof LambdaExpressionTree lambda) || lambda.getParameters().size() != 1) {
            throw f.reporter.reject(body, "the changes must be a lambda written in the call (" + map.name()
                    + ".withLock(key, v -> { v.add(" + simpleName(struct) + "::field, n); })): the compiler turns its statements"
                    + " into the stores made under the lock");
        }
        String parameter = lambda.getParameters().getFirst().getName().toString();
        List<ExpressionTree> statements = statements(lambda, map);
        FieldUpdateLowering fields = new FieldUpdateLowering(f, source, output, flow);
        Local pointer = output.newLocal("value_ptr", new ValuePointer(map));
        List<Stmt.Change> changes = new ArrayList<>();
        for (ExpressionTree statement : statements) {
            MethodInvocationTree change = change(statement, parameter, map);
            String method = ((MemberSelectTree) change.getMethodSelect()).getIdentifier().toString();
            StructField field = fields.field(struct, map, change.getArguments().get(0));
            ExpressionTree operandTree = change.getArguments().get(1);
            int mark = output.current().size();
            Expr operand;
            if (checkOperand(operandTree, parameter, map)) {
                // it reads the locked value: evaluated under the lock, where it may only load and compute
                f.held = new Held(parameter, pointer, struct, map, fields);
                try {
                    operand = ConstantFolder.fold(f.expressions.prim(operandTree, (Prim) field.type()));
                } finally {
                    f.held = null;
                }
                if (output.current().size() > mark) {
                    throw f.reporter.reject(operandTree, "this value needs statements of its own, and under the lock there is"
                            + " room only for loads and arithmetic: compute the parts that do not read " + parameter
                            + " before withLock");
                }
            } else {
                operand = once(f.expressions.prim(operandTree, (Prim) field.type()));
                if (output.current().size() > mark) key = spill.apply(key, mark);
            }
            changes.add(new Stmt.Change(field, method.equals("add") ? FieldUpdate.ADD : FieldUpdate.SET, operand));
        }
        output.emit(new Stmt.Declare(pointer, new Expr.MapCall(map, MapOp.LOOKUP, key, null), output.here));
        flow.state = flow.state.without(pointer);
        Expr found = ConstantFolder.unary(UnaryOp.NOT, new Expr.IsNull(new Expr.Read(pointer)));
        Stmt locked = new Stmt.Locked(new Expr.Read(pointer), lock, changes, output.here);
        output.emit(new Stmt.If(found, new Stmt.Block(null, List.of(locked), output.here),
                new Stmt.Block(null, List.of(), output.here), output.here));
        return found;
    }

    /** The lambda's statements, each an expression; a return or anything but an expression statement is refused. */
    private List<ExpressionTree> statements(LambdaExpressionTree lambda, MapDecl map) {
        if (lambda.getBody() instanceof ExpressionTree expression) return List.of(expression);
        List<ExpressionTree> out = new ArrayList<>();
        for (StatementTree statement : ((BlockTree) lambda.getBody()).getStatements()) {
            if (statement instanceof ReturnTree) {
                throw f.reporter.reject(statement, "a return inside withLock would leave " + map.name() + "'s value locked (the"
                        + " verifier wants the lock released on every path): decide before withLock whether to call it");
            }
            if (!(statement instanceof ExpressionStatementTree expression)) {
                throw f.reporter.reject(statement, "withLock's body holds only v.add(...) and v.set(...) statements, the stores"
                        + " made under the lock: compute values, and decide with if, before the call");
            }
            out.add(expression.getExpression());
        }
        return out;
    }

    /** {@code v.add(field, operand)} or {@code v.set(field, operand)} on the lambda's parameter {@code v}; anything else is refused. */
    private MethodInvocationTree change(ExpressionTree statement, String parameter, MapDecl map) {
        if (statement instanceof MethodInvocationTree call && call.getMethodSelect() instanceof MemberSelectTree select
                && select.getExpression() instanceof IdentifierTree receiver && receiver.getName().contentEquals(parameter)) {
            String method = select.getIdentifier().toString();
            if (method.equals("add") || method.equals("set")) return call;
            throw f.reporter.reject(statement, "'" + parameter + "." + method + "' as a statement changes nothing: withLock's body holds only "
                    + parameter + ".add(...) and " + parameter + ".set(...) statements");
        }
        if (statement instanceof MethodInvocationTree call) refuseCall(call, map);
        throw f.reporter.reject(statement, "withLock's body holds only " + parameter + ".add(...) and " + parameter
                + ".set(...) statements, the stores made under the lock: compute values before the call");
    }

    /**
     * Refuses any call, object creation or assignment in an operand: it would run while the lock is
     * held. True if the operand reads the locked value ({@code v.get(Rec::field)}).
     */
    private boolean checkOperand(ExpressionTree operand, String parameter, MapDecl map) {
        boolean[] reads = new boolean[1];
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
                if (call.getMethodSelect() instanceof MemberSelectTree select && select.getExpression() instanceof IdentifierTree
                        receiver && receiver.getName().contentEquals(parameter)) {
                    if (!select.getIdentifier().contentEquals("get")) {
                        throw f.reporter.reject(call, "'" + call + "' inside a value: only " + parameter + ".get(...) reads the"
                                + " locked value; make each change a statement of its own");
                    }
                    reads[0] = true;
                    return null;
                }
                refuseCall(call, map);
                return null;
            }

            @Override
            public Void visitNewClass(NewClassTree creation, Void unused) {
                throw f.reporter.reject(creation, "nothing is created while " + map.name() + "'s value is locked: compute '"
                        + creation + "' before withLock");
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree inner, Void unused) {
                throw f.reporter.reject(inner, "no lambda inside withLock: compute the value before the call");
            }
        }.scan(operand, null);
        if (operand.getKind() == Tree.Kind.ASSIGNMENT || operand.getKind().name().endsWith("_ASSIGNMENT")
                || operand.getKind().name().contains("CREMENT")) {
            throw f.reporter.reject(operand, "no assignment inside withLock (a lambda cannot change a local anyway): compute the"
                    + " value before the call");
        }
        return reads[0];
    }

    /** The locked value while its {@code withLock} body is lowered: {@code v.get(Rec::field)} is a load through its pointer. */
    record Held(String parameter, Local pointer, StructType struct, MapDecl map, FieldUpdateLowering fields) {
        boolean reads(MethodInvocationTree call) {
            return call.getMethodSelect() instanceof MemberSelectTree select && select.getIdentifier().contentEquals("get")
                    && select.getExpression() instanceof IdentifierTree receiver && receiver.getName().contentEquals(parameter);
        }

        /** The field's value as {@code LockedValue.get} returns it: a long. */
        Expr load(MethodInvocationTree call) {
            StructField field = fields.field(struct, map, call.getArguments().getFirst());
            return ConstantFolder.convert(Prim.LONG, new Expr.LoadField(new Expr.Read(pointer), field));
        }
    }

    /** A call under the lock: a nested lock or any other call, each refused with its way out. */
    private void refuseCall(MethodInvocationTree call, MapDecl map) {
        if (call.getMethodSelect() instanceof MemberSelectTree select && select.getIdentifier().contentEquals("withLock")) {
            throw f.reporter.reject(call, "withLock inside withLock: the kernel lets a program hold one bpf_spin_lock at a time;"
                    + " make the second withLock call after the first, or keep the fields in one record under one lock");
        }
        throw f.reporter.reject(call, "'" + call + "' would run while " + map.name() + "'s value is locked, and the verifier"
                + " allows no call under bpf_spin_lock: compute it into a local before withLock (long x = " + call + ";)");
    }

    /**
     * {@code value} in a temporary unless it is a constant, a local or a local negated (which the
     * back end subtracts, as clang does): it is evaluated after the lock helper.
     */
    private Expr once(Expr value) {
        value = ConstantFolder.fold(value);
        if (value instanceof Constant || value instanceof Expr.Read) return value;
        if (value instanceof Expr.Unary(var op, Expr.Read read) && op == UnaryOp.NEG) return value;
        return new Expr.Read(flow.declare("operand", value.type(), value));
    }

    private static String simpleName(StructType struct) {
        String name = struct.javaName();
        return name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1);
    }
}
