package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Record keys built once for several map calls. A program that looks a flow up, inserts it and
 * updates it names the same key, {@code new FlowKey(a, b, ...)} of the same locals, at each call;
 * built in a scratch area each time, that is a zeroing and a store per field a call. A key made
 * only of locals and constants that two or more calls share gets an area of its own for the whole
 * function, which holds nothing but that key; a call finds the key already there when, on every
 * path to it, a call stored it and no local it reads was written since (a forward walk over the
 * structured statements, as the emitter lays them out).
 */
final class KeyAreas {
    private final Map<Expr.StructValue, Integer> areas = new HashMap<>();
    private final Set<Expr.MapCall> built = Collections.newSetFromMap(new IdentityHashMap<>());

    KeyAreas(Function function, StackFrame frame) {
        Map<Expr.StructValue, Integer> uses = new LinkedHashMap<>();
        IrScanner.forEachExpression(function.body(), e -> {
            if (e instanceof Expr.MapCall call && shareable(call) instanceof Expr.StructValue key) uses.merge(key, 1, Integer::sum);
        });
        uses.forEach((key, count) -> {
            if (count > 1) areas.put(key, frame.allocate(key.struct().size()));
        });
        if (!areas.isEmpty()) new Walk().block(function.body(), Set.of());
    }

    /**
     * The locals that may live in their key's area, by local id, with the r10-relative offset of
     * their field: a local of type int or long that is a field of exactly one shared key, once, in
     * an 8-byte word no store of that key zeroes first (a word with padding or a constant zero
     * field is), and not a parameter. Living there, the local is in place whenever a call needs
     * the key, and building the key stores nothing for it.
     */
    Map<Integer, Integer> fieldHomes(Function function) {
        Map<Integer, Integer> homes = new HashMap<>();
        Map<Integer, Integer> occurrences = new HashMap<>();
        areas.forEach((key, area) -> {
            for (Expr field : key.fields()) {
                if (field instanceof Expr.Read(Local l)) occurrences.merge(l.id(), 1, Integer::sum);
            }
        });
        Set<Integer> parameters = new HashSet<>();
        for (Local p : function.parameters()) parameters.add(p.id());
        areas.forEach((key, area) -> {
            List<dev.ebpf4j.processor.ir.StructField> layout = key.struct().fields();
            int words = (key.struct().size() + 7) / 8;
            int[] stored = new int[words];
            for (int i = 0; i < layout.size(); i++) {
                if (key.fields().get(i) instanceof Expr.Constant(var t, long v) && v == 0) continue;
                var f = layout.get(i);
                for (int at = f.offset(); at < f.offset() + f.type().size(); at++) stored[at / 8]++;
            }
            for (int i = 0; i < layout.size(); i++) {
                var f = layout.get(i);
                if (!(key.fields().get(i) instanceof Expr.Read(Local l)) || occurrences.get(l.id()) != 1
                        || parameters.contains(l.id())) continue;
                boolean fits = (l.type() == Prim.LONG || l.type() == Prim.INT) && f.type() == l.type();
                boolean wholeWord = stored[f.offset() / 8] == 8 && f.offset() / 8 == (f.offset() + f.type().size() - 1) / 8;
                if (fits && wholeWord) homes.put(l.id(), area + f.offset());
            }
        });
        return homes;
    }

    /** The r10-relative offset of the area {@code key} has to itself, or null when it is built in a scratch area. */
    Integer area(Expr key) {
        return key instanceof Expr.StructValue s ? areas.get(s) : null;
    }

    /** True when the key of {@code call} is in its area already on every path to the call. */
    boolean built(Expr.MapCall call) {
        return built.contains(call);
    }

    /**
     * The operands evaluating {@code e} reads: {@link IrScanner#operands}, except that a map call
     * whose key is {@link #built} already reads none of the key's fields, only its value (if any).
     */
    List<Expr> operandsRead(Expr e) {
        if (e instanceof Expr.MapCall call && built(call)) {
            return call.value() == null ? List.of() : List.of(call.value());
        }
        return IrScanner.operands(e);
    }

    /** The key of {@code call} if it is a record of locals and constants (an LPM trie's key has its own layout). */
    private static Expr.StructValue shareable(Expr.MapCall call) {
        if (call.map().kind() == MapKind.LPM_TRIE || !(call.key() instanceof Expr.StructValue key)) return null;
        for (Expr field : key.fields()) {
            boolean plain = field instanceof Expr.Constant
                    || field instanceof Expr.Read(Local l) && !(l.type() instanceof ArrayType);
            if (!plain) return null;
        }
        return key;
    }

