package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.Local;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What is known not to be null at a point of the program: the view locals and the presence flags
 * of map values proven non-null on every path reaching it. An unreachable point knows everything
 * (it is the identity of {@link #join}).
 */
final class NullState {
    private final Set<Local> nonNull;
    private final boolean reachable;

    private NullState(Set<Local> nonNull, boolean reachable) {
        this.nonNull = nonNull;
        this.reachable = reachable;
    }

    static NullState start() {
        return new NullState(Set.of(), true);
    }

    static NullState unreachable() {
        return new NullState(Set.of(), false);
    }

    boolean reachable() {
        return reachable;
    }

    boolean nonNull(Local local) {
        return !reachable || nonNull.contains(local);
    }

    NullState with(Set<Local> facts) {
        if (!reachable || facts.isEmpty()) return this;
        Set<Local> set = new HashSet<>(nonNull);
        set.addAll(facts);
        return new NullState(Set.copyOf(set), true);
    }

    NullState with(Local local) {
        return with(Set.of(local));
    }

    NullState without(Set<Local> locals) {
        if (!reachable) return this;
        Set<Local> set = new HashSet<>(nonNull);
        set.removeAll(locals);
        return new NullState(Set.copyOf(set), true);
    }

    NullState without(Local local) {
        return without(Set.of(local));
    }

    /** What holds where paths from {@code this} and {@code other} meet. */
    NullState join(NullState other) {
        if (!reachable) return other;
        if (!other.reachable) return this;
        Set<Local> set = new HashSet<>(nonNull);
        set.retainAll(other.nonNull);
        return new NullState(Set.copyOf(set), true);
    }

    static NullState joinAll(List<NullState> states) {
        NullState result = unreachable();
        for (NullState state : states) result = result.join(state);
        return result;
    }
}
