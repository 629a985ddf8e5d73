package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.IrType;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the lowering knows at the current point of an entry method about nullness and ranges:
 * the {@link FlowState}, the presence flags and the locals holding conditions, and the
 * declarations and assignments that keep it up to date.
 */
final class Flow {
    private final IrOutput output;
    /** Set once by {@link #connect}: the ranges of assigned values. */
    private IndexRanges ranges;
    FlowState state = FlowState.start();
    /** BOOLEAN locals that are presence flags of aggregates (their truth proves non-nullness). */
    final Set<Local> presence = new HashSet<>();
    /** Locals holding a condition computed in statements, with the facts the condition proves. */
    final Map<Local, FlowFacts> conditions = new HashMap<>();

    Flow(IrOutput output) {
        this.output = output;
    }

    void connect(IndexRanges ranges) {
        this.ranges = ranges;
    }

    Local newPresence(String name) {
        Local local = output.newLocal(name + "_present", Prim.BOOLEAN);
        presence.add(local);
        return local;
    }

    /** Declares a local of {@code type} set to {@code init}, tracking whether it is known non-null or in a range. */
    Local declare(String name, IrType type, Expr init) {
        Local local = output.newLocal(name, type);
        output.emit(new Stmt.Declare(local, init, output.here));
        track(local, init);
        return local;
    }

    void assign(Local local, Expr value) {
        output.emit(new Stmt.Assign(local, value, output.here));
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
