package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.FieldType;
import dev.ebpf4j.processor.ir.Expr.Constant;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.ValueType;

import javax.lang.model.type.TypeMirror;
import java.util.ArrayList;
import java.util.List;

/**
 * Boxed primitives and records, which a program only has as map values, keys and events: each
 * is scalar-replaced into a presence flag (false where Java's reference is null) and one value
 * per field, so a record never needs memory of its own until a map call copies it to the stack.
 */
final class AggregateLowering {
    private final FunctionLowering f;
    private final SourceTrees source;
    private final IrOutput output;
    private final Flow flow;
    private final Scopes scopes;

    AggregateLowering(FunctionLowering f, SourceTrees source, IrOutput output, Flow flow, Scopes scopes) {
        this.f = f;
        this.source = source;
        this.output = output;
        this.flow = flow;
        this.scopes = scopes;
    }

    /** A boxed value or record, scalar-replaced: whether it is non-null, and its fields. */
    record Aggregate(ValueType type, Expr present, List<Expr> parts) {
    }
    /** The value type (boxed primitive or record struct) of an aggregate-typed tree. */
    ValueType valueType(Tree tree) {
        TypeMirror type = source.typeOf(tree);
        return switch (JavaTypes.category(type)) {
            case BOXED -> JavaTypes.primOf(type);
            case RECORD -> {
                var struct = f.declarations.structs().of(type);
                if (struct == null) throw new Rejected();
                yield struct;
            }
            default -> throw f.reporter.reject(tree, f.expressions.unsupported(tree, type));
        };
    }

    /** Locals holding {@code value}: reused when it already is a fresh set of locals, else declared. */
    Binding.Aggregate materialize(String name, Aggregate value) {
        if (value.present() instanceof Expr.Read(Local fromLookup) && fresh.remove(fromLookup)) {
            // the locals a lookup just filled become the variable's: no copy
            List<Local> parts = value.parts().stream().map(p -> ((Expr.Read) p).local()).toList();
            return new Binding.Aggregate(value.type(), fromLookup, parts);
        }
        Local present = flow.newPresence(name);
        output.emit(new Stmt.Declare(present, value.present(), output.here));
        flow.state = isTrue(value.present()) ? flow.state.with(present) : flow.state.without(present);
        List<Local> parts = new ArrayList<>();
        List<FieldType> prims = primsOf(value.type());
        for (int i = 0; i < prims.size(); i++) {
            if (value.parts().get(i) instanceof Expr.Read(Local array) && array.type() instanceof ArrayType) {
                parts.add(array); // the same array as the expression's, as a Java reference would be
                continue;
            }
            Local part = output.newLocal(partName(name, value.type(), i), prims.get(i));
            output.emit(new Stmt.Declare(part, value.parts().get(i), output.here));
            parts.add(part);
        }
        return new Binding.Aggregate(value.type(), present, parts);
    }

    /** Presence flags of lookups just made (their locals may become a variable's without a copy). */
    final java.util.Set<Local> fresh = new java.util.HashSet<>();

    boolean isTrue(Expr present) {
        return present instanceof Constant c ? c.value() != 0 : flow.nonNull(present);
    }

    /** The type of each part: the primitive, or each field's (a primitive or an array). */
    static List<FieldType> primsOf(ValueType type) {
        return switch (type) {
            case Prim p -> List.of(p);
            case dev.ebpf4j.processor.ir.StructType s -> s.fields().stream().map(dev.ebpf4j.processor.ir.StructField::type).toList();
        };
    }

    static String partName(String name, ValueType type, int index) {
        return type instanceof dev.ebpf4j.processor.ir.StructType s ? name + "_" + s.fields().get(index).name() : name;
    }

    /** The aggregate value of {@code tree} as a {@code type}; {@code hint} names the locals a lookup needs. */
    Aggregate aggregate(ExpressionTree tree, ValueType type, String hint) {
        TypeMirror javaType = source.typeOf(tree);
        if (tree instanceof ParenthesizedTree p) return aggregate(p.getExpression(), type, hint);
        if (tree instanceof LiteralTree literal && literal.getValue() == null) {
            return new Aggregate(type, Constant.ofBoolean(false), primsOf(type).stream().map(ArrayLowering::zero).toList());
        }
        if (javaType != null && javaType.getKind().isPrimitive() && type instanceof Prim prim) {
            return new Aggregate(type, Constant.ofBoolean(true), List.of(f.expressions.prim(tree, prim)));
        }
        if (tree instanceof IdentifierTree id) scopes.checkNotRefused(source.elementOf(id));
        switch (tree) {
            case IdentifierTree id when scopes.binding(source.elementOf(id)) instanceof Binding.Aggregate a -> {
                return new Aggregate(a.type(), new Expr.Read(a.present()), a.parts().stream().map(l -> (Expr) new Expr.Read(l)).toList());
            }
            case MethodInvocationTree call -> {
                return f.calls.aggregate(call, type, hint);
            }
            case NewClassTree n -> {
                return construct(n, type);
            }
            default -> {
                if (type instanceof Prim prim && JavaTypes.category(javaType) == JavaTypes.Category.BOXED) {
                    return new Aggregate(type, Constant.ofBoolean(true), List.of(f.expressions.prim(tree, prim)));
                }
                throw f.reporter.reject(tree, "a map value or record here must be a variable, a map call or a new record:"
                        + " its fields are kept in registers, one per field; assign it to a variable first");
            }
        }
    }

    private Aggregate construct(NewClassTree tree, ValueType type) {
        if (!(type instanceof dev.ebpf4j.processor.ir.StructType struct) || tree.getClassBody() != null) {
            throw f.reporter.reject(tree, Messages.ALLOCATION);
        }
        if (tree.getArguments().size() != struct.fields().size()) {
            throw f.reporter.reject(tree, "only the canonical constructor of a record can be used: its fields are copied"
                    + " into the map as they are; pass one argument per component");
        }
        if (hasCode(source.elementOf(tree))) {
            throw f.reporter.reject(tree, "record " + struct.javaName().substring(struct.javaName().lastIndexOf('$') + 1)
                    + " has a constructor with code, which the kernel would not run: a record is copied into a map"
                    + " field by field; compute the values before new and drop the constructor's code");
        }
        List<Expr> parts = f.arrays.operands(tree.getArguments(), struct);
        return new Aggregate(type, Constant.ofBoolean(true), parts);
    }

    /** True if {@code constructor} has statements of its own (beyond the implicit super() call). */
    private boolean hasCode(javax.lang.model.element.Element constructor) {
        if (constructor == null) return false;
        com.sun.source.tree.MethodTree method = source.trees.getTree((javax.lang.model.element.ExecutableElement) constructor);
        if (method == null || method.getBody() == null) return false;
        for (com.sun.source.tree.StatementTree statement : method.getBody().getStatements()) {
            boolean superCall = statement instanceof com.sun.source.tree.ExpressionStatementTree e
                    && e.getExpression() instanceof MethodInvocationTree call
                    && call.getMethodSelect() instanceof IdentifierTree id && id.getName().contentEquals("super");
            if (!superCall) return true;
        }
        return false;
    }

    /** The fields of {@code value}, which must be known non-null here. */
    List<Expr> parts(Aggregate value, Tree at, String what) {
        if (!isTrue(value.present())) throw f.reporter.reject(at, Messages.mayBeNullValue(what));
        return value.parts();
    }

}
