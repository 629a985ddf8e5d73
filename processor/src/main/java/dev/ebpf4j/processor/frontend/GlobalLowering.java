package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.GlobalDecl;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.passes.ConstantFolder;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;

/**
 * Reads, writes and atomic updates of the program's globals. A {@code @Config} field is read as a
 * plain value and never written; a primitive {@code @Shared} field is loaded and stored as Java
 * would; an atomic one is reached only through its methods, each an atomic add, a load or a store.
 * An atomic add is always its own statement (its old value, when used, in a local), so no other
 * expression ever hides an update of shared memory.
 */
final class GlobalLowering {
    private final FunctionLowering f;
    private final SourceTrees source;
    private final IrOutput output;
    private final Flow flow;

    GlobalLowering(FunctionLowering f, SourceTrees source, IrOutput output, Flow flow) {
        this.f = f;
        this.source = source;
        this.output = output;
        this.flow = flow;
    }

    /** The global a field element declares, or null. */
    GlobalDecl of(Element element) {
        return element == null || element.getKind() != ElementKind.FIELD ? null : f.declarations.globals().get(element);
    }

    /** The value of a global read as a field. */
    Expr read(Tree at, GlobalDecl global) {
        if (global.role() == GlobalDecl.Role.ATOMIC) {
            throw f.reporter.reject(at, "'" + global.name() + "' is an atomic: read it with " + global.name() + ".get(),"
                    + " update it with " + global.name() + ".incrementAndGet(), addAndGet(delta) or set(value)");
        }
        return new Expr.LoadGlobal(global);
    }

    /** Refuses a write to a global the program may not assign; nothing for a plain {@code @Shared} one. */
    void checkAssignable(Tree at, GlobalDecl global) {
        switch (global.role()) {
            case CONFIG -> throw f.reporter.reject(at, "@Config field '" + global.name() + "' cannot be assigned in a program:"
                    + " configuration is set before load and frozen, and the verifier relies on it never changing; keep"
                    + " state that changes in a @Shared field");
            case ATOMIC -> throw f.reporter.reject(at, "'" + global.name() + "' is an atomic: the field itself cannot be"
                    + " assigned; write " + global.name() + ".set(value), or " + global.name() + ".addAndGet(delta)");
            case SHARED -> { }
        }
    }

    /** The atomic global a call is made on, or null; an unannotated atomic field is refused. */
    GlobalDecl atomicOf(MethodInvocationTree call) {
        if (!(call.getMethodSelect() instanceof MemberSelectTree select)) return null;
        Element receiver = source.elementOf(select.getExpression());
        if (receiver == null || receiver.getKind() != ElementKind.FIELD) return null;
        GlobalDecl global = of(receiver);
        if (global != null && global.role() == GlobalDecl.Role.ATOMIC) return global;
        String type = JavaTypes.qualifiedName(receiver.asType());
        if (global == null && (type.equals(GlobalDeclarations.ATOMIC_LONG) || type.equals(GlobalDeclarations.ATOMIC_INTEGER))) {
            throw f.reporter.reject(select.getExpression(), "atomic field '" + receiver.getSimpleName() + "' is not a global"
                    + " of the program: annotate it @Shared (static final) so that the kernel keeps it for every run and CPU"
                    + " and user space can read it");
        }
        return null;
    }

    /** A call on an atomic global; its value, or null when {@code valueUsed} is false. */
    Expr call(MethodInvocationTree call, GlobalDecl global, boolean valueUsed) {
        String method = ((MemberSelectTree) call.getMethodSelect()).getIdentifier().toString();
        Prim type = global.type();
        var arguments = call.getArguments();
        boolean takesDelta = method.equals("addAndGet") || method.equals("getAndAdd");
        boolean takesValue = method.equals("set");
        int arity = takesDelta || takesValue ? 1 : 0;
        return switch (method) {
            case "get", "incrementAndGet", "decrementAndGet", "getAndIncrement", "getAndDecrement", "addAndGet", "getAndAdd",
                 "set" -> {
                if (arguments.size() != arity) throw f.reporter.reject(call, "ebpf4j internal error: " + method + " arity");
                if (method.equals("get")) yield valueUsed ? new Expr.LoadGlobal(global) : null;
                if (takesValue) {
                    output.emit(new Stmt.StoreGlobal(global, f.expressions.prim(arguments.getFirst(), type), output.here));
                    yield null;
                }
                Expr delta = switch (method) {
                    case "incrementAndGet", "getAndIncrement" -> new Expr.Constant(type, 1);
                    case "decrementAndGet", "getAndDecrement" -> new Expr.Constant(type, type.normalize(-1));
                    default -> f.expressions.prim(arguments.getFirst(), type);
                };
                boolean returnsNew = method.endsWith("AndGet");
                if (!valueUsed) {
                    output.emit(new Stmt.Eval(new Expr.GlobalAdd(global, delta), output.here));
                    yield null;
                }
                if (returnsNew && !(ConstantFolder.fold(delta) instanceof Expr.Constant)) {
                    delta = new Expr.Read(flow.declare("delta", type, delta));
                }
                Local old = flow.declare("old", type, new Expr.GlobalAdd(global, delta));
                yield returnsNew ? ConstantFolder.binary(BinaryOp.ADD, type, new Expr.Read(old), delta) : new Expr.Read(old);
            }
            default -> throw f.reporter.reject(call, "'" + global.name() + "." + method + "' is not supported on an atomic"
                    + " global: use get(), set(value), incrementAndGet(), decrementAndGet(), addAndGet(delta),"
                    + " getAndIncrement(), getAndDecrement() or getAndAdd(delta), each one atomic instruction");
        };
    }

    /** Reads and writes of a plain {@code @Shared} global as an assignment target. */
    final class Target {
        private final GlobalDecl global;
        /** The value last stored (a constant or a local's), which an assignment expression has as its value. */
        private Expr stored;

        Target(GlobalDecl global) {
            this.global = global;
        }

        Prim type() {
            return global.type();
        }

        Expr read() {
            return stored != null ? stored : new Expr.LoadGlobal(global);
        }

        void write(Expr value) {
            Expr folded = ConstantFolder.fold(value);
            stored = folded instanceof Expr.Constant ? folded : new Expr.Read(flow.declare(global.name(), global.type(), value));
            output.emit(new Stmt.StoreGlobal(global, stored, output.here));
        }

        void assign(ExpressionTree tree) {
            write(f.expressions.prim(tree, global.type()));
        }
    }
}
