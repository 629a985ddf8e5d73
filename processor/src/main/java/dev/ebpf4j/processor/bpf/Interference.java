package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Stmt;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which locals of a function may not share a home: a backward liveness analysis over the
 * structured statements (a return ends every live range, a break carries the live set of its
 * target, loops iterate to a fixed point), then a local interferes with everything live after an
 * assignment to it and everything its value reads — the lowering evaluates a value straight into
 * the local's register, so an operand must not sit there — except the source of a plain copy,
 * which may share its home.
 *
 * <p>A map call whose record key is in its area already ({@link KeyAreas#built}) reads none of the
 * key's fields: the emitted call points at the area.
 *
 * <p>The context is read implicitly by every intrinsic (views load {@code data_end} through it), so
 * each intrinsic call (and each expression of a kind not known here) counts as a read of it — but
 * a view after the function's Ethernet view reads the {@link PacketEnd} local instead.
 */
final class Interference {
    private final Local context;
    private final NetworkCache network;
    private final PacketEnd packetEnd;
    private final KeyAreas keys;
    private final Map<Integer, Set<Integer>> edges = new HashMap<>();
    /** Assignments of a side-effect-free value to a local that is dead after them, on some visit. */
    private final Set<Stmt> deadCandidates = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** Assignments whose local is live after them on some visit (a loop's later rounds see more). */
    private final Set<Stmt> needed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** Per {@code if} statement, the locals live after it (on any visit). */
    private final Map<Stmt, Set<Integer>> liveAfterIf = new java.util.IdentityHashMap<>();
    /** Locals live where r0–r5 may be written by other than the temporaries (see {@link #clobbers}). */
    private final Set<Integer> acrossCalls = new HashSet<>();
    /** Live sets at the targets of break (keyed by the construct) and continue. */
    private final Deque<Target> targets = new ArrayDeque<>();

    private record Target(String label, boolean loop, Set<Integer> breakLive, Set<Integer> continueLive) {}

    private Interference(Local context, NetworkCache network, PacketEnd packetEnd, KeyAreas keys) {
        this.context = context;
        this.network = network;
        this.packetEnd = packetEnd;
        this.keys = keys;
    }

    /**
     * The interference edges of a function's locals and parameters, by local id, and its dead stores:
     * the assignments of a value without side effects to a local nothing reads afterwards, which
     * need not be emitted; the locals live across a call or read by one ({@link #clobbers}),
     * which must not live in r0–r5; and the locals live after each {@code if}.
     */
    record Result(Map<Integer, Set<Integer>> edges, Set<Stmt> deadStores, Set<Integer> acrossCalls,
                  Map<Stmt, Set<Integer>> liveAfterIf) {}

    /** The interference edges and dead stores of {@code function}. */
    static Result of(Function function, NetworkCache network, PacketEnd packetEnd, KeyAreas keys) {
        Local context = function.parameters().stream().filter(p -> p.type() instanceof ContextType).findFirst().orElse(null);
        Interference in = new Interference(context, network, packetEnd, keys);
        Set<Integer> entry = in.stmt(function.body(), Set.of());
        // The parameters are all written at entry, before anything else.
        Set<Integer> atEntry = new HashSet<>(entry);
        for (Local p : function.parameters()) atEntry.add(p.id());
        for (Local p : function.parameters()) in.interfere(p.id(), atEntry);
        Set<Stmt> dead = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        dead.addAll(in.deadCandidates);
        dead.removeAll(in.needed);
        return new Result(in.edges, dead, in.acrossCalls, in.liveAfterIf);
    }

    /** Notes whether the assignment {@code s} of {@code value} to {@code local} is dead given {@code out}. */
    private void noteStore(Stmt s, Local local, Expr value, Set<Integer> out) {
        if (out.contains(local.id()) || !pure(value) || local.type() instanceof dev.ebpf4j.processor.ir.ArrayType) {
            needed.add(s);
        } else {
            deadCandidates.add(s);
        }
    }

    /** True for a value whose evaluation has no effect but its result (a division may trap on the JVM: not pure). */
    static boolean pure(Expr e) {
        return switch (e) {
            case Expr.Constant c -> true;
            case Expr.Read r -> true;
            case Expr.LoadGlobal g -> true;
            case Expr.Unary u -> pure(u.operand());
            case Expr.Convert c -> pure(c.operand());
            case Expr.IsNull n -> pure(n.pointer());
            case Expr.LoadValue v -> pure(v.pointer());
            case Expr.LoadField f -> pure(f.pointer());
            case Expr.Binary b -> b.op() != dev.ebpf4j.processor.ir.BinaryOp.UDIV && b.op() != dev.ebpf4j.processor.ir.BinaryOp.UREM
                    && pure(b.left()) && pure(b.right());
            case Expr.Compare c -> pure(c.left()) && pure(c.right());
            case Expr.Logical l -> pure(l.left()) && pure(l.right());
            case Expr.Conditional c -> pure(c.condition()) && pure(c.whenTrue()) && pure(c.whenFalse());
            default -> false;
        };
    }

    private void interfere(int local, Set<Integer> others) {
        for (int o : others) {
            if (o == local) continue;
            edges.computeIfAbsent(local, k -> new HashSet<>()).add(o);
            edges.computeIfAbsent(o, k -> new HashSet<>()).add(local);
        }
    }

    /** The locals live before {@code s}, given those live after it. */
    private Set<Integer> stmt(Stmt s, Set<Integer> out) {
        if (s instanceof Stmt.If i) {
            liveAfterIf.merge(s, out, Interference::union);
            // x = k may be set before the test (StatementEmitter): x must then not share a home
            // with what the test reads or what is live after the if
            Stmt.Assign set = resultBeforeTest(i);
            if (set != null && !out.contains(set.local().id())) {
                interfere(set.local().id(), out);
                interfere(set.local().id(), reads(i.condition()));
            }
        }
        Set<Integer> in = live(s, out);
        boolean clobbers = switch (s) {
            case Stmt.If i -> clobbers(i.condition());
            case Stmt.Loop l -> l.condition() != null && clobbers(l.condition());
            case Stmt.Block b -> false;
            case Stmt.Break b -> false;
            case Stmt.Continue c -> false;
            // a spin lock and a trace call helpers (an in-place update and a global's atomic add
            // work in temporaries, and call only what their operands call)
            case Stmt.Locked l -> true;
            case Stmt.Trace t -> true;
            default -> IrScanner.expressions(s).stream().anyMatch(Interference::clobbers);
        };
        if (clobbers) {
            acrossCalls.addAll(in);
            acrossCalls.addAll(out);
        }
        return in;
    }

    /**
     * The assignment {@code x = k} of {@code if (c) { x = k; break L; }} (k a constant, c neither
     * reading x nor calling anything), which may be made before the test where x is dead after the
     * if; else null. Where it is, x interferes with what the test reads and what is live after the
     * if, so the emitter may set x first.
     */
    static Stmt.Assign resultBeforeTest(Stmt.If i) {
        if (!i.otherwise().statements().isEmpty() || i.then().statements().size() != 2
                || !(i.then().statements().get(0) instanceof Stmt.Assign set && set.value() instanceof Expr.Constant)
                || !(i.then().statements().get(1) instanceof Stmt.Break)
                || IrScanner.reads(i.condition(), set.local()) || clobbers(i.condition())) return null;
        return set;
    }

    /**
     * True if emitting {@code e} may write r0–r5 other than through the temporaries: a helper or
     * bpf-to-bpf call (arguments in r1–r5, the result in r0, all six clobbered), a TCP option walk
     * (a subprogram), or a kind not known here.
     */
    static boolean clobbers(Expr e) {
        return IrScanner.any(e, part -> switch (part) {
            case Expr.IntrinsicCall(var i, var args) -> i.owner().equals("Bpf") || TcpOptionEmitter.handles(i);
            default -> !plain(part);
        });
    }

    /**
     * True for the kinds whose own emission computes in temporaries only and reads no context:
     * operators, conversions, loads through a pointer, globals and records (their operands aside).
     */
    private static boolean plain(Expr e) {
        return switch (e) {
            case Expr.Constant c -> true;
            case Expr.Read r -> true;
            case Expr.Unary u -> true;
            case Expr.Binary b -> true;
            case Expr.Compare c -> true;
            case Expr.Logical l -> true;
            case Expr.Conditional c -> true;
            case Expr.Convert c -> true;
            case Expr.IsNull n -> true;
            case Expr.LoadValue v -> true;
            case Expr.LoadField f -> true;
            case Expr.LoadGlobal g -> true;
            case Expr.GlobalAdd g -> true;
            case Expr.StructValue v -> true;
            default -> false;
        };
    }

    private Set<Integer> live(Stmt s, Set<Integer> out) {
        return switch (s) {
            case Stmt.Declare(var local, var init, var p) -> {
                if (init != null) noteStore(s, local, init, out);
                Set<Integer> in = init == null ? without(out, local) : define(local, init, out);
                // The hidden pointer past the VLAN tags: written while the view is computed.
                Local produced = network.produces(s);
                if (produced != null) {
                    interfere(produced.id(), out);
                    interfere(produced.id(), reads(init));
                    interfere(produced.id(), Set.of(local.id()));
                    in = without(in, produced);
                }
                // data_end: written by the Ethernet view after it read the context, so it may take
                // the context's home, but not the view's.
                if (packetEnd.produces(s)) {
                    Local end = packetEnd.local();
                    interfere(end.id(), out);
                    interfere(end.id(), Set.of(local.id()));
                    in = without(in, end);
                }
                Local consumed = network.consumes(s);
                yield consumed == null ? in : union(in, Set.of(consumed.id()));
            }
            case Stmt.Assign(var local, var value, var p) -> {
                noteStore(s, local, value, out);
                Set<Integer> in = define(local, value, out);
                Local consumed = network.consumes(s);
                yield consumed == null ? in : union(in, Set.of(consumed.id()));
            }
            case Stmt.Eval(var e, var p) -> union(out, reads(e));
            case Stmt.Return(var value, var p) -> value == null ? Set.of() : reads(value);
            case Stmt.Break(var label, var p) -> target(label, false).breakLive();
            case Stmt.Continue(var label, var p) -> target(label, true).continueLive();
            case Stmt.If(var c, var a, var b, var p) -> union(union(stmt(a, out), stmt(b, out)), reads(c));
            case Stmt.Block b -> block(b, out);
            case Stmt.Loop l -> loop(l, out);
            // An element store reads the rest of the array: the array stays live through it.
            case Stmt.StoreElement(var array, var index, var value, var p) ->
                    union(union(union(out, reads(index)), reads(value)), Set.of(array.id()));
            case Stmt.StoreGlobal(var global, var value, var p) -> union(out, reads(value));
            case Stmt.UpdateField(var pointer, var field, var op, var operand, var p) ->
                    union(union(out, reads(pointer)), reads(operand));
            case Stmt.Locked l -> {
                Set<Integer> live = union(out, reads(l.pointer()));
                for (Stmt.Change c : l.changes()) live = union(live, reads(c.operand()));
                yield live;
            }
            case Stmt.Trace(var format, var arguments, var p) -> {
                Set<Integer> live = out;
                for (Expr argument : arguments) live = union(live, reads(argument));
                yield live;
            }
        };
    }

    private Set<Integer> define(Local local, Expr value, Set<Integer> out) {
        if (value instanceof Expr.Read(var source) && source.type().equals(local.type())
                && !(local.type() instanceof dev.ebpf4j.processor.ir.ArrayType)) {
            // A copy: from here the two hold one value, so they may share a home even where the
            // source stays live (the copy then moves nothing); a later write to either one, while
            // the other is live, still sets them apart.
            interfere(local.id(), without(out, source));
            return union(without(out, local), Set.of(source.id()));
        }
        Set<Integer> read = reads(value);
        interfere(local.id(), out);
        interfere(local.id(), read);
        return union(without(out, local), read);
    }

    private Set<Integer> block(Stmt.Block b, Set<Integer> out) {
        if (b.label() != null) targets.push(new Target(b.label(), false, out, null));
        Set<Integer> live = out;
        List<Stmt> statements = b.statements();
        for (int i = statements.size() - 1; i >= 0; i--) live = stmt(statements.get(i), live);
        if (b.label() != null) targets.pop();
        return live;
    }

    private Set<Integer> loop(Stmt.Loop l, Set<Integer> exit) {
        Set<Integer> condition = l.condition() == null ? Set.of() : reads(l.condition());
        Set<Integer> head = Set.of();
        while (true) {
            // head: live where the body starts (a do-while) or where the test is (a while).
            Set<Integer> afterUpdate = l.testFirst() ? head : test(l, condition, head, exit);
            Set<Integer> continued = stmt(l.update(), afterUpdate);
            targets.push(new Target(l.label(), true, exit, continued));
            Set<Integer> body = stmt(l.body(), continued);
            targets.pop();
            Set<Integer> next = l.testFirst() ? test(l, condition, body, exit) : body;
            if (next.equals(head)) return l.testFirst() ? head : body;
            head = union(head, next);
        }
    }

    private static Set<Integer> test(Stmt.Loop l, Set<Integer> condition, Set<Integer> body, Set<Integer> exit) {
        return l.condition() == null ? body : union(union(body, exit), condition);
    }

    private Target target(String label, boolean loop) {
        for (Target t : targets) {
            if (loop && !t.loop()) continue;
            if (label == null ? t.loop() : label.equals(t.label())) return t;
        }
        throw new IllegalStateException((loop ? "continue" : "break") + " " + label + " outside its loop");
    }

    /** The locals evaluating {@code e} reads, the context and {@code data_end} among them. */
    private Set<Integer> reads(Expr e) {
        Set<Integer> read = new HashSet<>();
        collectReads(e, read);
        return read;
    }

    private void collectReads(Expr e, Set<Integer> read) {
        if (e == null) return;
        for (Expr operand : keys.operandsRead(e)) collectReads(operand, read);
        if (e instanceof Expr.Read(var l)) read.add(l.id());
        if (packetEnd.reads(e)) read.add(packetEnd.local().id());
        else if (context != null && readsContext(e)) read.add(context.id());
    }

    /**
     * True unless {@code e} is a kind known to need no context: an intrinsic may load
     * {@code data_end} through it, and so may a kind added later.
     */
    private static boolean readsContext(Expr e) {
        if (plain(e)) return false;
        return switch (e) {
            case Expr.Call c -> false;
            case Expr.MapCall m -> false;
            // Header fields, helpers and bit tricks need no context; views, context fields and TCP
            // options do.
            case Expr.IntrinsicCall(var i, var args) -> switch (i.owner()) {
                case "Ethernet", "Ipv4", "Ipv6", "Tcp", "Udp", "Bpf", "Short", "Character", "Integer", "Long" ->
                        i.type() instanceof dev.ebpf4j.processor.ir.ViewKind || TcpOptionEmitter.handles(i);
                default -> true;
            };
            default -> true;
        };
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        if (b.isEmpty() || a.containsAll(b)) return a;
        if (a.isEmpty()) return b;
        Set<Integer> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    private static Set<Integer> without(Set<Integer> set, Local local) {
        if (!set.contains(local.id())) return set;
        Set<Integer> w = new HashSet<>(set);
        w.remove(local.id());
        return w;
    }

    static boolean interferes(Map<Integer, Set<Integer>> edges, int a, int b) {
        return Objects.requireNonNullElse(edges.get(a), Set.<Integer>of()).contains(b);
    }
}
