package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Expr.Constant;
import dev.ebpf4j.processor.ir.FieldType;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;

import javax.lang.model.element.Element;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed-size arrays in a program: a local {@code T[] a = new T[N]} with a constant N (zeroed
 * stack memory), its elements read and written at indices proven in range ({@link IndexRanges}),
 * {@code a.length}, and arrays as the {@code @Size} components of map keys, values and events.
 * An array variable names one array for its whole scope (no reassignment), so a record built from
 * it and the variable see the same elements, as in Java.
 */
final class ArrayLowering {
    /** The most bytes one local array may take of the 512-byte eBPF stack. */
    static final int MAX_BYTES = 256;

    private final FunctionLowering f;
    private final SourceTrees source;
    private final IrOutput output;
    private final Flow flow;
    private final Scopes scopes;

    ArrayLowering(FunctionLowering f, SourceTrees source, IrOutput output, Flow flow, Scopes scopes) {
        this.f = f;
        this.source = source;
        this.output = output;
        this.flow = flow;
        this.scopes = scopes;
    }

    static boolean isArray(TypeMirror type) {
        return type != null && type.getKind() == TypeKind.ARRAY;
    }

    /** The value of a field of type {@code type} that is all zero bytes. */
    static Expr zero(FieldType type) {
        return switch (type) {
            case Prim prim -> new Constant(prim, 0);
            case ArrayType array -> new Expr.NewArray(array);
            case dev.ebpf4j.processor.ir.SpinLockType lock ->
                    throw new IllegalStateException("a value holding a SpinLock is never copied in a program (only withLock reaches it)");
        };
    }

    /** {@code T[] name = init;}: a new array, or another name for an array a variable or record already has. */
    void declare(VariableTree tree, Element element) {
        ExpressionTree init = tree.getInitializer();
        if (init == null) {
            throw f.reporter.reject(tree, "array '" + tree.getName() + "' needs its array where it is declared"
                    + " (" + tree.getType() + " " + tree.getName() + " = new " + elementName(source.typeOf(tree)) + "[16]): an array"
                    + " variable names one stack area for its whole scope");
        }
        Local local = array(init, tree.getName().toString());
        scopes.frame().bindings.put(element, new Binding.Scalar(local));
    }

    /** The local array {@code tree} denotes: a new one (declared here), an array variable, or a record's array component. */
    Local array(ExpressionTree tree, String hint) {
        while (tree instanceof ParenthesizedTree p) tree = p.getExpression();
        if (tree instanceof NewArrayTree creation) return create(creation, hint);
        if (tree instanceof IdentifierTree || tree instanceof com.sun.source.tree.MethodInvocationTree) {
            Expr value = f.expressions.scalar(tree);
            if (value instanceof Expr.Read(Local local) && local.type() instanceof ArrayType) return local;
        }
        throw f.reporter.reject(tree, "an array here must be a new array (new byte[16]), an array variable or a record's"
                + " array component (value.bytes()): arrays live in fixed stack areas, never in expressions");
    }

