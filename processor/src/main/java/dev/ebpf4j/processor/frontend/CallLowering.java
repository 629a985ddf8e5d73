package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import dev.ebpf4j.processor.frontend.AggregateLowering.Aggregate;
import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Expr.Constant;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.ir.UnaryOp;
import dev.ebpf4j.processor.ir.ValuePointer;
import dev.ebpf4j.processor.ir.ValueType;
import dev.ebpf4j.processor.ir.ViewKind;

import dev.ebpf4j.processor.passes.ConstantFolder;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers method calls: map operations on the program's map fields, header view and context
 * accessors, {@code Bpf} helpers and the JDK's integer methods (as {@link Intrinsic}s or plain
 * operators), record accessors on scalar-replaced values, and calls of static methods of the
 * program class or of another class compiled with it, which are inlined ({@link Inliner}) or, for
 * the program's own methods where {@link InliningPolicy} says so, real bpf-to-bpf calls
 * ({@link FunctionCallLowering}).
 */
final class CallLowering {
    private final FunctionLowering f;
    private final SourceTrees source;
    private final IrOutput output;
    private final Flow flow;
    private final Scopes scopes;

    CallLowering(FunctionLowering f, SourceTrees source, IrOutput output, Flow flow, Scopes scopes) {
        this.f = f;
        this.source = source;
        this.output = output;
        this.flow = flow;
        this.scopes = scopes;
    }

    /** The value of a call in an expression. */
    Expr scalar(MethodInvocationTree call) {
        if (f.held != null && f.held.reads(call)) return f.held.load(call);
        GlobalLowering globals = new GlobalLowering(f, source, output, flow);
        if (globals.atomicOf(call) instanceof dev.ebpf4j.processor.ir.GlobalDecl atomic) {
            Expr value = globals.call(call, atomic, true);
            if (value == null) throw f.reporter.reject(call, "'" + atomic.name() + ".set(...)' has no value; call it as a statement");
            return value;
        }
        MapDecl map = mapOf(call);
        if (map != null) {
            String name = methodName(call);
            if (name.equals("get") || name.equals("getOrDefault")) {
                refuseOnLockedValues(map, call);
                Aggregate value = mapValue(map, call, "value");
                if (!(value.type() instanceof Prim)) {
                    throw f.reporter.reject(call, "a record map value is used as a value here: read its fields"
                            + " through a variable (var v = " + map.name() + ".get(key); if (v != null) ... v.field())");
                }
                return f.aggregates.parts(value, call, "the result of " + map.name() + "." + name + "(...)").getFirst();
            }
            Expr result = mapCall(map, call);
            if (result.type() == Prim.VOID) return result;
            return new Expr.Read(flow.declare(name.equals("containsKey") ? "found" : "ok", Prim.BOOLEAN, result));
        }
        ExecutableElement method = method(call);
        if (isProgramMethod(method)) {
            if (f.subprograms.policy.callsAsFunction(method)) return new FunctionCallLowering(f, output, flow).lower(call, method, true);
            return new Inliner(f, source, output, flow, scopes).inline(call, method);
        }
        return api(call, method);
    }

    /** A call evaluated for its effect. */
    void effect(MethodInvocationTree call) {
        GlobalLowering globals = new GlobalLowering(f, source, output, flow);
        if (globals.atomicOf(call) instanceof dev.ebpf4j.processor.ir.GlobalDecl atomic) {
            globals.call(call, atomic, false);
            return;
        }
        MapDecl map = mapOf(call);
        if (map != null) {
            String name = methodName(call);
            if (name.equals("get") || name.equals("getOrDefault")) {
                refuseOnLockedValues(map, call);
                mapValue(map, call, "unused");
                return;
            }
            output.emit(new Stmt.Eval(mapCall(map, call), output.here));
            return;
        }
        ExecutableElement method = method(call);
        if (isProgramMethod(method)) {
            if (f.subprograms.policy.callsAsFunction(method)) new FunctionCallLowering(f, output, flow).lower(call, method, false);
            else new Inliner(f, source, output, flow, scopes).inline(call, method);
            return;
        }
        if (TraceLowering.isTrace(method)) {
            new TraceLowering(f.reporter, source, output, f.expressions).lower(call);
            return;
        }
        api(call, method);
    }

