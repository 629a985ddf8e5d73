package dev.ebpf4j.processor.ir;

import java.util.List;

/** A structured statement, carrying the Java source position it came from. */
public sealed interface Stmt {
    /** Where the statement is in the Java source. */
    SourcePosition position();

    /**
     * Introduces {@code local}, set to {@code init} (null: not yet assigned, Java forbids reading it).
     * For a local of {@link ArrayType}, {@code init} is an array value whose elements are copied in
     * ({@link Expr.NewArray}: zeroed), and the local names stack memory for the whole function.
     */
    record Declare(Local local, Expr init, SourcePosition position) implements Stmt {
        @Override
        public String toString() {
            return IrPrinter.statement(this);
        }
    }

    /** {@code local = value}; for an array local, a copy of the array value's elements. */
    record Assign(Local local, Expr value, SourcePosition position) implements Stmt {
        @Override
        public String toString() {
            return IrPrinter.statement(this);
        }
    }

    /** {@code if (condition) then else otherwise}; {@code otherwise} may be empty. */
    record If(Expr condition, Block then, Block otherwise, SourcePosition position) implements Stmt {
        @Override
        public String toString() {
            return IrPrinter.statement(this);
        }
    }

    /**
     * A loop: {@code while (condition) { body; update; }} when {@code testFirst}, else a
     * do-while. {@code continue} runs {@code update} next. A null condition loops until a break
     * or return. {@code label} names it for break and continue.
     */
    record Loop(String label, Expr condition, boolean testFirst, Block body, Block update, SourcePosition position) implements Stmt {
        @Override
        public String toString() {
            return IrPrinter.statement(this);
        }
    }

    /** Leaves the loop or labelled block called {@code label}; a null label leaves the innermost loop. */
    record Break(String label, SourcePosition position) implements Stmt {
        @Override
        public String toString() {
            return IrPrinter.statement(this);
        }
    }

    /** Goes on with the next iteration of the loop called {@code label}; a null label means the innermost loop. */
    record Continue(String label, SourcePosition position) implements Stmt {
        @Override
        public String toString() {
            return IrPrinter.statement(this);
        }
    }

    /** Returns {@code value} (null in a void function). */
    record Return(Expr value, SourcePosition position) implements Stmt {
        @Override
        public String toString() {
            return IrPrinter.statement(this);
        }
    }

    /** Evaluates {@code expression} for its effect. */
    record Eval(Expr expression, SourcePosition position) implements Stmt {
        @Override
        public String toString() {
            return IrPrinter.statement(this);
        }
    }

    /** A sequence of statements; a non-null {@code label} makes it a target of {@link Break}. */
    record Block(String label, List<Stmt> statements, SourcePosition position) implements Stmt {
        public Block {
            statements = List.copyOf(statements);
        }

        @Override
        public String toString() {
            return IrPrinter.statement(this);
        }
    }

    /**
     * {@code array[index] = value} on a local of {@link ArrayType}; {@code value} has the element
     * type and the front end guarantees {@code 0 <= index < length}, as for {@link Expr.ArrayElement}.
     */
    record StoreElement(Local array, Expr index, Expr value, SourcePosition position) implements Stmt {
        @Override
        public String toString() {
            return IrPrinter.statement(this);
        }
    }

    /**
     * {@code op} applied in place to {@code field} of the map value {@code pointer} (a non-null
     * {@link ValuePointer}) with {@code operand}, which has the field's type: {@code
     * flows.add(key, FlowStats::bytes, n)} after its lookup. Atomic unless the map is per-CPU.
     */
    record UpdateField(Expr pointer, StructField field, FieldUpdate op, Expr operand, SourcePosition position) implements Stmt {
        /** True if the update is a read-modify-write other CPUs may race with (a shared map's add, or, and, xor). */
        public boolean atomic() {
            return op != FieldUpdate.SET && !((ValuePointer) pointer.type()).map().kind().perCpu();
        }

        @Override
        public String toString() {
            return IrPrinter.statement(this);
        }
    }

    /**
     * {@code map.withLock(key, v -> { v.add(Rec::a, x); v.set(Rec::b, y); })} after its lookup:
     * {@code bpf_spin_lock(&pointer->lock)}, each change as a plain load and store (the lock keeps
     * other CPUs out), {@code bpf_spin_unlock}. {@code pointer} is a non-null {@link ValuePointer}
     * held in a local; each operand is a constant or a local computed before the lock is taken, or
     * arithmetic of those and {@link Expr.LoadField}s through {@code pointer}, evaluated in order
     * under the lock: nothing in it calls, since the verifier allows no call while it is held.
     */
    record Locked(Expr pointer, StructField lock, List<Change> changes, SourcePosition position) implements Stmt {
        public Locked {
            changes = List.copyOf(changes);
        }

        @Override
        public String toString() {
            return IrPrinter.statement(this);
        }
    }

    /** One change of a {@link Locked} statement: {@code ADD} or {@code SET} of an int or long field with {@code operand}, of its type. */
    record Change(StructField field, FieldUpdate op, Expr operand) {
    }

    /**
     * {@code Bpf.trace(format, arguments...)}: one line to the kernel's trace buffer through
     * {@code bpf_trace_printk}. {@code format} is checked ({@code dev.ebpf4j.program.TraceFormat}):
     * printable ASCII with exactly one of {@code %d %i %u %x} (optionally {@code l}/{@code ll})
     * per argument; the arguments, at most three, are LONGs.
     */
    record Trace(String format, List<Expr> arguments, SourcePosition position) implements Stmt {
        public Trace {
            arguments = List.copyOf(arguments);
        }

        @Override
        public String toString() {
            return IrPrinter.statement(this);
        }
    }

    /** {@code global = value}: a plain store to a {@code @Shared} global ({@code value} has its type). */
    record StoreGlobal(GlobalDecl global, Expr value, SourcePosition position) implements Stmt {
        @Override
        public String toString() {
            return IrPrinter.statement(this);
        }
    }
}
