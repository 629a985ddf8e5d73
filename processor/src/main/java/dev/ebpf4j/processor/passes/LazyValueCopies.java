package dev.ebpf4j.processor.passes;

import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.IrTranslator;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.UnaryOp;
import dev.ebpf4j.processor.ir.ValuePointer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a map value's fields where the program uses them instead of copying them all at the
 * lookup. The front end lowers {@code Stats s = map.get(k)} as Java means it, a copy: the pointer,
 * a presence flag, a local per field set to zero, and an {@code if} that loads every field. Where
 * each field is read at most once, outside loops, and nothing between the lookup and the read can
 * write a map value (no update, removal, in-place field update or function call on any path there),
 * the read loads the field through the pointer instead, {@code ptr != null ? ptr->f : 0}, or just
 * {@code ptr->f} where the pointer is known non-null (in the branch of a test of it); the presence
 * flag is read as the pointer's test. A value no other code writes in between reads the same at
 * the lookup and at the use, so the program means the same, with no stack copy and no zeroing.
 * Lookups inside loops keep their copies.
 */
public final class LazyValueCopies {
    private final Map<Integer, Integer> writes = new HashMap<>();
    private final Map<Integer, Integer> reads = new HashMap<>();

    private LazyValueCopies() {
    }

    public static Function apply(Function f) {
        LazyValueCopies pass = new LazyValueCopies();
        new IrScanner() {
            @Override
            public void scan(Stmt s) {
                if (IrScanner.written(s) instanceof Local l) pass.writes.merge(l.id(), 1, Integer::sum);
                super.scan(s);
            }

            @Override
            public void scan(Expr e) {
                if (e instanceof Expr.Read(Local l)) pass.reads.merge(l.id(), 1, Integer::sum);
                super.scan(e);
            }
        }.scan(f.body());
        Stmt.Block body = pass.block(f.body());
        return body == f.body() ? f : new Function(f.name(), f.hook(), f.parameters(), f.returnType(), body, f.position());
    }

    /** {@code b} with each copy this pass can take down taken down, in it and in the blocks inside it. */
    private Stmt.Block block(Stmt.Block b) {
        List<Stmt> in = b.statements();
        List<Stmt> out = new ArrayList<>(in.size());
        boolean changed = false;
        for (int i = 0; i < in.size(); i++) {
            Copy copy = Copy.at(in, i);
            if (copy != null && copy.locals(writes)) {
                List<Stmt> rest = copy.rewrite(in.subList(copy.end(), in.size()), reads);
                if (rest != null) {
                    out.add(in.get(i));
                    out.addAll(block(new Stmt.Block(null, rest, b.position())).statements());
                    return new Stmt.Block(b.label(), out, b.position());
                }
            }
            Stmt s = in.get(i);
            Stmt t = nested(s);
            changed |= t != s;
            out.add(t);
        }
        return changed ? new Stmt.Block(b.label(), out, b.position()) : b;
    }

    private Stmt nested(Stmt s) {
        return switch (s) {
            case Stmt.If(var c, var then, var otherwise, var p) -> {
                Stmt.Block t = block(then);
                Stmt.Block o = block(otherwise);
                yield t == then && o == otherwise ? s : new Stmt.If(c, t, o, p);
            }
            // Not inside loops: a loop of lookups is sized against the verifier's limit on pending
            // branches (LoopLengths), which a different layout of the null test can move.
            case Stmt.Loop l -> s;
            case Stmt.Block nb -> block(nb);
            default -> s;
        };
    }

