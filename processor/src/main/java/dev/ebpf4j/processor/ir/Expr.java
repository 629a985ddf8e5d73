package dev.ebpf4j.processor.ir;

import java.util.List;

/**
 * A typed expression. Operands of arithmetic and comparisons already have the type Java computes
 * with (binary numeric promotion is explicit as {@link Convert}), so a back end never guesses.
 */
public sealed interface Expr {
    /** The type of the expression's value. */
    IrType type();

    /** A constant, already normalised to its type (see {@link Prim#normalize}). */
    record Constant(Prim type, long value) implements Expr {
        public Constant {
            if (type.normalize(value) != value) {
                throw new IllegalArgumentException(value + " is not a " + type.javaName());
            }
        }

        public static Constant ofInt(int value) {
            return new Constant(Prim.INT, value);
        }

        public static Constant ofLong(long value) {
            return new Constant(Prim.LONG, value);
        }

        public static Constant ofBoolean(boolean value) {
            return new Constant(Prim.BOOLEAN, value ? 1 : 0);
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /** The current value of a local. */
    record Read(Local local) implements Expr {
        @Override
        public IrType type() {
            return local.type();
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /** {@code -x}, {@code ~x} (INT or LONG) or {@code !x} (BOOLEAN). */
    record Unary(UnaryOp op, Expr operand) implements Expr {
        @Override
        public IrType type() {
            return operand.type();
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /**
     * {@code left op right} where both operands have {@code type}: INT or LONG for arithmetic,
     * BOOLEAN for the non-short-circuit {@code & | ^}. Shifts mask their distance as Java does
     * (the back end masks a non-constant distance by 31 or 63). UDIV and UREM are
     * {@code Integer/Long.divideUnsigned/remainderUnsigned}; the front end only produces them
     * with a non-zero constant divisor.
     */
    record Binary(BinaryOp op, Prim type, Expr left, Expr right) implements Expr {
        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /** A comparison of two operands of {@code operandType} (INT, LONG, or BOOLEAN for EQ/NE); BOOLEAN. */
    record Compare(CompareOp op, Prim operandType, Expr left, Expr right) implements Expr {
        @Override
        public IrType type() {
            return Prim.BOOLEAN;
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /** Short-circuit {@code &&} or {@code ||} of two BOOLEANs. */
    record Logical(LogicalOp op, Expr left, Expr right) implements Expr {
        @Override
        public IrType type() {
            return Prim.BOOLEAN;
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /** {@code condition ? whenTrue : whenFalse}; both branches have the same primitive type. */
    record Conditional(Expr condition, Expr whenTrue, Expr whenFalse) implements Expr {
        @Override
        public IrType type() {
            return whenTrue.type();
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /** A Java primitive conversion of an integral operand to {@code to} (widening or narrowing). */
    record Convert(Prim to, Expr operand) implements Expr {
        @Override
        public IrType type() {
            return to;
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /** True if a view or value pointer is null. */
    record IsNull(Expr pointer) implements Expr {
        @Override
        public IrType type() {
            return Prim.BOOLEAN;
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /** A call of another function of the unit (a bpf-to-bpf call). */
    record Call(String function, Prim type, List<Expr> arguments) implements Expr {
        public Call {
            arguments = List.copyOf(arguments);
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /** A view accessor, a context accessor or a helper: see {@link Intrinsic}. */
    record IntrinsicCall(Intrinsic intrinsic, List<Expr> arguments) implements Expr {
        public IntrinsicCall {
            arguments = List.copyOf(arguments);
            if (arguments.size() != intrinsic.arity()) {
                throw new IllegalArgumentException(intrinsic + " takes " + intrinsic.arity() + " arguments");
            }
        }

        @Override
        public IrType type() {
            return intrinsic.type();
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /**
     * An operation on a map. {@code key} is a primitive expression or a {@link StructValue}
     * (null for ring buffer output); {@code value} is the stored value or event for PUT,
     * PUT_IF_ABSENT and OUTPUT, the LONG delta for INCREMENT, and null otherwise.
     */
    record MapCall(MapDecl map, MapOp op, Expr key, Expr value) implements Expr {
        @Override
        public IrType type() {
            return op.resultType(map);
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /** The primitive value a non-null value pointer points to (the map's value type is a Prim). */
    record LoadValue(Expr pointer) implements Expr {
        @Override
        public IrType type() {
            return (Prim) ((ValuePointer) pointer.type()).map().value();
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /**
     * A field of the struct a non-null value pointer points to. An {@link ArrayType} field is an
     * array value: only the value of a {@link Stmt.Declare}/{@link Stmt.Assign} of an array local
     * (which copies it there).
     */
    record LoadField(Expr pointer, StructField field) implements Expr {
        @Override
        public IrType type() {
            return field.type();
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /**
     * A struct built from one expression per field, in field order: only as a map key, value or
     * event. An array field's expression is an array value ({@link Read} of an array local), copied in.
     */
    record StructValue(StructType struct, List<Expr> fields) implements Expr {
        public StructValue {
            fields = List.copyOf(fields);
        }

        @Override
        public IrType type() {
            return struct;
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /**
     * Element {@code index} of a fixed-size array: {@code array} is a {@link Read} of a local of
     * {@link ArrayType}; the value has the element type (narrowed as the register convention
     * wants). The front end guarantees {@code 0 <= index < length} (Java would throw, eBPF cannot);
     * the INT {@code index} is a constant or an expression whose range it proved.
     */
    record ArrayElement(Expr array, Expr index) implements Expr {
        @Override
        public IrType type() {
            return ((ArrayType) array.type()).element();
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /** A new array of {@code type} with every element zero: only the value of a Declare of an array local. */
    record NewArray(ArrayType type) implements Expr {
        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /** The current value of a global variable (a {@code @Config} or {@code @Shared} field). */
    record LoadGlobal(GlobalDecl global) implements Expr {
        @Override
        public IrType type() {
            return global.type();
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }

    /**
     * Adds {@code delta} (of the global's type) to an atomic global in one atomic step; the value is
     * the global's value before the add. Evaluated only for its effect, it is a plain atomic add.
     */
    record GlobalAdd(GlobalDecl global, Expr delta) implements Expr {
        @Override
        public IrType type() {
            return global.type();
        }

        @Override
        public String toString() {
            return IrPrinter.expression(this);
        }
    }
}
