package dev.ebpf4j.processor.passes;

import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.IrTranslator;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.UnaryOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes down the scaffolding the front end's inliner leaves, which would otherwise cost moves,
 * materialised booleans and jumps:
 * <ul>
 *   <li>a copy {@code T y = x;} of a local neither of them is ever assigned again (a parameter
 *       copy), or, where {@code y} is a field of a map call's record key, of a local not assigned
 *       again before {@code y}'s last read (an operand the front end saved before an inlined call):
 *       {@code y} is read as {@code x};
 *   <li>a local read once, by the condition of the {@code if} right after its declaration
 *       ({@code boolean found = m.containsKey(k); if (!found) ...}): the condition reads the value
 *       itself, so it compiles to one conditional jump;
 *   <li>a labelled block followed by {@code return r;} (an inlined method's result): each
 *       {@code break} out of the block returns instead, and {@code r = v; return r;} becomes
 *       {@code return v;}.
 * </ul>
 * The rewritten function has the same semantics: every rewrite only renames or moves a read of a
 * local whose value cannot change in between.
 */
public final class InlineCleanup extends IrTranslator {
    /** Per local id: how often it is read, and how often assigned after its declaration. */
    private final Map<Integer, Integer> reads = new HashMap<>();
    private final Map<Integer, Integer> assigns = new HashMap<>();
    private final Map<Integer, Local> copies = new HashMap<>();
    /** Locals read as a field of a map call's record key. */
    private final Set<Integer> keyFields = new HashSet<>();

    private InlineCleanup() {}

    public static Function apply(Function f) {
        InlineCleanup c = new InlineCleanup();
        c.count(f.body());
        return new Function(f.name(), f.hook(), f.parameters(), f.returnType(), c.block(f.body()), f.position());
    }

    private void count(Stmt body) {
        new IrScanner() {
            @Override
            public void scan(Stmt s) {
                if (s instanceof Stmt.Assign a) assigns.merge(a.local().id(), 1, Integer::sum);
                if (s instanceof Stmt.StoreElement e) {
                    // a store changes the array: it is no copy to read as its original
                    assigns.merge(e.array().id(), 1, Integer::sum);
                    reads.merge(e.array().id(), 1, Integer::sum);
                }
                super.scan(s);
            }

            @Override
            public void scan(Expr e) {
                if (e instanceof Expr.Read(var l)) reads.merge(l.id(), 1, Integer::sum);
                if (e instanceof Expr.MapCall call && call.key() instanceof Expr.StructValue key) {
                    for (Expr field : key.fields()) if (field instanceof Expr.Read(var l)) keyFields.add(l.id());
                }
                super.scan(e);
            }
        }.scan(body);
    }

    private boolean neverAssigned(Local l) {
        return !assigns.containsKey(l.id());
    }

    /**
     * True if {@code y} is read as a field of a map call's record key. Read as its original there,
     * the key names the same locals as the program's other calls with it, and so shares their area
     * (see {@code KeyAreas} in the back end). Elsewhere the copy is left: reading the original
     * instead makes it live longer, which can cost a register.
     */
    private boolean readAsKeyField(Local y) {
        return keyFields.contains(y.id());
    }

    /**
     * True if no statement of {@code in} from the one after {@code i} to the last that reads
     * {@code y} (declared by statement {@code i}, so read nowhere else) writes {@code x}: every read
     * of {@code y} then sees the value {@code x} had at the declaration.
     */
    private static boolean unchangedWhileRead(List<Stmt> in, int i, Local y, Local x) {
        int last = i;
        for (int k = i + 1; k < in.size(); k++) {
            if (IrScanner.anyExpression(in.get(k), e -> IrScanner.reads(e, y))) last = k;
        }
        for (int k = i + 1; k <= last; k++) {
            if (IrScanner.statements(in.get(k)).map(IrScanner::written).anyMatch(w -> w != null && w.id() == x.id())) return false;
        }
        return true;
    }

    @Override
    public Stmt.Block block(Stmt.Block b) {
        List<Stmt> in = b.statements();
        List<Stmt> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            Stmt s = in.get(i);
            if (s instanceof Stmt.Declare(var y, Expr.Read(var x), var p) && neverAssigned(y)
                    && !(y.type() instanceof ArrayType)) {
                Local original = copies.getOrDefault(x.id(), x);
                if (neverAssigned(original) || readAsKeyField(y) && unchangedWhileRead(in, i, y, original)) {
                    copies.put(y.id(), original);
                    continue;
                }
            }
            if (s instanceof Stmt.Declare(var x, var init, var p) && init != null && i + 1 < in.size()
                    && in.get(i + 1) instanceof Stmt.If(var c, var then, var otherwise, var q)
                    && reads.getOrDefault(x.id(), 0) == 1 && neverAssigned(x) && readFirst(c, x)
                    && RegisterNeed.of(substitute(c, x, init)) <= ExpressionSplitter.LIMIT) {
                Expr value = expression(init);
                out.add(new Stmt.If(substitute(expression(c), x, value), block(then), block(otherwise), q));
                i++;
                continue;
            }
            if (s instanceof Stmt.Block inner && inner.label() != null && i + 1 < in.size()
                    && in.get(i + 1) instanceof Stmt.Return r && simpleReturn(r)) {
                Stmt.Return ret = (Stmt.Return) statement(r);
                out.add(block(returning(inner, inner.label(), ret)));
                continue;
            }
            out.add(statement(s));
        }
        return new Stmt.Block(b.label(), fuseReturns(out), b.position());
    }

    /** {@code e} with the copies read as their originals. */
    @Override
    public Expr expression(Expr e) {
        if (copies.isEmpty()) return e;
        return IrTranslator.replacing(e, x -> x instanceof Expr.Read(var l) && copies.containsKey(l.id()) ? new Expr.Read(copies.get(l.id())) : null);
    }

    /** True if {@code c} is {@code x}, {@code !x}, {@code x == null} or {@code x} compared with a constant. */
    private static boolean readFirst(Expr c, Local x) {
        return switch (c) {
            case Expr.Read(var l) -> l.id() == x.id();
            case Expr.Unary(var op, var a) when op == UnaryOp.NOT -> readFirst(a, x);
            case Expr.IsNull(Expr.Read(var l)) -> l.id() == x.id();
            case Expr.Compare(var op, var t, Expr.Read(var l), Expr.Constant k) -> l.id() == x.id();
            default -> false;
        };
    }

    private static Expr substitute(Expr e, Local x, Expr value) {
        return IrTranslator.replacing(e, y -> y instanceof Expr.Read(var l) && l.id() == x.id() ? value : null);
    }

    private static boolean simpleReturn(Stmt.Return r) {
        return r.value() == null || r.value() instanceof Expr.Read || r.value() instanceof Expr.Constant;
    }

    /** {@code b} with every break out of the block labelled {@code label} replaced by {@code ret}. */
    private static Stmt.Block returning(Stmt.Block b, String label, Stmt.Return ret) {
        return new IrTranslator() {
            @Override
            public Stmt statement(Stmt s) {
                return s instanceof Stmt.Break(var l, var p) && label.equals(l) ? new Stmt.Return(ret.value(), p) : super.statement(s);
            }

            @Override
            public Expr expression(Expr e) {
                return e;
            }
        }.block(b);
    }

    /** {@code r = v; return r;} as {@code return v;}: the store is dead once the function returns. */
    private static List<Stmt> fuseReturns(List<Stmt> statements) {
        List<Stmt> out = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i) instanceof Stmt.Assign(var l, var v, var p) && i + 1 < statements.size()
                    && statements.get(i + 1) instanceof Stmt.Return(Expr.Read(var r), var q) && r.id() == l.id()) {
                out.add(new Stmt.Return(v, p));
                i++;
                continue;
            }
            out.add(statements.get(i));
        }
        return out;
    }
}