    /**
     * The front end's copy of a looked-up value: {@code ptr = lookup; present = ptr != null;
     * part = 0...; if (ptr != null) { part = ptr->field; ... }}, statements {@code start} to {@code end}.
     */
    private record Copy(int start, int end, MapDecl map, Local pointer, Local present, Expr found, List<Local> parts,
                        List<Expr> zeros, List<Expr> loads) {
        static Copy at(List<Stmt> in, int i) {
            if (!(in.get(i) instanceof Stmt.Declare(Local pointer, Expr.MapCall call, var p0))
                    || !(pointer.type() instanceof ValuePointer) || call.op() != MapOp.LOOKUP) {
                return null;
            }
            if (i + 1 >= in.size() || !(in.get(i + 1) instanceof Stmt.Declare(Local present, Expr found, var p1)) || found == null) {
                return null;
            }
            if (!found.equals(ConstantFolder.unary(UnaryOp.NOT, new Expr.IsNull(new Expr.Read(pointer))))) return null;
            List<Local> parts = new ArrayList<>();
            List<Expr> zeros = new ArrayList<>();
            int j = i + 2;
            for (; j < in.size() && in.get(j) instanceof Stmt.Declare(Local part, Expr.Constant zero, var p2); j++) {
                if (part.type() instanceof ArrayType) return null;
                parts.add(part);
                zeros.add(zero);
            }
            if (parts.isEmpty() || j >= in.size() || !(in.get(j) instanceof Stmt.If(Expr c, Stmt.Block then, Stmt.Block otherwise, var p3))
                    || !c.equals(found) || !otherwise.statements().isEmpty() || then.statements().size() != parts.size()) {
                return null;
            }
            List<Expr> loads = new ArrayList<>();
            for (int k = 0; k < parts.size(); k++) {
                if (!(then.statements().get(k) instanceof Stmt.Assign(Local part, Expr load, var p4)) || !part.equals(parts.get(k))
                        || !(load instanceof Expr.LoadField || load instanceof Expr.LoadValue)) {
                    return null;
                }
                loads.add(load);
            }
            return new Copy(i, j + 1, call.map(), pointer, present, found, parts, zeros, loads);
        }

        /** True when the pointer and the flag are set once, and the parts only by the copy. */
        boolean locals(Map<Integer, Integer> writes) {
            if (writes.getOrDefault(pointer.id(), 0) != 1 || writes.getOrDefault(present.id(), 0) != 1) return false;
            for (Local part : parts) {
                if (writes.getOrDefault(part.id(), 0) != 2) return false;
            }
            return true;
        }

        /**
         * {@code rest}, the statements after the copy, reading the value through the pointer, with
         * the lookup and the flag's declaration before them; null where a read cannot move.
         */
        List<Stmt> rewrite(List<Stmt> rest, Map<Integer, Integer> reads) {
            Rewrite rewrite = new Rewrite(this, reads);
            List<Stmt> out = new ArrayList<>();
            State state = State.START;
            try {
                for (Stmt s : rest) {
                    if (state == null) {
                        out.add(s);
                        continue;
                    }
                    State[] after = {state};
                    out.add(rewrite.stmt(s, after));
                    state = after[0];
                }
            } catch (Refused e) {
                return null;
            }
            // Every read of a part and of the flag must have been in reach of the walk.
            for (Local l : parts) {
                if (rewrite.seen.getOrDefault(l.id(), 0) != reads.getOrDefault(l.id(), 0)) return null;
            }
            if (rewrite.seen.getOrDefault(present.id(), 0) != reads.getOrDefault(present.id(), 0)) return null;
            return out;
        }
    }

    /**
     * What is known at a point after the lookup: which of the value's fields may have been written
     * since ({@code all}: any of them), and whether the pointer is non-null.
     */
    private record State(boolean all, Set<StructField> written, boolean nonNull) {
        static final State START = new State(false, Set.of(), false);

        static State meet(State a, State b) {
            if (a == null) return b;
            if (b == null) return a;
            Set<StructField> written = new HashSet<>(a.written);
            written.addAll(b.written);
            return new State(a.all || b.all, written, a.nonNull && b.nonNull);
        }

        State nonNull(boolean nonNull) {
            return new State(all, written, nonNull);
        }

        /** True if {@code field} (null: the whole value of a map of primitives) may have been written. */
        boolean wrote(StructField field) {
            return all || (field == null ? !written.isEmpty() : written.contains(field));
        }

        /** After running {@code s}: what it may write of {@code map}'s values added. */
        State after(Stmt s, MapDecl map) {
            boolean everything = all || IrScanner.anyExpression(s, x -> writesAll(x, map));
            Set<StructField> fields = new HashSet<>(written);
            IrScanner.statements(s).forEach(t -> {
                switch (t) {
                    case Stmt.UpdateField u when pointsInto(u.pointer(), map) -> fields.add(u.field());
                    case Stmt.Locked l when pointsInto(l.pointer(), map) -> l.changes().forEach(c -> fields.add(c.field()));
                    default -> { }
                }
            });
            return new State(everything, fields, nonNull);
        }
    }

