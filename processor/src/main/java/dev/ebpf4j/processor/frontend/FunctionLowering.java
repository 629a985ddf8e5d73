package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.IrType;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.SourcePosition;
import dev.ebpf4j.processor.ir.Stmt;

import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of lowering one entry method (and everything inlined into it): locals, the statement
 * list being filled, the frames of inlined calls, break targets and the null state. The lowerers
 * ({@link StatementLowering}, {@link ExpressionLowering}, {@link AggregateLowering},
 * {@link AssignmentLowering}, {@link CallLowering}) share it.
 */
final class FunctionLowering {
    final Trees trees;
    final CompilationUnitTree unit;
    final Reporter reporter;
    final Positions positions;
    final Declarations declarations;
    final StatementLowering statements = new StatementLowering(this);
    final ExpressionLowering expressions = new ExpressionLowering(this);
    final AggregateLowering aggregates = new AggregateLowering(this);
    final AssignmentLowering assignments = new AssignmentLowering(this);
    final CallLowering calls = new CallLowering(this);
    final IndexRanges ranges = new IndexRanges(this);
    final ArrayLowering arrays = new ArrayLowering(this);

    private final Set<String> names = new HashSet<>();
    private int nextId;
    private int nextLabel;
    /** BOOLEAN locals that are presence flags of aggregates (their truth proves non-nullness). */
    final Set<Local> presence = new HashSet<>();
    /** Locals holding a condition computed in statements, with the facts the condition proves. */
    final Map<Local, FlowFacts> conditions = new HashMap<>();
    /** Variables whose declaration was refused (and reported): a use of one is no second error. */
    private final Set<Element> refused = new HashSet<>();
    private Deque<List<Stmt>> out = new ArrayDeque<>();
    final Deque<Frame> frames = new ArrayDeque<>();
    FlowState state = FlowState.start();
    /** The hook of the entry method being lowered: its verdicts are what the messages suggest returning. */
    private Hook hook = Hook.XDP;
    private String context = "ctx";
    SourcePosition here;

    FunctionLowering(Trees trees, CompilationUnitTree unit, Reporter reporter, Positions positions, Declarations declarations) {
        this.trees = trees;
        this.unit = unit;
        this.reporter = reporter;
        this.positions = positions;
        this.declarations = declarations;
    }

    /** An entry point with an empty body, for the skeleton (which needs names and hooks only). */
    static Function emptyEntry(ExecutableElement method, Hook hook, SourcePosition position) {
        Local context = new Local(0, method.getParameters().getFirst().getSimpleName().toString(), new ContextType(hook));
        return new Function(method.getSimpleName().toString(), hook, List.of(context), Prim.INT,
                new Stmt.Block(null, List.of(), position), position);
    }

    /** Lowers the entry method {@code method}; errors are reported, the result is meaningless if any. */
    Function lowerEntry(ExecutableElement method, Hook hook) {
        MethodTree tree = trees.getTree(method);
        this.hook = hook;
        this.context = method.getParameters().getFirst().getSimpleName().toString();
        here = positions.of(tree);
        Local context = newLocal(method.getParameters().getFirst().getSimpleName().toString(), new ContextType(hook));
        Frame frame = new Frame(method, null, null);
        frame.bindings.put(method.getParameters().getFirst(), new Binding.Scalar(context));
        frames.push(frame);
        List<Stmt> body = collect(() -> statements.lowerBody(tree.getBody()));
        frames.pop();
        SourcePosition position = positions.of(tree);
        return new Function(method.getSimpleName().toString(), hook, List.of(context), Prim.INT,
                new Stmt.Block(null, body, positions.of(tree.getBody())), position);
    }

    /** The frame of one method being lowered: its variables, break targets, and where its returns go. */
    static final class Frame {
        final ExecutableElement method;
        final Map<Element, Binding> bindings = new HashMap<>();
        final Deque<Target> targets = new ArrayDeque<>();
        /** The label of the inlined block a return leaves; null in the entry method. */
        final String returnLabel;
        /** The local an inlined return assigns; null for void. */
        final Local result;
        final List<FlowState> returnStates = new ArrayList<>();

        Frame(ExecutableElement method, String returnLabel, Local result) {
            this.method = method;
            this.returnLabel = returnLabel;
            this.result = result;
        }
    }

    /** A break (and for loops continue) target: its Java label if any, its IR label, and the states at its breaks. */
    static final class Target {
        final String javaLabel;
        final String label;
        final Kind kind;
        /** For a switch expression: the local its yields assign. */
        final Local result;
        final List<FlowState> breakStates = new ArrayList<>();

        Target(String javaLabel, String label, Kind kind, Local result) {
            this.javaLabel = javaLabel;
            this.label = label;
            this.kind = kind;
            this.result = result;
        }