    /** The value of a call whose type is a boxed primitive or a record. */
    Aggregate aggregate(MethodInvocationTree call, ValueType type, String hint) {
        MapDecl map = mapOf(call);
        if (map != null && (methodName(call).equals("get") || methodName(call).equals("getOrDefault"))) {
            refuseOnLockedValues(map, call);
            return mapValue(map, call, hint);
        }
        if (type instanceof Prim prim) {
            return new Aggregate(type, Constant.ofBoolean(true), List.of(ConstantFolder.convert(prim, scalar(call))));
        }
        ExecutableElement method = method(call);
        if (isProgramMethod(method)) {
            if (f.subprograms.policy.callsAsFunction(method)) {
                throw f.reporter.reject(call, "'" + method.getSimpleName() + "' returns a record, which a real function call"
                        + " cannot hand back (r0 holds one value): drop its @NoInline, and it is inlined");
            }
            return new Inliner(f, source, output, flow, scopes).inlineAggregate(call, method, type);
        }
        throw f.reporter.reject(call, "a record here must come from a map's get or getOrDefault, a method of the program,"
                + " or be built with new: records are kept as one local per field");
    }

    // ---- maps

    private String methodName(MethodInvocationTree call) {
        return switch (call.getMethodSelect()) {
            case MemberSelectTree select -> select.getIdentifier().toString();
            default -> call.getMethodSelect().toString();
        };
    }

    /** The map a call is made on, or null. */
    private MapDecl mapOf(MethodInvocationTree call) {
        if (!(call.getMethodSelect() instanceof MemberSelectTree select)) return null;
        Element receiver = source.elementOf(select.getExpression());
        if (receiver == null || receiver.getKind() != ElementKind.FIELD) return null;
        MapDecl map = f.declarations.maps().get(receiver);
        if (map == null && (JavaTypes.category(receiver.asType()) == JavaTypes.Category.MAP
                || JavaTypes.category(receiver.asType()) == JavaTypes.Category.RING_BUFFER)) {
            throw f.reporter.reject(select.getExpression(), "map '" + receiver.getSimpleName() + "' is not declared in"
                    + " this program class (or its declaration has errors): a program can only use its own map fields");
        }
        return map;
    }

    private Expr mapCall(MapDecl map, MethodInvocationTree call) {
        String name = methodName(call);
        refuseOnLockedValues(map, call);
        List<? extends ExpressionTree> args = call.getArguments();
        if (map.kind() == MapKind.RINGBUF) {
            if (!name.equals("output")) throw f.reporter.reject(call, userSpaceOnly(map, name));
            MapOp op = args.size() == 2 ? outputWithWakeup(args.get(1)) : MapOp.OUTPUT;
            return new Expr.MapCall(map, op, null, structValue((StructType) map.value(), args.getFirst(), "event"));
        }
        if (map.kind() == MapKind.LPM_TRIE) return new LpmTries(f.reporter, output, f.expressions, f.aggregates).call(map, call, name);
        return switch (name) {
            case "containsKey" -> new Expr.MapCall(map, MapOp.CONTAINS_KEY, key(map, args.getFirst()), null);
            case "remove" -> new Expr.MapCall(map, MapOp.REMOVE, key(map, args.getFirst()), null);
            case "put", "putIfAbsent" -> {
                Expr[] kv = keyAndValue(map, args.get(0), args.get(1));
                yield new Expr.MapCall(map, name.equals("put") ? MapOp.PUT : MapOp.PUT_IF_ABSENT, kv[0], kv[1]);
            }
            case "increment" -> {
                if (map.value() != Prim.INT && map.value() != Prim.LONG) {
                    throw f.reporter.reject(call, "increment needs a map of Long or Integer values, and '" + map.name()
                            + "' holds " + map.value() + ": the kernel adds to a counter of 4 or 8 bytes; use get and put instead");
                }
                Expr key = key(map, args.getFirst());
                Expr delta = Constant.ofLong(1);
                if (args.size() == 2) {
                    int mark = output.current().size();
                    delta = f.expressions.prim(args.get(1), Prim.LONG);
                    if (output.current().size() > mark) key = spill(key, mark);
                }
                yield new Expr.MapCall(map, MapOp.INCREMENT, key, delta);
            }
            case "withLock" -> new LockLowering(f, source, output, flow).lower(map, call, key(map, args.getFirst()), this::spill);
            case String update when FieldUpdateLowering.handles(update) -> new FieldUpdateLowering(f, source, output, flow)
                    .lower(map, call, name, key(map, args.getFirst()), this::spill, (struct, tree) -> structValue(struct, tree, "initial value"));
            default -> throw f.reporter.reject(call, userSpaceOnly(map, name));
        };
    }

