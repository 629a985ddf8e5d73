package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Expr.Constant;
import dev.ebpf4j.processor.ir.FieldUpdate;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.ir.UnaryOp;
import dev.ebpf4j.processor.ir.ValuePointer;
import dev.ebpf4j.processor.passes.ConstantFolder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;

/**
 * Lowers the in-place field updates of a record map value ({@code flows.add(key, FlowStats::bytes,
 * n)}, {@code or}, {@code and}, {@code xor}, {@code set}, {@code addOrInsert}) as C writes them: one lookup, a
 * null test, and the update through the pointer ({@link Stmt.UpdateField}); {@code addOrInsert}
 * first inserts the initial value with {@code BPF_NOEXIST} and looks up again where the key was
 * absent (another CPU may have inserted it meanwhile, and then its value is updated). The call's
 * value is whether a value was found and updated.
 */
final class FieldUpdateLowering {
    private final FunctionLowering f;
    private final SourceTrees source;
    private final IrOutput output;
    private final Flow flow;

    FieldUpdateLowering(FunctionLowering f, SourceTrees source, IrOutput output, Flow flow) {
        this.f = f;
        this.source = source;
        this.output = output;
        this.flow = flow;
    }

    /** True if {@code name} is one of the updates. */
    static boolean handles(String name) {
        return FieldUpdate.of(name) != null || name.equals("addOrInsert");
    }

    /**
     * The call {@code map.name(key, field, operand[, initial])}; {@code key} is the key lowered
     * already, {@code spill} moves it into temporaries declared at a mark, {@code initial} lowers
     * the record of {@code addOrInsert}.
     */
    Expr lower(MapDecl map, MethodInvocationTree call, String name, Expr key, BiFunction<Expr, Integer, Expr> spill,
               BiFunction<StructType, ExpressionTree, Expr> initial) {
        List<? extends ExpressionTree> args = call.getArguments();
        boolean insert = name.equals("addOrInsert");
        FieldUpdate op = insert ? FieldUpdate.ADD : FieldUpdate.of(name);
        if (!(map.value() instanceof StructType struct)) {
            throw f.reporter.reject(call, "'" + name + "' updates one field of a record value, and '" + map.name() + "' holds "
                    + ((Prim) map.value()).javaName() + " values" + switch (op) {
                        case ADD -> ": add to the counter with " + map.name() + ".increment(key, delta)";
                        case SET -> ": store the value with " + map.name() + ".put(key, value)";
                        default -> ": a counter value has no fields; keep the bits in a record (record Flags(int bits)) or use get and put";
                    });
        }
        StructField field = field(struct, map, args.get(1));
        Prim type = (Prim) field.type();
        int mark = output.current().size();
        // the long parameter narrowed to an int field is the argument's own low 32 bits: no widening and narrowing
        Expr operand = f.expressions.prim(args.get(2), type);
        if (output.current().size() > mark) key = spill.apply(key, mark);
        Expr value = null;
        if (insert) {
            mark = output.current().size();
            value = initial.apply(struct, args.get(3));
            if (output.current().size() > mark) {
                key = spill.apply(key, mark);
                operand = spill.apply(operand, mark);
            }
        }
        // The lookup comes after every argument, as Java evaluates them; what is used after it (or twice) is kept in locals.
        operand = once(operand, "operand");
        boolean inserts = insert && !map.kind().array();
        if (inserts) {
            key = stable(key, "key");
            value = stable(value, "initial");
        }
        Local pointer = output.newLocal("value_ptr", new ValuePointer(map));
        output.emit(new Stmt.Declare(pointer, new Expr.MapCall(map, MapOp.LOOKUP, key, null), output.here));
        if (inserts) {
            // absent: insert with BPF_NOEXIST, then look up whatever is there now (ours, or another CPU's)
            List<Stmt> absent = List.of(
                    new Stmt.Eval(new Expr.MapCall(map, MapOp.PUT_IF_ABSENT, key, value), output.here),
                    new Stmt.Assign(pointer, new Expr.MapCall(map, MapOp.LOOKUP, key, null), output.here));
            output.emit(new Stmt.If(new Expr.IsNull(new Expr.Read(pointer)), new Stmt.Block(null, absent, output.here),
                    new Stmt.Block(null, List.of(), output.here), output.here));
        }
        flow.state = flow.state.without(pointer);
        Expr found = ConstantFolder.unary(UnaryOp.NOT, new Expr.IsNull(new Expr.Read(pointer)));
        Stmt update = new Stmt.UpdateField(new Expr.Read(pointer), field, op, operand, output.here);
        output.emit(new Stmt.If(found, new Stmt.Block(null, List.of(update), output.here),
                new Stmt.Block(null, List.of(), output.here), output.here));
        // the pointer is not assigned again: a caller that keeps the result tests it after the update
        return found;
    }