        Target(String javaLabel, String label, Kind kind) {
            this(javaLabel, label, kind, null);
        }
    }

    /** What a target is: an unlabelled break leaves the innermost loop or switch statement, a yield its switch expression. */
    enum Kind { LOOP, SWITCH, BLOCK, SWITCH_EXPRESSION }

    /** The statement that lets the packet through ({@code pass}) or drops it, in the entry method's hook. */
    String verdict(boolean pass) {
        return switch (hook) {
            case XDP -> pass ? "return XdpAction.PASS;" : "return XdpAction.DROP;";
            case TC_INGRESS, TC_EGRESS -> pass ? "return TcAction.OK;" : "return TcAction.SHOT;";
            case SOCKET_FILTER -> pass ? "return " + context + ".length();" : "return 0;";
        };
    }

    /**
     * A null check of {@code name} that compiles where the check is needed: a return of the hook's
     * verdict in the entry method, of null in a method returning a view, else a guarded block.
     */
    String nullCheck(String name) {
        Frame frame = frame();
        if (frame.returnLabel == null) return "if (" + name + " == null) " + verdict(true);
        if (frame.result != null && frame.result.type() instanceof dev.ebpf4j.processor.ir.ViewKind) {
            return "if (" + name + " == null) return null;";
        }
        return "if (" + name + " != null) { ... }";
    }

    Frame frame() {
        return frames.peek();
    }

    Local newLocal(String name, IrType type) {
        String unique = name;
        for (int i = 1; !names.add(unique); i++) unique = name + "_" + i;
        return new Local(nextId++, unique, type);
    }

    /** Frees the name of a local that was dropped before anything referred to it. */
    void forget(Local local) {
        names.remove(local.name());
    }

    Local newPresence(String name) {
        Local local = newLocal(name + "_present", Prim.BOOLEAN);
        presence.add(local);
        return local;
    }

    String newLabel(String base) {
        return base + "_" + nextLabel++;
    }

    void emit(Stmt stmt) {
        out.peek().add(stmt);
    }

    /** The statement list being filled (for inserting spills before later side effects). */
    List<Stmt> current() {
        return out.peek();
    }

    /** The statements {@code body} emits, collected apart from the current list. */
    List<Stmt> collect(Runnable body) {
        out.push(new ArrayList<>());
        try {
            body.run();
            return out.peek();
        } finally {
            out.pop();
        }
    }

    Binding binding(Element element) {
        return frame().bindings.get(element);
    }

    /** Marks {@code element} as a variable whose declaration was refused with an error already reported. */
    void refuse(Element element) {
        if (element != null) refused.add(element);
    }

    /**
     * Abandons the statement that uses {@code element} if its declaration was refused: the error
     * was reported there, and saying the variable has no supported type would contradict it.
     */
    void checkNotRefused(Element element) {
        if (element != null && refused.contains(element)) throw new Rejected();
    }

    TreePath path(Tree tree) {
        return TreePath.getPath(unit, tree);
    }

    TypeMirror typeOf(Tree tree) {
        TreePath path = path(tree);
        return path == null ? null : trees.getTypeMirror(path);
    }

    Element elementOf(Tree tree) {
        TreePath path = path(tree);
        return path == null ? null : trees.getElement(path);
    }

    /** Declares a local of {@code type} set to {@code init}, tracking whether it is known non-null or in a range. */
    Local declare(String name, IrType type, Expr init) {
        Local local = newLocal(name, type);
        emit(new Stmt.Declare(local, init, here));
        track(local, init);
        return local;
    }

    void assign(Local local, Expr value) {
        emit(new Stmt.Assign(local, value, here));
        track(local, value);
    }

    private void track(Local local, Expr value) {
        if (FlowFacts.subject(new Expr.Read(local)) != null) {
            // the range of the value is taken before the assignment changes what the local's old value told
            Range range = value == null ? null : ranges.of(value, null);
            state = state.without(local);
            if (range != null) state = state.with(Known.ofRange(local, range));
            return;
        }
        if (!local.type().nullable() && !presence.contains(local)) return;
        boolean known = switch (value) {
            case null -> false;
            case Expr.Read(Local other) -> state.nonNull(other) && state.reachable();
            case Expr.Constant c -> presence.contains(local) && c.value() != 0;
            default -> false;
        };
        state = known ? state.with(local) : state.without(local);
    }

    /** What {@code condition} proves about nullness and ranges when true and when false. */
    FlowFacts facts(Expr condition) {
        return FlowFacts.of(condition, presence, conditions);
    }

    /** True if {@code pointer} (a view or value pointer) is proven non-null here. */
    boolean nonNull(Expr pointer) {
        return pointer instanceof Expr.Read(Local local) && state.nonNull(local);
    }
}
