package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Local;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What is known of locals on a path: the views, value pointers and presence flags proven
 * non-null, and the values integer locals, and integer expressions of locals, are proven to lie
 * between (so a checked index {@code if (i >= 0 && i < a.length) a[i]++;} is in range, and so is
 * {@code a[j + 1]} after {@code Integer.compareUnsigned(j + 1, a.length) < 0}).
 *
 * @param nonNull locals proven non-null
 * @param ranges  integer locals (as their {@link Expr.Read}) and expressions of them ({@link FlowFacts#key})
 *                with the range of their (int) value; one not in it can be anything
 */
record Known(Set<Local> nonNull, Map<Expr, Range> ranges) {
    static final Known NOTHING = new Known(Set.of(), Map.of());

    Known {
        nonNull = Set.copyOf(nonNull);
        ranges = Map.copyOf(ranges);
    }

    static Known ofNonNull(Local local) {
        return new Known(Set.of(local), Map.of());
    }

    static Known ofRange(Local local, Range range) {
        return ofRange(new Expr.Read(local), range);
    }

    /** The range of {@code subject}, a {@link FlowFacts#key}. */
    static Known ofRange(Expr subject, Range range) {
        return new Known(Set.of(), Map.of(subject, range));
    }

    boolean isEmpty() {
        return nonNull.isEmpty() && ranges.isEmpty();
    }

    /** What holds where both hold: both sets of facts. */
    Known meet(Known other) {
        if (other.isEmpty()) return this;
        if (isEmpty()) return other;
        Set<Local> set = new HashSet<>(nonNull);
        set.addAll(other.nonNull);
        Map<Expr, Range> map = new HashMap<>(ranges);
        other.ranges.forEach((local, range) -> map.merge(local, range, Range::meet));
        return new Known(set, map);
    }

    /** What holds where either holds: the facts both have, ranges widened to cover both. */
    Known join(Known other) {
        Set<Local> set = new HashSet<>(nonNull);
        set.retainAll(other.nonNull);
        Map<Expr, Range> map = new HashMap<>();
        ranges.forEach((local, range) -> {
            Range theirs = other.ranges.get(local);
            if (theirs != null) map.put(local, range.hull(theirs));
        });
        return new Known(set, map);
    }

    /** These facts less those about {@code locals} (which were assigned). */
    Known without(Set<Local> locals) {
        if (locals.isEmpty()) return this;
        Set<Local> set = new HashSet<>(nonNull);
        set.removeAll(locals);
        Map<Expr, Range> map = new HashMap<>(ranges);
        map.keySet().removeIf(subject -> FlowFacts.reads(subject, locals));
        return new Known(set, map);
    }
}
