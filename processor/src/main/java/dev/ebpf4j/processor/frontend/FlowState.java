package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Local;

import java.util.List;
import java.util.Set;

/**
 * What is known at a point of the program ({@link Known}: the views and presence flags proven
 * non-null, the ranges of integer locals) on every path reaching it. An unreachable point knows
 * everything (it is the identity of {@link #join}).
 */
final class FlowState {
    private final Known known;
    private final boolean reachable;

    private FlowState(Known known, boolean reachable) {
        this.known = known;
        this.reachable = reachable;
    }

    static FlowState start() {
        return new FlowState(Known.NOTHING, true);
    }

    static FlowState unreachable() {
        return new FlowState(Known.NOTHING, false);
    }

    boolean reachable() {
        return reachable;
    }

    boolean nonNull(Local local) {
        return !reachable || known.nonNull().contains(local);
    }

    /** The range of integer local {@code local}'s value here, or null if nothing is known. */
    Range range(Local local) {
        return known.ranges().get(new Expr.Read(local));
    }

    /** The range of integer expression {@code value}'s value here if a check on the path proved one, or null. */
    Range range(Expr value) {
        Expr key = FlowFacts.key(value);
        return key == null ? null : known.ranges().get(key);
    }

    FlowState with(Known facts) {
        if (!reachable || facts.isEmpty()) return this;
        return new FlowState(known.meet(facts), true);
    }

    FlowState with(Local local) {
        return with(Known.ofNonNull(local));
    }

    FlowState without(Set<Local> locals) {
        if (!reachable) return this;
        return new FlowState(known.without(locals), true);
    }

    FlowState without(Local local) {
        return without(Set.of(local));
    }

    /** What holds where paths from {@code this} and {@code other} meet. */
    FlowState join(FlowState other) {
        if (!reachable) return other;
        if (!other.reachable) return this;
        return new FlowState(known.join(other.known), true);
    }

    static FlowState joinAll(List<FlowState> states) {
        FlowState result = unreachable();
        for (FlowState state : states) result = result.join(state);
        return result;
    }
}