    /** Rejects what a program cannot do on values that hold a SpinLock (copy them, build them). */
    private void refuseOnLockedValues(MapDecl map, MethodInvocationTree call) {
        String message = LockLowering.refused(map, methodName(call));
        if (message != null) throw f.reporter.reject(call, message);
    }

    /** The output for a {@code BpfRingBuffer.Wakeup} constant: the helper's flags are an immediate. */
    private MapOp outputWithWakeup(ExpressionTree wakeup) {
        Element constant = source.elementOf(wakeup);
        if (constant == null || constant.getKind() != ElementKind.ENUM_CONSTANT) {
            throw f.reporter.reject(wakeup, "the wake-up of output must be a constant (Wakeup.ADAPTIVE, Wakeup.NO_WAKEUP or"
                    + " Wakeup.FORCE_WAKEUP): it becomes the flags of bpf_ringbuf_output, fixed in the program");
        }
        return switch (constant.getSimpleName().toString()) {
            case "NO_WAKEUP" -> MapOp.OUTPUT_NO_WAKEUP;
            case "FORCE_WAKEUP" -> MapOp.OUTPUT_FORCE_WAKEUP;
            default -> MapOp.OUTPUT;
        };
    }

    private static String userSpaceOnly(MapDecl map, String name) {
        return "'" + map.name() + "." + name + "' is not available in a program: only get, getOrDefault, containsKey, put,"
                + " putIfAbsent, remove, increment, add, or, and, xor, set, addOrInsert and withLock (output for a ring buffer) have kernel"
                + " helpers; call it from user space";
    }

    private Expr key(MapDecl map, ExpressionTree tree) {
        if (map.kind() == MapKind.LPM_TRIE) return new LpmTries(f.reporter, output, f.expressions, f.aggregates).lookupKey(map, tree);
        return operand(map.key(), tree, "key");
    }

    private Expr operand(ValueType type, ExpressionTree tree, String role) {
        return switch (type) {
            case Prim prim -> f.expressions.prim(tree, prim);
            case StructType struct -> structValue(struct, tree, role);
        };
    }

    private Expr structValue(StructType struct, ExpressionTree tree, String role) {
        Aggregate value = f.aggregates.aggregate(tree, struct, role);
        return new Expr.StructValue(struct, f.aggregates.parts(value, tree, tree instanceof com.sun.source.tree.IdentifierTree
                ? "'" + tree + "'" : "the " + role));
    }

    private Expr[] keyAndValue(MapDecl map, ExpressionTree keyTree, ExpressionTree valueTree) {
        Expr key = key(map, keyTree);
        int mark = output.current().size();
        Expr value = operand(map.value(), valueTree, "value");
        if (output.current().size() > mark) key = spill(key, mark);
        return new Expr[] {key, value};
    }

    /** {@code value} (or each field of a struct value) moved into temporaries declared at {@code mark}. */
    private Expr spill(Expr value, int mark) {
        if (value instanceof Expr.StructValue(StructType struct, List<Expr> fields)) {
            List<Expr> spilled = new ArrayList<>(fields);
            f.expressions.spill(spilled, mark);
            return new Expr.StructValue(struct, spilled);
        }
        List<Expr> spilled = new ArrayList<>(List.of(value));
        f.expressions.spill(spilled, mark);
        return spilled.getFirst();
    }