    /**
     * The keys in their areas after each statement; null where control does not go on. Loops start
     * and end with nothing known (a back edge may come from after a local changed); a break out of
     * a labelled block carries what it knows to the block's end.
     */
    private final class Walk {
        /** Open labelled blocks and loops, innermost first; a loop's entry holds null. */
        private final Deque<Map.Entry<Stmt, Set<Expr.StructValue>[]>> targets = new ArrayDeque<>();

        Set<Expr.StructValue> block(Stmt.Block b, Set<Expr.StructValue> in) {
            Set<Expr.StructValue> state = in;
            for (Stmt s : b.statements()) {
                if (state == null) return null;
                state = stmt(s, state);
            }
            return state;
        }

        @SuppressWarnings("unchecked")
        private Set<Expr.StructValue> stmt(Stmt s, Set<Expr.StructValue> in) {
            Set<Expr.StructValue> state = new HashSet<>(in);
            switch (s) {
                case Stmt.If(var condition, var then, var otherwise, var p) -> {
                    expressions(List.of(condition), state);
                    return meet(block(then, state), block(otherwise, state));
                }
                case Stmt.Loop l -> {
                    targets.push(Map.entry(l, new Set[1]));
                    Set<Expr.StructValue> none = new HashSet<>();
                    if (l.condition() != null) expressions(List.of(l.condition()), none);
                    Set<Expr.StructValue> after = block(l.body(), none);
                    if (after != null) block(l.update(), after);
                    targets.pop();
                    return new HashSet<>();
                }
                case Stmt.Block b when b.label() != null -> {
                    Set<Expr.StructValue>[] breaks = new Set[1];
                    targets.push(Map.entry(b, breaks));
                    Set<Expr.StructValue> end = block(b, state);
                    targets.pop();
                    return breaks[0] == null ? end : end == null ? breaks[0] : meet(end, breaks[0]);
                }
                case Stmt.Block b -> {
                    return block(b, state);
                }
                case Stmt.Break(var label, var p) -> {
                    for (var target : targets) {
                        boolean loop = target.getKey() instanceof Stmt.Loop;
                        String name = loop ? ((Stmt.Loop) target.getKey()).label() : ((Stmt.Block) target.getKey()).label();
                        if (label == null ? loop : label.equals(name)) {
                            if (!loop) {
                                Set<Expr.StructValue>[] known = target.getValue();
                                known[0] = known[0] == null ? state : meet(known[0], state);
                            }
                            break;
                        }
                    }
                    return null;
                }
                case Stmt.Continue c -> {
                    return null;
                }
                case Stmt.Return r -> {
                    if (r.value() != null) expressions(List.of(r.value()), state);
                    return null;
                }
                default -> {
                    expressions(IrScanner.expressions(s), state);
                    if (IrScanner.written(s) instanceof Local written) {
                        state.removeIf(key -> key.fields().stream().anyMatch(f -> f instanceof Expr.Read(Local l) && l.equals(written)));
                    }
                    return state;
                }
            }
        }

        /**
         * Adds to {@code state} the keys a statement's expressions {@code es} store. A call in them
         * finds its key built only if it was before the statement: the emitter may evaluate the
         * operands of one expression in another order than they are written.
         */
        private void expressions(List<Expr> es, Set<Expr.StructValue> state) {
            Set<Expr.StructValue> stored = new HashSet<>();
            for (Expr e : es) expr(e, state, stored);
            state.addAll(stored);
        }

        /** Notes in {@code stored} the keys {@code e} stores on every path through it. */
        private void expr(Expr e, Set<Expr.StructValue> before, Set<Expr.StructValue> stored) {
            switch (e) {
                case Expr.Logical(var op, var left, var right) -> {
                    expr(left, before, stored);
                    expr(right, before, new HashSet<>());
                }
                case Expr.Conditional(var condition, var whenTrue, var whenFalse) -> {
                    expr(condition, before, stored);
                    expr(whenTrue, before, new HashSet<>());
                    expr(whenFalse, before, new HashSet<>());
                }
                case Expr.MapCall call -> {
                    Expr.StructValue key = shareable(call);
                    if (key != null && areas.containsKey(key)) {
                        if (before.contains(key)) built.add(call);
                        stored.add(key);
                    } else if (call.key() != null) {
                        expr(call.key(), before, stored);
                    }
                    if (call.value() != null) expr(call.value(), before, stored);
                }
                default -> {
                    for (Expr operand : IrScanner.operands(e)) expr(operand, before, stored);
                }
            }
        }

        private static Set<Expr.StructValue> meet(Set<Expr.StructValue> a, Set<Expr.StructValue> b) {
            if (a == null) return b;
            if (b == null) return a;
            Set<Expr.StructValue> both = new HashSet<>(a);
            both.retainAll(b);
            return both;
        }
    }
}
