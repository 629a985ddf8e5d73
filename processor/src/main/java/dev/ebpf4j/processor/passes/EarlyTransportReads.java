package dev.ebpf4j.processor.passes;

import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.IrTranslator;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a TCP or UDP header's fields as early as their block allows, so that the pointer to the
 * header dies early. That pointer sits behind an IPv4 header of variable length or an IPv6
 * extension-header walk, so the verifier reaches the code after it in as many states as the walk
 * has paths (hundreds), and it can merge them only where no register holds the pointer any more.
 * {@code int sourcePort = tcp.sourcePort();} written after twenty lines of address arithmetic
 * makes the verifier go through those twenty lines once per path; read right after {@code tcp}'s
 * null check, the pointer dies before them and the paths meet (FlowTracker: 73,750 instructions
 * processed, 33,487 with the reads moved).
 *
 * <p>A statement {@code x = e} moves up over the statements before it in its block while
 * {@code e} is a pure read of the transport header (its fields, with casts and arithmetic that
 * cannot fail), and each statement it passes:
 * <ul>
 *   <li>assigns nothing {@code e} reads (the view's local stays what it was: this also stops the
 *       move at the view's own declaration and at its null check, which reads it);
 *   <li>neither reads nor assigns {@code x};
 *   <li>cannot leave the block (no {@code return}, no {@code break} or {@code continue} to a target
 *       outside it), so the read runs on no path it did not run on before;
 *   <li>calls no function, and is not itself such a read (the reads keep their order).
 * </ul>
 * Packet bytes do not change while a program runs (the language has no packet writes and no helper
 * that moves the packet), so the moved read gives the value it gave before. Only the eBPF back end
 * runs this pass: the C rendering keeps the Java order.
 */
public final class EarlyTransportReads extends IrTranslator {
    /** Per local id, how often the function reads it. */
    private final Map<Integer, Integer> reads;

    private EarlyTransportReads(Map<Integer, Integer> reads) {
        this.reads = reads;
    }

    public static Function apply(Function f) {
        Map<Integer, Integer> reads = IrScanner.readCounts(f.body());
        return new Function(f.name(), f.hook(), f.parameters(), f.returnType(), new EarlyTransportReads(reads).block(f.body()), f.position());
    }

    @Override
    public Stmt.Block block(Stmt.Block b) {
        List<Stmt> statements = b.statements();
        List<Stmt> out = new ArrayList<>(statements.size());
        Map<Integer, Integer> inBlock = null;   // counted once, at the block's first hoistable read
        for (int i = 0; i < statements.size(); i++) {
            Stmt translated = statement(statements.get(i));
            int at = out.size();
            if (hoistable(translated)) {
                if (inBlock == null) inBlock = IrScanner.readCounts(b);
                boolean acrossCalls = lastRead(translated, statements.subList(i + 1, statements.size()), inBlock);
                while (at > 0 && passable(out.get(at - 1), translated, acrossCalls)) at--;
            }
            out.add(at, translated);
        }
        return new Stmt.Block(b.label(), out, b.position());
    }

    /**
     * True if {@code read} is the last read of the header's local: nothing after it in its block
     * reads it, and nothing outside the block does ({@code inBlock}: the block's reads). Moved up, it then ends the pointer's life.
     */
    private boolean lastRead(Stmt read, List<Stmt> after, Map<Integer, Integer> inBlock) {
        for (int view : IrScanner.readCounts(read).keySet()) {
            if (!inBlock.get(view).equals(reads.get(view))) return false;
            for (Stmt s : after) {
                if (IrScanner.readCounts(s).containsKey(view)) return false;
            }
        }
        return true;
    }

    /** True for {@code x = e} or {@code T x = e} with {@code e} a pure read of a transport header. */
    private static boolean hoistable(Stmt s) {
        Expr value = switch (s) {
            case Stmt.Declare(var local, var init, var p) -> init;
            case Stmt.Assign(var local, var v, var p) -> v;
            default -> null;
        };
        if (value == null || !(IrScanner.written(s).type() instanceof Prim)) return false;
        boolean[] transport = {false};
        boolean pure = !IrScanner.any(value, part -> switch (part) {
            case Expr.IntrinsicCall(var intrinsic, var arguments) -> {
                boolean header = intrinsic.owner().equals("Tcp") || intrinsic.owner().equals("Udp");
                transport[0] |= header;
                yield !header || !(intrinsic.type() instanceof Prim) || !(arguments.getFirst() instanceof Expr.Read);
            }
            case Expr.Binary(var op, var type, var left, var right) -> op == BinaryOp.UDIV || op == BinaryOp.UREM;
            case Expr.Constant c -> false;
            case Expr.Read r -> false;
            case Expr.Convert c -> false;
            case Expr.Unary u -> false;
            default -> true;
        });
        return pure && transport[0];
    }

    /** True if {@code read} ({@link #hoistable}) may move up over {@code before}. */
    private static boolean passable(Stmt before, Stmt read, boolean acrossCalls) {
        if (hoistable(before)) return false;
        Local target = IrScanner.written(read);
        Set<Integer> operands = IrScanner.readCounts(read).keySet();
        boolean[] blocked = {false};
        IrScanner.statements(before).forEach(t -> {
            Local written = IrScanner.written(t);
            if (written != null && (written.id() == target.id() || operands.contains(written.id()))) blocked[0] = true;
            if (t instanceof Stmt.Return) blocked[0] = true;
        });
        if (blocked[0]) return false;
        if (IrScanner.anyExpression(before, part -> part instanceof Expr.Call || part instanceof Expr.Read(var l) && l.id() == target.id())) {
            return false;
        }
        if (acrossCalls) return !leaves(before);
        if (IrScanner.anyExpression(before, part -> part instanceof Expr.MapCall
                || part instanceof Expr.IntrinsicCall(var intrinsic, var arguments) && intrinsic.owner().equals("Bpf"))) {
            return false;
        }
        if (IrScanner.statements(before).anyMatch(t -> t instanceof Stmt.UpdateField || t instanceof Stmt.Locked
                || t instanceof Stmt.Trace)) {
            return false;
        }
        return !leaves(before);
    }

    /** True if a {@code break} or {@code continue} inside {@code s} goes to a target outside it. */
    private static boolean leaves(Stmt s) {
        return leaves(s, new ArrayDeque<>(), 0);
    }

    private static boolean leaves(Stmt s, Deque<String> labels, int loops) {
        return switch (s) {
            case Stmt.Break(var label, var p) -> label == null ? loops == 0 : !labels.contains(label);
            case Stmt.Continue(var label, var p) -> label == null ? loops == 0 : !labels.contains(label);
            case Stmt.Loop loop -> {
                if (loop.label() != null) labels.push(loop.label());
                boolean out = IrScanner.children(s).stream().anyMatch(c -> leaves(c, labels, loops + 1));
                if (loop.label() != null) labels.pop();
                yield out;
            }
            case Stmt.Block b -> {
                if (b.label() != null) labels.push(b.label());
                boolean out = b.statements().stream().anyMatch(c -> leaves(c, labels, loops));
                if (b.label() != null) labels.pop();
                yield out;
            }
            default -> IrScanner.children(s).stream().anyMatch(c -> leaves(c, labels, loops));
        };
    }
}