    /**
     * {@code get} or {@code getOrDefault}: the lookup into a pointer local, then a copy of the value
     * taken right there (Java's get returns a copy, so later puts must not change it): a presence
     * flag and one local per field.
     */
    private Aggregate mapValue(MapDecl map, MethodInvocationTree call, String hint) {
        String name = methodName(call);
        if (map.kind() == MapKind.RINGBUF) throw f.reporter.reject(call, userSpaceOnly(map, name));
        List<? extends ExpressionTree> args = call.getArguments();
        Expr key = key(map, args.getFirst());
        List<Expr> fallback = null;
        if (name.equals("getOrDefault")) {
            int mark = output.current().size();
            Aggregate value = f.aggregates.aggregate(args.get(1), map.value(), "fallback");
            fallback = f.aggregates.parts(value, args.get(1), "the fallback");
            if (output.current().size() > mark) key = spill(key, mark);
        }
        Local pointer = output.newLocal(hint + "_ptr", new ValuePointer(map));
        output.emit(new Stmt.Declare(pointer, new Expr.MapCall(map, MapOp.LOOKUP, key, null), output.here));
        flow.state = flow.state.without(pointer);
        Expr found = ConstantFolder.unary(UnaryOp.NOT, new Expr.IsNull(new Expr.Read(pointer)));
        Local present = flow.newPresence(hint);
        output.emit(new Stmt.Declare(present, fallback == null ? found : Constant.ofBoolean(true), output.here));
        flow.state = fallback == null ? flow.state.without(present) : flow.state.with(present);
        List<dev.ebpf4j.processor.ir.FieldType> prims = AggregateLowering.primsOf(map.value());
        List<Expr> parts = new ArrayList<>();
        List<Stmt> loads = new ArrayList<>();
        for (int i = 0; i < prims.size(); i++) {
            Local part = output.newLocal(AggregateLowering.partName(hint, map.value(), i), prims.get(i));
            output.emit(new Stmt.Declare(part, fallback == null ? ArrayLowering.zero(prims.get(i)) : fallback.get(i), output.here));
            Expr load = map.value() instanceof StructType struct
                    ? new Expr.LoadField(new Expr.Read(pointer), struct.fields().get(i))
                    : new Expr.LoadValue(new Expr.Read(pointer));
            loads.add(new Stmt.Assign(part, load, output.here));
            parts.add(new Expr.Read(part));
        }
        output.emit(new Stmt.If(found, new Stmt.Block(null, loads, output.here), new Stmt.Block(null, List.of(), output.here), output.here));
        f.aggregates.fresh.add(present);
        return new Aggregate(map.value(), new Expr.Read(present), parts);
    }

    // ---- program methods and the API

    private ExecutableElement method(MethodInvocationTree call) {
        Element element = source.elementOf(call);
        if (!(element instanceof ExecutableElement method)) {
            throw f.reporter.reject(call, "ebpf4j internal error in front end: no method for " + call.getMethodSelect());
        }
        return method;
    }

    /**
     * True for a method of the program class, and for a static method of another class compiled
     * with it (its body is there to inline); the API's and the JDK's methods are not: they are
     * intrinsics or errors.
     */
    private boolean isProgramMethod(ExecutableElement method) {
        if (method.getEnclosingElement().equals(f.declarations.type())) return true;
        if (!method.getModifiers().contains(Modifier.STATIC)) return false;
        String owner = ((TypeElement) method.getEnclosingElement()).getQualifiedName().toString();
        if (owner.startsWith("java.") || owner.startsWith(JavaTypes.PROGRAM + ".")) return false;
        return source.trees.getTree(method) != null;
    }

    private Expr api(MethodInvocationTree call, ExecutableElement method) {
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        String ownerName = owner.getQualifiedName().toString();
        String name = method.getSimpleName().toString();
        boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
        List<? extends ExpressionTree> args = call.getArguments();

        if (!isStatic && owner.getKind() == ElementKind.RECORD && call.getMethodSelect() instanceof MemberSelectTree select) {
            for (RecordComponentElement component : owner.getRecordComponents()) {
                if (method.equals(component.getAccessor())) return field(select.getExpression(), owner, component);
            }
        }
        if (ownerName.startsWith("java.lang.")) {
            Expr special = jdk(call, owner.getSimpleName().toString(), name, args, method);
            if (special != null) return special;
        }
        boolean api = ownerName.startsWith("java.lang.") || ownerName.startsWith(JavaTypes.PROGRAM + ".");
        if (!isStatic && JavaTypes.category(owner.asType()) == JavaTypes.Category.VERDICT && name.equals("code")) {
            return f.expressions.scalar(((MemberSelectTree) call.getMethodSelect()).getExpression());
        }
        Intrinsic intrinsic = api ? Intrinsic.find(owner.getSimpleName().toString(), name, args.size() + (isStatic ? 0 : 1)) : null;
        if (intrinsic == null) {
            throw f.reporter.reject(call.getMethodSelect(), Messages.outsideApi(owner.getSimpleName() + "." + name));
        }
        List<Expr> arguments = new ArrayList<>();
        if (!isStatic) {
            ExpressionTree receiverTree = ((MemberSelectTree) call.getMethodSelect()).getExpression();
            Expr receiver = f.expressions.scalar(receiverTree);
            if (receiver.type() instanceof ViewKind view && !flow.nonNull(receiver)) {
                String what = receiverTree instanceof com.sun.source.tree.IdentifierTree ? "'" + receiverTree + "'"
                        : "the result of " + receiverTree;
                throw f.reporter.reject(receiverTree, Messages.mayBeNullView(what, view.javaName(), scopes.nullCheck(Messages.simple(what))));
            }
            arguments.add(receiver);
        }
        int mark = output.current().size();
        List<Expr> rest = f.expressions.operands(args, i -> JavaTypes.primOf(method.getParameters().get(i).asType()));
        if (output.current().size() > mark) f.expressions.spill(arguments, mark);
        arguments.addAll(rest);
        return new Expr.IntrinsicCall(intrinsic, arguments);
    }