    private Local create(NewArrayTree tree, String hint) {
        TypeMirror type = source.typeOf(tree);
        Prim element = JavaTypes.primitive(((javax.lang.model.type.ArrayType) type).getComponentType().getKind());
        if (element == null || tree.getDimensions().size() > 1 || ((javax.lang.model.type.ArrayType) type).getComponentType().getKind() == TypeKind.ARRAY) {
            throw f.reporter.reject(tree, "arrays of " + ((javax.lang.model.type.ArrayType) type).getComponentType()
                    + " are not supported: a program's arrays are one-dimensional arrays of byte, boolean, short, char, int or long");
        }
        List<? extends ExpressionTree> values = tree.getInitializers();
        int length;
        if (tree.getDimensions().size() == 1) {
            Expr size = f.expressions.prim(tree.getDimensions().getFirst(), Prim.INT);
            if (!(size instanceof Constant c) || c.value() <= 0) {
                throw f.reporter.reject(tree.getDimensions().getFirst(), "the length of a new array must be a positive constant:"
                        + " the eBPF stack is fixed when the program loads; write a number or a static final constant");
            }
            length = (int) c.value();
        } else {
            if (values == null || values.isEmpty()) {
                throw f.reporter.reject(tree, "an empty array has no elements to hold: give it a positive constant length");
            }
            length = values.size();
        }
        ArrayType arrayType = new ArrayType(element, length);
        if ((long) element.size() * length > MAX_BYTES) {
            throw f.reporter.reject(tree, "a " + arrayType + " takes " + (long) element.size() * length + " bytes of the 512-byte eBPF"
                    + " stack, more than the " + MAX_BYTES + " a local array may have; use a smaller array or a map value");
        }
        Local local = output.newLocal(hint, arrayType);
        output.emit(new Stmt.Declare(local, new Expr.NewArray(arrayType), output.here));
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                Expr value = f.expressions.prim(values.get(i), element);
                if (!(value instanceof Constant c && c.value() == 0)) {
                    output.emit(new Stmt.StoreElement(local, Constant.ofInt(i), value, output.here));
                }
            }
        }
        return local;
    }

    /**
     * The array a for-each over {@code source} iterates: the array it denotes, or a copy of it if
     * {@code body} may replace the record it is a component of (Java goes on with the array it
     * evaluated once, not the new record's).
     */
    Local iterated(ExpressionTree source, Tree body) {
        if (!isArray(this.source.typeOf(source))) throw f.reporter.reject(source, Messages.forEachSource(this.source.typeOf(source)));
        Local array = array(source, "array");
        boolean replaced = replaceable(array) && LoopBounds.assigned(this.source, body).stream()
                .anyMatch(element -> scopes.binding(element) instanceof Binding.Aggregate a && a.parts().contains(array));
        if (!replaced) return array;
        Local copy = output.newLocal(array.name() + "_copy", array.type());
        output.emit(new Stmt.Declare(copy, new Expr.Read(array), output.here));
        return copy;
    }

    /**
     * The array passed as {@code parameter} of a method with body {@code body}: the argument's
     * array itself. A record's array cannot be written through a parameter, as it cannot directly.
     */
    Local argument(ExpressionTree tree, javax.lang.model.element.VariableElement parameter, Tree body) {
        Local array = array(tree, parameter.getSimpleName().toString());
        if (replaceable(array) && writesElements(body, parameter)) {
            throw f.reporter.reject(tree, "the elements of " + tree + " cannot be assigned through parameter '"
                    + parameter.getSimpleName() + "': a record's array is copied with the record (a map value read by get,"
                    + " a key being built); copy it into a local array (byte[] a = new byte[N]) and pass that");
        }
        return array;
    }

    /** True if {@code array} is a record's array component, which an assignment of the record replaces. */
    boolean replaceable(Local array) {
        return scopes.frames.stream().flatMap(frame -> frame.bindings.values().stream())
                .anyMatch(b -> b instanceof Binding.Aggregate a && a.parts().contains(array));
    }

    /** True if {@code body} assigns an element of {@code parameter} ({@code p[i] = x}, {@code p[i]++}, ...). */
    private boolean writesElements(Tree body, Element parameter) {
        boolean[] writes = {false};
        new com.sun.source.util.TreeScanner<Void, Void>() {
            private void target(ExpressionTree variable) {
                while (variable instanceof ParenthesizedTree p) variable = p.getExpression();
                if (variable instanceof ArrayAccessTree access && parameter.equals(source.elementOf(access.getExpression()))) writes[0] = true;
            }

            @Override
            public Void visitAssignment(com.sun.source.tree.AssignmentTree node, Void p) {
                target(node.getVariable());
                return super.visitAssignment(node, p);
            }

            @Override
            public Void visitCompoundAssignment(com.sun.source.tree.CompoundAssignmentTree node, Void p) {
                target(node.getVariable());
                return super.visitCompoundAssignment(node, p);
            }

            @Override
            public Void visitUnary(com.sun.source.tree.UnaryTree node, Void p) {
                target(node.getExpression());
                return super.visitUnary(node, p);
            }
        }.scan(body, null);
        return writes[0];
    }

    /** {@code a.length} on an array: its constant length; null if {@code select} is something else. */
    Expr length(MemberSelectTree select) {
        if (!select.getIdentifier().contentEquals("length") || !isArray(source.typeOf(select.getExpression()))) return null;
        Local array = array(select.getExpression(), "array");
        return Constant.ofInt(((ArrayType) array.type()).length());
    }

    /** The value of {@code a[i]}. */
    Expr element(ArrayAccessTree tree) {
        Local array = array(tree.getExpression(), "array");
        return new Expr.ArrayElement(new Expr.Read(array), index(tree, (ArrayType) array.type()));
    }

    /** The index of {@code tree}, lowered and proven within {@code type}'s length. */
    private Expr index(ArrayAccessTree tree, ArrayType type) {
        ExpressionTree at = tree.getIndex();
        Expr index = f.expressions.prim(at, Prim.INT);
        if (index instanceof Constant c) {
            if (c.value() < 0 || c.value() >= type.length()) {
                throw f.reporter.reject(at, "index " + c.value() + " is outside the " + type + " (0 to " + (type.length() - 1)
                        + "): Java would throw ArrayIndexOutOfBoundsException, which a program cannot; use an index in range");
            }
            return index;
        }
        Range range = f.ranges.of(index, at);
        if (range == null || !range.within(type.length())) {
            String mask = Integer.bitCount(type.length()) == 1 ? " (" + at + ") & " + (type.length() - 1) + "," : "";
            boolean known = range != null && (range.low() > Integer.MIN_VALUE || range.high() < Integer.MAX_VALUE);
            String check = at instanceof IdentifierTree ? " check it on this path (if (" + at + " >= 0 && " + at + " < "
                    + type.length() + ")),": "";
            throw f.reporter.reject(at, "index " + at + " may be outside the " + type + (known ? " (it can be "
                    + range.low() + " to " + range.high() + ")" : "") + ": Java would throw ArrayIndexOutOfBoundsException,"
                    + " which a program cannot, and the verifier refuses an unbounded access;" + check + " mask it" + mask
                    + " use a constant, or index inside for (int i = 0; i < " + type.length() + "; i++)");
        }
        return index;
    }

    /** {@code a[i]} as an assignment target; {@code a} must be an array variable, not a record's component. */
    AssignmentLowering.Variable variable(ArrayAccessTree tree) {
        ExpressionTree arrayTree = tree.getExpression();
        while (arrayTree instanceof ParenthesizedTree p) arrayTree = p.getExpression();
        if (!(arrayTree instanceof IdentifierTree)) {
            throw f.reporter.reject(tree, "an element of " + arrayTree + " cannot be assigned: a record's array is copied"
                    + " with the record (a map value read by get, a key being built); build the array in a local"
                    + " (byte[] a = new byte[N]) and put a new record made from it");
        }
        Local array = array(arrayTree, "array");
        return new ElementVariable(array, index(tree, (ArrayType) array.type()), arrayTree.toString());
    }

    /** Rejects assigning an array variable itself: it names one array for its whole scope. */
    void checkAssignable(Binding binding, Tree tree) {
        if (binding instanceof Binding.Scalar(Local local) && local.type() instanceof ArrayType) {
            throw f.reporter.reject(tree, "array variable '" + tree + "' cannot be assigned: it names one stack area for its"
                    + " whole scope; assign its elements (" + tree + "[i] = ...), or declare another array");
        }
    }

    /** Constructor arguments of {@code struct}, in order: primitives converted, arrays as array values of the right length. */
    List<Expr> operands(List<? extends ExpressionTree> trees, StructType struct) {
        List<Expr> values = new ArrayList<>();
        List<Expr> prims = new ArrayList<>();
        for (int i = 0; i < trees.size(); i++) {
            StructField field = struct.fields().get(i);
            int mark = output.current().size();
            Expr value = switch (field.type()) {
                case Prim prim -> f.expressions.prim(trees.get(i), prim);
                case ArrayType type -> {
                    Local array = array(trees.get(i), field.name());
                    if (!array.type().equals(type)) {
                        String record = struct.javaName().substring(struct.javaName().lastIndexOf('$') + 1);
                        throw f.reporter.reject(trees.get(i), "component " + field.name() + " of " + record + " is a "
                                + type + " (@Size(" + type.length() + ")), and this array is a " + array.type()
                                + ": the struct has room for exactly " + type.length() + " elements; pass a new "
                                + type + " array");
                    }
                    yield new Expr.Read(array);
                }
                case dev.ebpf4j.processor.ir.SpinLockType lock -> new LockLowering(f, source, output, flow).unlocked(trees.get(i), struct);
            };
            if (output.current().size() > mark) {
                // a later argument emitted statements: earlier primitive values are taken before them
                f.expressions.spill(prims, mark);
                int p = 0;
                for (int j = 0; j < values.size(); j++) {
                    if (struct.fields().get(j).type() instanceof Prim) values.set(j, prims.get(p++));
                }
            }
            values.add(value);
            if (field.type() instanceof Prim) prims.add(value);
        }
        return values;
    }

    private static String elementName(TypeMirror type) {
        return type instanceof javax.lang.model.type.ArrayType array ? array.getComponentType().toString() : "byte";
    }

    /** An array element as an assignment target: reads and writes of one element at an index computed once. */
    private final class ElementVariable extends AssignmentLowering.Variable {
        private final Local array;
        private Expr index;
        private boolean kept;

        ElementVariable(Local array, Expr index, String name) {
            f.assignments.super(null, name);
            this.array = array;
            this.index = index;
        }

        @Override
        Prim type() {
            return ((ArrayType) array.type()).element();
        }

        /** Read before a write (a compound assignment, an increment): the index is kept in a local for both. */
        @Override
        Expr read(Tree at) {
            if (!(index instanceof Constant) && !kept) {
                index = new Expr.Read(flow.declare("index", Prim.INT, index));
                kept = true;
            }
            return new Expr.ArrayElement(new Expr.Read(array), index);
        }

        @Override
        void write(Expr value) {
            output.emit(new Stmt.StoreElement(array, index, value, output.here));
        }

        @Override
        void assign(ExpressionTree tree) {
            int mark = output.current().size();
            Expr value = f.expressions.prim(tree, type());
            if (output.current().size() > mark) {
                // Java computes the index first: keep it from before the value's statements
                List<Expr> spilled = new ArrayList<>(List.of(index));
                f.expressions.spill(spilled, mark);
                index = spilled.getFirst();
            }
            write(value);
        }
    }
}