    /** The field a method reference names, checked: an int or long component of the value record. */
    StructField field(StructType struct, MapDecl map, ExpressionTree tree) {
        String record = simpleName(struct);
        String example = record + "::" + example(struct);
        if (tree instanceof LambdaExpressionTree) {
            throw f.reporter.reject(tree, "a lambda names no field: write a method reference to a component of " + record
                    + " (" + example + "), whose offset the compiler knows");
        }
        if (!(tree instanceof MemberReferenceTree reference)) {
            throw f.reporter.reject(tree, "the field must be a method reference written in the call (" + example
                    + "), not a value computed elsewhere: the compiler needs to see which component it names");
        }
        Element element = source.elementOf(reference);
        StructField field = null;
        if (element instanceof ExecutableElement method && method.getEnclosingElement() instanceof TypeElement owner
                && owner.getKind() == ElementKind.RECORD
                && owner.getQualifiedName().contentEquals(struct.javaName().replace('$', '.'))) {
            for (RecordComponentElement component : owner.getRecordComponents()) {
                if (method.equals(component.getAccessor())) field = struct.field(component.getSimpleName().toString());
            }
        }
        if (field == null) {
            throw f.reporter.reject(tree, "'" + reference + "' is not a component of " + record + ", the value of '" + map.name()
                    + "': name one of its int or long components (" + example + ")");
        }
        if (field.type() != Prim.INT && field.type() != Prim.LONG) {
            if (field.type() instanceof dev.ebpf4j.processor.ir.SpinLockType) {
                throw f.reporter.reject(tree, record + "." + field.name() + " is the value's SpinLock, which only the kernel's"
                        + " lock helpers touch: name one of its int or long components (" + example + ")");
            }
            throw f.reporter.reject(tree, record + "." + field.name() + " is " + (field.type() instanceof Prim prim
                    ? "a " + prim.javaName() : "an array") + ": the kernel updates int and long fields in place (its atomic"
                    + " instructions take 4 or 8 bytes); declare the component int or long");
        }
        return field;
    }

    private static String simpleName(StructType struct) {
        String name = struct.javaName();
        return name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1);
    }

    private static String example(StructType struct) {
        for (StructField field : struct.fields()) {
            if (field.type() == Prim.INT || field.type() == Prim.LONG) return field.name();
        }
        return struct.fields().getFirst().name();
    }

    /** {@code value} in a temporary unless it is a constant or a local: it is used after a helper call. */
    private Expr once(Expr value, String hint) {
        if (value instanceof Constant || value instanceof Expr.Read || !(value.type() instanceof Prim)) return value;
        if (value instanceof Expr.Convert(var to, var operand) && (operand instanceof Constant || operand instanceof Expr.Read)) return value;
        return new Expr.Read(flow.declare(hint, value.type(), value));
    }

    /** {@code value}, or each field of a record value, made {@link #once}: used in two helper calls. */
    private Expr stable(Expr value, String hint) {
        if (value instanceof Expr.StructValue(StructType struct, List<Expr> fields)) {
            List<Expr> parts = new ArrayList<>();
            for (Expr field : fields) parts.add(once(field, hint));
            return new Expr.StructValue(struct, parts);
        }
        return once(value, hint);
    }
}