    /** The JDK methods that are plain operators; null for the rest. */
    private Expr jdk(MethodInvocationTree call, String owner, String name, List<? extends ExpressionTree> args,
                     ExecutableElement method) {
        Prim type = owner.equals("Long") ? Prim.LONG : Prim.INT;
        switch (owner + "." + name) {
            case "Integer.divideUnsigned", "Long.divideUnsigned", "Integer.remainderUnsigned", "Long.remainderUnsigned" -> {
                List<Expr> operands = f.expressions.operands(args, i -> type);
                if (!(operands.get(1) instanceof Constant divisor) || divisor.value() == 0) {
                    throw f.reporter.reject(args.get(1), Messages.UNSIGNED_DIVISOR);
                }
                return ConstantFolder.binary(name.startsWith("divide") ? BinaryOp.UDIV : BinaryOp.UREM, type, operands.get(0), divisor);
            }
            case "Math.min", "Math.max" -> {
                Prim prim = JavaTypes.primOf(method.getReturnType());
                if (prim != Prim.INT && prim != Prim.LONG) return null;
                List<Expr> operands = f.expressions.operands(args, i -> prim);
                Expr a = once(operands.get(0));
                Expr b = once(operands.get(1));
                CompareOp op = name.equals("min") ? CompareOp.LE : CompareOp.GE;
                return ConstantFolder.conditional(ConstantFolder.compare(op, prim, a, b), a, b);
            }
            case "Math.abs" -> {
                Prim prim = JavaTypes.primOf(method.getReturnType());
                if (prim != Prim.INT && prim != Prim.LONG) return null;
                Expr x = once(f.expressions.prim(args.getFirst(), prim));
                return ConstantFolder.conditional(ConstantFolder.compare(CompareOp.LT, prim, x, new Constant(prim, 0)), ConstantFolder.unary(UnaryOp.NEG, x), x);
            }
            case "Short.toUnsignedInt" -> {
                return ConstantFolder.convert(Prim.INT, ConstantFolder.convert(Prim.CHAR, f.expressions.prim(args.getFirst(), Prim.SHORT)));
            }
            case "Byte.toUnsignedInt" -> {
                return ConstantFolder.binary(BinaryOp.AND, Prim.INT, ConstantFolder.convert(Prim.INT, f.expressions.prim(args.getFirst(), Prim.BYTE)),
                        Constant.ofInt(0xFF));
            }
            default -> {
                return null;
            }
        }
    }

    /** {@code value} in a temporary unless it is a constant or a local: it is used twice and computed once. */
    private Expr once(Expr value) {
        if (value instanceof Constant || value instanceof Expr.Read) return value;
        return new Expr.Read(flow.declare("tmp", value.type(), value));
    }

    /** A record accessor on a scalar-replaced value: the field's local. */
    private Expr field(ExpressionTree receiver, TypeElement record, RecordComponentElement component) {
        Aggregate value = f.aggregates.aggregate(receiver, f.aggregates.valueType(receiver), "value");
        String what = receiver instanceof com.sun.source.tree.IdentifierTree ? "'" + receiver + "'" : "the record";
        List<Expr> parts = f.aggregates.parts(value, receiver, what);
        StructType struct = (StructType) value.type();
        List<StructField> fields = struct.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(component.getSimpleName().toString())) return parts.get(i);
        }
        throw f.reporter.reject(receiver, "ebpf4j internal error in front end: no field " + component.getSimpleName()
                + " in " + record.getSimpleName());
    }
}
