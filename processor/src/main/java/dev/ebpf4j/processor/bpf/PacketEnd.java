package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.passes.LocalIds;
import java.util.List;

/**
 * {@code data_end} kept in a hidden local from the function's Ethernet view on: the later views
 * bound their checks with it instead of loading it from the context again, and the context itself
 * is dead after the Ethernet view unless something else reads it, so the hidden local usually
 * takes over the context's register.
 *
 * <p>Only where that is plainly the same value on every path: the producer is a declaration
 * {@code Ethernet e = ctx.ethernet()} at the first level of the body, no statement before it has
 * a view, and so every view the function computes runs after it. The Ethernet view stores
 * {@code data_end} there while it reads {@code data}.
 */
final class PacketEnd {
    private static final PacketEnd NONE = new PacketEnd(null, null, false);

    private final Local local;
    private final Stmt producer;
    private final boolean contextOnlyInR1;

    private PacketEnd(Local local, Stmt producer, boolean contextOnlyInR1) {
        this.local = local;
        this.producer = producer;
        this.contextOnlyInR1 = contextOnlyInR1;
    }

    /** The cache for {@code function}, whose hidden local takes an id above all others, {@code network}'s too. */
    static PacketEnd of(Function function, NetworkCache network) {
        int maxId = Math.max(LocalIds.max(function), network.hidden().stream().mapToInt(Local::id).max().orElse(0));
        boolean hasContext = function.parameters().stream().anyMatch(p -> p.type() instanceof ContextType);
        if (!hasContext) return NONE;
        List<Stmt> statements = function.body().statements();
        for (int i = 0; i < statements.size(); i++) {
            Stmt s = statements.get(i);
            if (s instanceof Stmt.Declare(var l, Expr.IntrinsicCall call, var p) && isEthernet(call)) {
                List<Stmt> rest = statements.subList(i + 1, statements.size());
                if (rest.stream().noneMatch(t -> IrScanner.anyExpression(t, PacketEnd::isLaterView))) return NONE;
                Local context = function.parameters().getFirst();
                boolean onlyInR1 = i == 0 && function.parameters().size() == 1
                        && rest.stream().noneMatch(t -> IrScanner.anyExpression(t, e -> readsContext(e, context)));
                return new PacketEnd(new Local(maxId + 1, "data_end", Prim.LONG), s, onlyInR1);
            }
            if (IrScanner.anyExpression(s, ViewEmitter::isView)) return NONE;
        }
        return NONE;
    }

    /**
     * True if the Ethernet view is the function's first statement, the context its only parameter
     * and nothing after the view reads the context: the view reads it straight from r1, which
     * still holds it, and it needs no home of its own.
     */
    boolean contextOnlyInR1() {
        return contextOnlyInR1;
    }

    private static boolean readsContext(Expr e, Local context) {
        return e instanceof Expr.Read(var l) && l.id() == context.id()
                || e instanceof Expr.IntrinsicCall(var i, var args) && TcpOptionEmitter.handles(i);
    }

    /** The hidden local, or null when this function has none. */
    Local local() {
        return local;
    }

    /** True if {@code s} is the declaration whose Ethernet view fills the hidden local. */
    boolean produces(Stmt s) {
        return local != null && s == producer;
    }

    /** True if {@code e} is a view that reads the hidden local instead of the context. */
    boolean reads(Expr e) {
        return local != null && isLaterView(e);
    }

    private static boolean isLaterView(Expr e) {
        return ViewEmitter.isView(e) && !isEthernet((Expr.IntrinsicCall) e);
    }

    private static boolean isEthernet(Expr.IntrinsicCall call) {
        return call.intrinsic() == Intrinsic.XDP_ETHERNET || call.intrinsic() == Intrinsic.TC_ETHERNET;
    }
}
