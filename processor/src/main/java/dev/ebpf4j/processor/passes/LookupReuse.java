package dev.ebpf4j.processor.passes;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.ValuePointer;
import java.util.ArrayList;
import java.util.List;

/**
 * One lookup per key where C would write one: a lookup of a key in a map whose pointer an earlier
 * lookup of the same key in the same map already holds, with nothing in between that changes the
 * map or the key, reads that pointer instead of calling the helper again. Consecutive in-place
 * updates of one record ({@code flows.add(key, FlowStats::packets, 1); flows.add(key,
 * FlowStats::bytes, n);}) then look the value up once, as C's {@code v = lookup(&key); v->packets
 * += 1; v->bytes += n;} does.
 *
 * <p>What ends a pointer's reuse: any map operation other than a lookup on the same map (a put or
 * remove may replace or delete the element), a call of another function, an assignment of a local
 * the key reads or of the pointer itself, and the boundary of a loop. Single-threaded the result
 * is the same as looking up again; with other CPUs the update lands in the element the first
 * lookup found, as C's does. The insertion of {@code addOrInsert} (put if absent, look up again
 * into the same pointer) leaves that pointer reusable.
 */
public final class LookupReuse {
    /** A lookup's pointer, reusable for the same map and key. */
    private record Available(MapDecl map, Expr key, Local pointer) {
    }

    private LookupReuse() {
    }

    public static Function apply(Function f) {
        return new Function(f.name(), f.hook(), f.parameters(), f.returnType(), block(f.body(), List.of()), f.position());
    }

    private static Stmt.Block block(Stmt.Block b, List<Available> inherited) {
        List<Available> live = new ArrayList<>(inherited);
        List<Stmt> out = new ArrayList<>(b.statements().size());
        for (Stmt s : b.statements()) out.add(statement(s, live));
        return new Stmt.Block(b.label(), out, b.position());
    }

    private static Stmt statement(Stmt s, List<Available> live) {
        if (s instanceof Stmt.Declare(Local pointer, Expr.MapCall(var map, var op, var key, var value), var p)
                && op == MapOp.LOOKUP && pointer.type() instanceof ValuePointer) {
            for (Available a : live) {
                if (a.map().equals(map) && a.key().equals(key)) return new Stmt.Declare(pointer, new Expr.Read(a.pointer()), p);
            }
            if (stable(key)) live.add(new Available(map, key, pointer));
            return s;
        }
        Available inserted = insertion(s);
        Stmt rewritten = switch (s) {
            case Stmt.If(var c, var then, var otherwise, var p) -> new Stmt.If(c, block(then, live), block(otherwise, live), p);
            case Stmt.Block b -> block(b, live);
            // an iteration may undo what the previous one left: nothing is reused into or across a loop body
            case Stmt.Loop(var label, var c, var first, var body, var update, var p) ->
                    new Stmt.Loop(label, c, first, block(body, List.of()), block(update, List.of()), p);
            default -> s;
        };
        IrScanner.statements(s).forEach(t -> invalidate(t, live));
        if (inserted != null) live.add(inserted);
        return rewritten;
    }

    /**
     * The pointer of {@code if (isnull(ptr)) { putIfAbsent(key, v); ptr = lookup(key); }}, reusable
     * after it (absent or not, it then points at the key's element or is null); null for other statements.
     */
    private static Available insertion(Stmt s) {
        if (!(s instanceof Stmt.If(Expr.IsNull(Expr.Read(Local pointer)), var then, var otherwise, var p))
                || !otherwise.statements().isEmpty() || then.statements().size() != 2) return null;
        if (then.statements().get(0) instanceof Stmt.Eval(Expr.MapCall(var map, var op, var key, var value), var p1)
                && op == MapOp.PUT_IF_ABSENT
                && then.statements().get(1) instanceof Stmt.Assign(var assigned, Expr.MapCall(var map2, var op2, var key2, var v2), var p2)
                && assigned.equals(pointer) && op2 == MapOp.LOOKUP && map2.equals(map) && key2.equals(key) && stable(key)) {
            return new Available(map, key, pointer);
        }
        return null;
    }

    /** Drops what {@code t} (one statement, its own expressions and target only) may change. */
    private static void invalidate(Stmt t, List<Available> live) {
        Local written = IrScanner.written(t);
        if (written != null) live.removeIf(a -> a.pointer().equals(written) || IrScanner.reads(a.key(), written));
        for (Expr e : IrScanner.expressions(t)) {
            IrScanner.forEachExpression(e, part -> {
                if (part instanceof Expr.Call) live.clear();
                if (part instanceof Expr.MapCall(var map, var op, var key, var value) && op != MapOp.LOOKUP && op != MapOp.CONTAINS_KEY) {
                    live.removeIf(a -> a.map().equals(map));
                }
            });
        }
    }

    /** True if evaluating {@code key} again gives the same value while its locals are unchanged. */
    private static boolean stable(Expr key) {
        return key != null && !IrScanner.any(key, part -> !(part instanceof Expr.Constant || part instanceof Expr.Read
                || part instanceof Expr.Convert || part instanceof Expr.Binary || part instanceof Expr.Unary
                || part instanceof Expr.StructValue));
    }
}
