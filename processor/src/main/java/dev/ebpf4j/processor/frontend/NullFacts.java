package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.UnaryOp;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a lowered condition proves about nullness when it is true and when it is false: read from
 * the IR, so {@code x != null}, {@code !(x == null)}, {@code &&} and {@code ||} chains, and the
 * presence flags of map values all count.
 *
 * @param whenTrue  locals non-null where the condition held
 * @param whenFalse locals non-null where it did not
 */
record NullFacts(Set<Local> whenTrue, Set<Local> whenFalse) {
    static final NullFacts NONE = new NullFacts(Set.of(), Set.of());

    /**
     * The facts of {@code condition}; {@code presence} tells which BOOLEAN locals are presence
     * flags, {@code temporaries} the facts of the locals that hold a condition computed in
     * statements (an {@code &&} whose right side needed a map call).
     */
    static NullFacts of(Expr condition, Set<Local> presence, Map<Local, NullFacts> temporaries) {
        return switch (condition) {
            case Expr.IsNull(Expr.Read(Local local)) -> new NullFacts(Set.of(), Set.of(local));
            case Expr.Read(Local local) when presence.contains(local) -> new NullFacts(Set.of(local), Set.of());
            case Expr.Read(Local local) when temporaries.containsKey(local) -> temporaries.get(local);
            case Expr.Unary(UnaryOp op, Expr operand) when op == UnaryOp.NOT -> of(operand, presence, temporaries).negate();
            case Expr.Logical(var op, Expr left, Expr right) -> {
                NullFacts l = of(left, presence, temporaries);
                NullFacts r = of(right, presence, temporaries);
                yield switch (op) {
                    case AND -> new NullFacts(union(l.whenTrue, r.whenTrue), intersect(l.whenFalse, union(l.whenTrue, r.whenFalse)));
                    case OR -> new NullFacts(intersect(l.whenTrue, union(l.whenFalse, r.whenTrue)), union(l.whenFalse, r.whenFalse));
                };
            }
            default -> NONE;
        };
    }

    NullFacts negate() {
        return new NullFacts(whenFalse, whenTrue);
    }

    private static Set<Local> union(Set<Local> a, Set<Local> b) {
        Set<Local> set = new HashSet<>(a);
        set.addAll(b);
        return set;
    }

    private static Set<Local> intersect(Set<Local> a, Set<Local> b) {
        Set<Local> set = new HashSet<>(a);
        set.retainAll(b);
        return set;
    }
}
