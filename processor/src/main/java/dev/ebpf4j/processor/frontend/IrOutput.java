package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.IrType;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.SourcePosition;
import dev.ebpf4j.processor.ir.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The IR statements one entry method lowers to as they are produced: the list being filled (and
 * the lists collected apart from it), the Java position new statements carry, and fresh names for
 * locals and labels.
 */
final class IrOutput {
    private final Deque<List<Stmt>> out = new ArrayDeque<>();
    private final Set<String> names = new HashSet<>();
    private int nextId;
    private int nextLabel;
    /** The Java position of the statement being lowered, which the statements it produces carry. */
    SourcePosition here;

    Local newLocal(String name, IrType type) {
        String unique = name;
        for (int i = 1; !names.add(unique); i++) unique = name + "_" + i;
        return new Local(nextId++, unique, type);
    }

    /** Frees the name of a local that was dropped before anything referred to it. */
    void forget(Local local) {
        names.remove(local.name());
    }

    String newLabel(String base) {
        return base + "_" + nextLabel++;
    }

    void emit(Stmt stmt) {
        out.peek().add(stmt);
    }

    /** The statement list being filled (for inserting spills before later side effects). */
    List<Stmt> current() {
        return out.peek();
    }

    /** The statements {@code body} emits, collected apart from the current list. */
    List<Stmt> collect(Runnable body) {
        out.push(new ArrayList<>());
        try {
            body.run();
            return out.peek();
        } finally {
            out.pop();
        }
    }
}
