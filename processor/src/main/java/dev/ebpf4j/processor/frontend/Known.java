package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.Local;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What is known of locals on a path: the views, value pointers and presence flags proven
 * non-null, and the values integer locals are proven to lie between (so a checked index
 * {@code if (i >= 0 && i < a.length) a[i]++;} is in range).
 *
 * @param nonNull locals proven non-null
 * @param ranges  integer locals with the range of their (int) value; a local not in it can be anything
 */
record Known(Set<Local> nonNull, Map<Local, Range> ranges) {
    static final Known NOTHING = new Known(Set.of(), Map.of());

    Known {
        nonNull = Set.copyOf(nonNull);
        ranges = Map.copyOf(ranges);
    }

    static Known ofNonNull(Local local) {
        return new Known(Set.of(local), Map.of());
    }

    static Known ofRange(Local local, Range range) {
        return new Known(Set.of(), Map.of(local, range));
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
        Map<Local, Range> map = new HashMap<>(ranges);
        other.ranges.forEach((local, range) -> map.merge(local, range, Range::meet));
        return new Known(set, map);
    }

    /** What holds where either holds: the facts both have, ranges widened to cover both. */
    Known join(Known other) {
        Set<Local> set = new HashSet<>(nonNull);
        set.retainAll(other.nonNull);
        Map<Local, Range> map = new HashMap<>();
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
        Map<Local, Range> map = new HashMap<>(ranges);
        map.keySet().removeAll(locals);
        return new Known(set, map);
    }
}
