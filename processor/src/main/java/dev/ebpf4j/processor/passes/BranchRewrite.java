package dev.ebpf4j.processor.passes;

import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.IrTranslator;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link ShortCircuitBranches} and {@link BranchOnResults} share: both replace three statements
 * in a row (a boolean's declaration, what computes it, the {@code if} that tests it) with labelled
 * blocks and jumps, only where the boolean is read and assigned nowhere else; so both need each
 * local's reads and assignments in the whole function and labels no statement uses yet.
 */
abstract class BranchRewrite extends IrTranslator {
    private final Map<Integer, Integer> reads;
    private final Map<Integer, Integer> assigns = new HashMap<>();
    private final Set<String> labels = new HashSet<>();
    private final String prefix;
    private int next;

    BranchRewrite(Function f, String prefix) {
        this.prefix = prefix;
        this.reads = IrScanner.readCounts(f.body());
        IrScanner.statements(f.body()).forEach(s -> {
            if (s instanceof Stmt.Assign a) assigns.merge(a.local().id(), 1, Integer::sum);
            if (s instanceof Stmt.StoreElement e) assigns.merge(e.array().id(), 1, Integer::sum);
            if (s instanceof Stmt.Block b && b.label() != null) labels.add(b.label());
            if (s instanceof Stmt.Loop l && l.label() != null) labels.add(l.label());
        });
    }

    /** {@code f} with the rewrite applied throughout. */
    Function applyTo(Function f) {
        return new Function(f.name(), f.hook(), f.parameters(), f.returnType(), block(f.body()), f.position());
    }

    /** The replacement of the three statements {@code first; second; third}, or null to leave them. */
    abstract Stmt rewrite(Stmt first, Stmt second, Stmt third);

    @Override
    public final Stmt.Block block(Stmt.Block b) {
        List<Stmt> statements = b.statements();
        List<Stmt> out = new ArrayList<>(statements.size());
        for (int i = 0; i < statements.size(); i++) {
            Stmt rewritten = i + 2 < statements.size() ? rewrite(statements.get(i), statements.get(i + 1), statements.get(i + 2)) : null;
            if (rewritten != null) {
                out.add(rewritten);
                i += 2;
            } else {
                out.add(statement(statements.get(i)));
            }
        }
        return new Stmt.Block(b.label(), out, b.position());
    }

    int reads(Local l) {
        return reads.getOrDefault(l.id(), 0);
    }

    int assigns(Local l) {
        return assigns.getOrDefault(l.id(), 0);
    }

    /** A label no statement of the function uses, {@code <prefix>_<kind>_<n>}. */
    String label(String kind) {
        String name;
        do {
            name = prefix + "_" + kind + "_" + next++;
        } while (!labels.add(name));
        return name;
    }
}