    /** True if {@code x} may write any value of {@code map}: an update, removal or increment in it, or a function call. */
    private static boolean writesAll(Expr x, MapDecl map) {
        return x instanceof Expr.MapCall call && call.map().equals(map) && call.op() != MapOp.LOOKUP && call.op() != MapOp.CONTAINS_KEY
                || x instanceof Expr.Call;
    }

    private static boolean pointsInto(Expr pointer, MapDecl map) {
        return pointer.type() instanceof ValuePointer(var m) && m.equals(map);
    }

    private static final class Refused extends RuntimeException {
        Refused() {
            super(null, null, false, false);
        }
    }

    /** The walk over the statements after a copy: rewrites reads, follows what is known, refuses what cannot move. */
    private static final class Rewrite {
        private final Copy copy;
        private final Map<Integer, Integer> reads;
        final Map<Integer, Integer> seen = new HashMap<>();
        /** The labelled blocks open around the statement being walked, innermost first, with what holds at their breaks. */
        private final Deque<Target> targets = new ArrayDeque<>();

        private static final class Target {
            final String label;
            State atBreaks;

            Target(String label) {
                this.label = label;
            }
        }

        Rewrite(Copy copy, Map<Integer, Integer> reads) {
            this.copy = copy;
            this.reads = reads;
        }

        /** {@code s} rewritten; {@code state[0]} in: before it, out: after it (null if control does not go on). */
        Stmt stmt(Stmt s, State[] state) {
            State in = state[0];
            switch (s) {
                case Stmt.If(var c, var then, var otherwise, var p) -> {
                    Expr cond = expressions(List.of(c), s, in).getFirst();
                    boolean trueNonNull = c.equals(copy.found) || c.equals(new Expr.Read(copy.present));
                    boolean falseNonNull = c.equals(new Expr.IsNull(new Expr.Read(copy.pointer)))
                            || c.equals(new Expr.Unary(UnaryOp.NOT, new Expr.Read(copy.present)));
                    State[] t = {in.nonNull(in.nonNull || trueNonNull)};
                    State[] o = {in.nonNull(in.nonNull || falseNonNull)};
                    Stmt.Block nt = block(then, t);
                    Stmt.Block no = block(otherwise, o);
                    state[0] = State.meet(t[0], o[0]);
                    return new Stmt.If(cond, nt, no, p);
                }
                case Stmt.Block b when b.label() == null -> {
                    return block(b, state);
                }
                case Stmt.Break(var label, var p) -> {
                    for (Target target : targets) {
                        if (target.label.equals(label)) {
                            target.atBreaks = State.meet(target.atBreaks, in);
                            break;
                        }
                    }
                    // a break out of the walk's reach (a loop's, or a block's around the copy) ends its path here
                    state[0] = null;
                    return s;
                }
                case Stmt.Continue c -> {
                    state[0] = null;
                    return s;
                }
                case Stmt.Return(var value, var p) -> {
                    Expr v = value == null ? null : expressions(List.of(value), s, in).getFirst();
                    state[0] = null;
                    return new Stmt.Return(v, p);
                }
                case Stmt.Loop l -> {
                    refuseReads(s);
                    state[0] = in.after(s, copy.map);
                    return s;
                }
                case Stmt.Block b -> {
                    // A labelled block: what holds after it is what holds at its end and at each break out of it.
                    Target target = new Target(b.label());
                    targets.push(target);
                    Stmt.Block out = block(b, state);
                    targets.pop();
                    state[0] = State.meet(state[0], target.atBreaks);
                    return out;
                }
                default -> {
                    List<Expr> es = expressions(IrScanner.expressions(s), s, in);
                    state[0] = in.after(s, copy.map);
                    return rebuild(s, es);
                }
            }
        }

        private Stmt.Block block(Stmt.Block b, State[] state) {
            List<Stmt> out = new ArrayList<>();
            for (Stmt s : b.statements()) {
                if (state[0] == null) {
                    refuseReads(s);
                    out.add(s);
                    continue;
                }
                out.add(stmt(s, state));
            }
            return new Stmt.Block(b.label(), out, b.position());
        }

        private void refuseReads(Stmt s) {
            if (IrScanner.anyExpression(s, e -> e instanceof Expr.Read(Local l) && mine(l))) throw new Refused();
        }

        private boolean mine(Local l) {
            return l.equals(copy.present) || copy.parts.contains(l);
        }

        /**
         * A statement's own expressions {@code es} with the reads rewritten. A part may be read only
         * where its field has not been written since the lookup; a statement that writes a value of
         * the map may read a part only in the operands of that one write, at the root of the
         * statement (evaluated before the write).
         */
        private List<Expr> expressions(List<Expr> es, Stmt s, State in) {
            for (int k = 0; k < copy.parts.size(); k++) {
                Local part = copy.parts.get(k);
                if (es.stream().anyMatch(e -> IrScanner.reads(e, part)) && in.wrote(field(copy.loads.get(k)))) throw new Refused();
            }
            boolean reading = es.stream().anyMatch(e -> IrScanner.any(e, x -> x instanceof Expr.Read(Local l) && copy.parts.contains(l)));
            if (reading && writesHere(s, es) && !readsOnlyBeforeOneWrite(s, es)) throw new Refused();
            List<Expr> out = new ArrayList<>(es.size());
            for (Expr e : es) out.add(translate(e, in.nonNull));
            return out;
        }

        /** The field a part's load reads; null for the whole value of a map of primitives. */
        private static StructField field(Expr load) {
            return load instanceof Expr.LoadField(var pointer, var field) ? field : null;
        }

        private boolean writesHere(Stmt s, List<Expr> es) {
            return s instanceof Stmt.UpdateField u && pointsInto(u.pointer(), copy.map)
                    || s instanceof Stmt.Locked l && pointsInto(l.pointer(), copy.map)
                    || es.stream().anyMatch(this::writesMap);
        }

        /** True if evaluating {@code e} (none: null) may write a value of the copy's map. */
        private boolean writesMap(Expr e) {
            return e != null && IrScanner.any(e, x -> writesAll(x, copy.map));
        }

        private boolean readsOnlyBeforeOneWrite(Stmt s, List<Expr> es) {
            if (s instanceof Stmt.UpdateField) return es.stream().noneMatch(this::writesMap);
            if (es.size() != 1 || !(es.getFirst() instanceof Expr.MapCall call)) return false;
            return !writesMap(call.key()) && !writesMap(call.value());
        }

        private Expr translate(Expr e, boolean nonNull) {
            return new IrTranslator() {
                @Override
                public Expr expression(Expr x) {
                    if (x instanceof Expr.Read(Local l) && mine(l)) {
                        seen.merge(l.id(), 1, Integer::sum);
                        if (l.equals(copy.present)) return copy.found;
                        int k = copy.parts.indexOf(l);
                        if (nonNull) return copy.loads.get(k);
                        // a test of the pointer at each read costs more than one copy
                        if (reads.getOrDefault(l.id(), 0) > 1) throw new Refused();
                        return new Expr.Conditional(copy.found, copy.loads.get(k), copy.zeros.get(k));
                    }
                    return super.expression(x);
                }
            }.expression(e);
        }

        private static Stmt rebuild(Stmt s, List<Expr> es) {
            return switch (s) {
                case Stmt.Declare(var l, var init, var p) -> new Stmt.Declare(l, init == null ? null : es.getFirst(), p);
                case Stmt.Assign(var l, var v, var p) -> new Stmt.Assign(l, es.getFirst(), p);
                case Stmt.Eval(var e, var p) -> new Stmt.Eval(es.getFirst(), p);
                case Stmt.StoreElement(var a, var i, var v, var p) -> new Stmt.StoreElement(a, es.get(0), es.get(1), p);
                case Stmt.Trace(var format, var args, var p) -> new Stmt.Trace(format, es, p);
                case Stmt.StoreGlobal(var g, var v, var p) -> new Stmt.StoreGlobal(g, es.getFirst(), p);
                case Stmt.UpdateField(var ptr, var field, var op, var operand, var p) -> new Stmt.UpdateField(es.get(0), field, op, es.get(1), p);
                case Stmt.Locked(var ptr, var lock, var changes, var p) -> {
                    List<Stmt.Change> rebuilt = new ArrayList<>();
                    for (int k = 0; k < changes.size(); k++) {
                        Stmt.Change c = changes.get(k);
                        rebuilt.add(new Stmt.Change(c.field(), c.op(), es.get(k + 1)));
                    }
                    yield new Stmt.Locked(es.getFirst(), lock, rebuilt, p);
                }
                default -> throw new IllegalStateException("no expressions to rebuild in " + s);
            };
        }
    }
}
