package dev.ebpf4j.processor.c;

import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.IrScanner;
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
 * The statements of one function body, one per line, each line that starts a new Java line ending
 * in {@code /* File.java:LINE *}{@code /}. Loops become {@code while}, {@code for} or
 * {@code do ... while}; a break or continue that C's own keywords cannot express (it leaves an
 * outer loop or a labelled block, or a continue must still run the loop's update) becomes a
 * {@code goto} to a label placed where Java would go on.
 */
final class CStatements {
    private final CNames names;
    private final CExpressions expressions;
    private final StringBuilder out = new StringBuilder();
    private final Deque<Target> targets = new ArrayDeque<>();
    private int depth = 1;
    private int lastLine = -1;
    private int loops;
    /** The locals some expression reads; a scalar nobody reads is not declared (clang's -Wunused). */
    private final Set<Local> readLocals = new HashSet<>();

    /** A loop or labelled block that a break or continue may name. */
    private static final class Target {
        final String label;
        final boolean loop;
        final boolean plainContinue;
        boolean breakUsed;
        boolean continueUsed;

        Target(String label, boolean loop, boolean plainContinue) {
            this.label = label;
            this.loop = loop;
            this.plainContinue = plainContinue;
        }
    }

    CStatements(CNames names, CExpressions expressions) {
        this.names = names;
        this.expressions = expressions;
    }

    /** Renders {@code body}'s statements (not its braces) one level in. */
    String body(Stmt.Block body, List<String> prologue) {
        IrScanner.forEachExpression(body, e -> {
            if (e instanceof Expr.Read read) readLocals.add(read.local());
        });
        for (String line : prologue) line(line, null);
        block(body);
        return out.toString();
    }

    /**
     * {@code __sync_fetch_and_add(&value->bytes, n)} where CPUs share the value (its result unused,
     * clang emits the one atomic instruction our back end emits), {@code value->bytes += n} on a
     * per-CPU map.
     */
    private String fieldUpdate(Stmt.UpdateField update) {
        String field = expressions.render(update.pointer()) + "->" + CNames.field(update.field().name());
        String operand = expressions.render(update.operand());
        return update.atomic() ? "__sync_fetch_and_" + update.op().method() + "(&" + field + ", " + operand + ")"
                : field + " " + update.op().operator() + "= " + operand;
    }

    /**
     * {@code bpf_spin_lock(&value->lock); value->a += x; value->b = y; bpf_spin_unlock(&value->lock);}:
     * plain stores, the lock keeping other CPUs out, as the kernel's selftests write it.
     */
    private void locked(Stmt.Locked locked) {
        String pointer = expressions.render(locked.pointer());
        String lock = "&" + pointer + "->" + CNames.field(locked.lock().name());
        line("bpf_spin_lock(" + lock + ");", locked.position());
        for (Stmt.Change change : locked.changes()) {
            String field = pointer + "->" + CNames.field(change.field().name());
            line(field + " " + change.op().operator() + "= " + expressions.render(change.operand()) + ";", null);
        }
        line("bpf_spin_unlock(" + lock + ");", null);
    }

    private void block(Stmt.Block block) {
        if (block.label() == null) {
            for (Stmt statement : block.statements()) statement(statement);
            return;
        }
        Target target = new Target(block.label(), false, false);
        targets.push(target);
        for (Stmt statement : block.statements()) statement(statement);
        targets.pop();
        if (target.breakUsed) label(target.label + "_break");
    }

    private void statement(Stmt statement) {
        switch (statement) {
            case Stmt.Declare declare when declare.local().type() instanceof ArrayType array ->
                    line(CArrays.declare(array, names.local(declare.local()), declare.init(), expressions), declare.position());
            case Stmt.Assign assign when assign.local().type() instanceof ArrayType ->
                    line(CArrays.copy(names.local(assign.local()), assign.value(), expressions) + ";", assign.position());
            case Stmt.StoreElement store -> line(CArrays.store(store.array(), names.local(store.array()), store.index(),
                    store.value(), expressions), store.position());
            case Stmt.Declare declare when unread(declare.local(), declare.init()) -> {
            }
            case Stmt.Assign assign when unread(assign.local(), assign.value()) -> {
            }
            case Stmt.Declare declare -> {
                String declaration = CNames.declaration(CNames.type(declare.local().type()), names.local(declare.local()));
                line(declare.init() == null ? declaration + ";" : declaration + " = " + expressions.render(declare.init()) + ";",
                        declare.position());
            }
            case Stmt.Assign assign -> line(assignment(assign) + ";", assign.position());
            case Stmt.If ifStatement -> ifStatement(ifStatement, "if");
            case Stmt.Loop loop -> loop(loop);
            case Stmt.Break breakStatement -> breakStatement(breakStatement);
            case Stmt.Continue continueStatement -> continueStatement(continueStatement);
            case Stmt.Return ret -> line(ret.value() == null ? "return;" : "return " + expressions.render(ret.value()) + ";",
                    ret.position());
            // the unused result of an in-place field update (the null test of its pointer) is no statement
            case Stmt.Eval eval when eval.expression() instanceof Expr.Unary(var op, Expr.IsNull test) -> {
            }
            case Stmt.Eval eval -> line(evaluation(eval.expression()) + ";", eval.position());
            case Stmt.StoreGlobal store -> line(store.global().name() + " = " + expressions.render(store.value()) + ";",
                    store.position());
            case Stmt.Trace trace -> line(CTrace.call(trace, expressions::render) + ";", trace.position());
            case Stmt.UpdateField update -> line(fieldUpdate(update) + ";", update.position());
            case Stmt.Locked locked -> locked(locked);
            case Stmt.Block block -> {
                line("{", block.position());
                depth++;
                block(block);
                depth--;
                line("}", null);
            }
        }
    }

    /**
     * True for a local no expression reads, set to a value without effects: the front end leaves
     * such locals (the presence flag of a {@code getOrDefault} whose record is always complete),
     * and C would warn about them.
     */
    private boolean unread(Local local, Expr value) {
        if (readLocals.contains(local)) return false;
        boolean[] effect = {false};
        IrScanner.forEachExpression(value, e -> {
            if (e instanceof Expr.Call || e instanceof Expr.MapCall || e instanceof Expr.IntrinsicCall || e instanceof Expr.GlobalAdd) {
                effect[0] = true;
            }
        });
        return !effect[0];
    }

    private String assignment(Stmt.Assign assign) {
        return names.local(assign.local()) + " = " + expressions.render(assign.value());
    }

    private String evaluation(Expr expression) {
        String text = expressions.render(expression);
        return switch (expression) {
            case Expr.Call c -> text;
            case Expr.IntrinsicCall c -> text;
            case Expr.MapCall c -> text;
            case Expr.GlobalAdd a -> text;
            default -> "(void)(" + text + ")";
        };
    }

    private void ifStatement(Stmt.If ifStatement, String keyword) {
        line(keyword + " (" + expressions.render(ifStatement.condition()) + ") {", ifStatement.position());
        nested(ifStatement.then());
        Stmt.Block otherwise = ifStatement.otherwise();
        if (otherwise.statements().isEmpty() && otherwise.label() == null) {
            line("}", null);
        } else if (otherwise.label() == null && otherwise.statements().size() == 1
                && otherwise.statements().getFirst() instanceof Stmt.If elseIf) {
            ifStatement(elseIf, "} else if");
        } else {
            line("} else {", null);
            nested(otherwise);
            line("}", null);
        }
    }

    private void nested(Stmt.Block block) {
        depth++;
        block(block);
        depth--;
    }

    private void loop(Stmt.Loop loop) {
        String label = loop.label() != null ? loop.label() : "loop" + ++loops;
        List<String> update = updateExpressions(loop.update());
        boolean plainUpdate = update != null && (loop.testFirst() || update.isEmpty());
        Target target = new Target(label, true, plainUpdate);
        String condition = loop.condition() == null ? null : expressions.render(loop.condition());

        if (loop.testFirst() || condition == null) {
            String head;
            if (plainUpdate && !update.isEmpty()) {
                head = "for (; " + (condition == null ? "" : condition) + "; " + String.join(", ", update) + ") {";
            } else {
                head = condition == null ? "for (;;) {" : "while (" + condition + ") {";
            }
            line(head, loop.position());
            loopBody(loop, target, plainUpdate);
            line("}", null);
        } else {
            line("do {", loop.position());
            loopBody(loop, target, plainUpdate);
            line("} while (" + condition + ");", null);
        }
        if (target.breakUsed) label(label + "_break");
    }

    private void loopBody(Stmt.Loop loop, Target target, boolean plainUpdate) {
        targets.push(target);
        nested(loop.body());
        targets.pop();
        depth++;
        if (target.continueUsed) label(target.label + "_continue");
        depth--;
        if (!plainUpdate) nested(loop.update());
    }

    /** The update as comma-separable C expressions, or null if a statement there is not one. */
    private List<String> updateExpressions(Stmt.Block update) {
        if (update.label() != null) return null;
        List<String> texts = new ArrayList<>();
        for (Stmt statement : update.statements()) {
            switch (statement) {
                case Stmt.Assign assign -> texts.add(assignment(assign));
                case Stmt.Eval eval -> texts.add(expressions.render(eval.expression()));
                default -> {
                    return null;
                }
            }
        }
        return texts;
    }

    private void breakStatement(Stmt.Break breakStatement) {
        Target target = find(breakStatement.label(), false, breakStatement.position());
        if (target.loop && target == innermostLoop()) {
            line("break;", breakStatement.position());
        } else {
            target.breakUsed = true;
            line("goto " + target.label + "_break;", breakStatement.position());
        }
    }

    private void continueStatement(Stmt.Continue continueStatement) {
        Target target = find(continueStatement.label(), true, continueStatement.position());
        if (target == innermostLoop() && target.plainContinue) {
            line("continue;", continueStatement.position());
        } else {
            target.continueUsed = true;
            line("goto " + target.label + "_continue;", continueStatement.position());
        }
    }

    private Target find(String label, boolean loopOnly, SourcePosition position) {
        for (Target target : targets) {
            if (label == null ? target.loop : target.label.equals(label)) {
                if (loopOnly && !target.loop) break;
                return target;
            }
        }
        throw new IllegalArgumentException(where(position) + "no enclosing " + (loopOnly ? "loop" : "loop or block")
                + (label == null ? "" : " labelled " + label));
    }

    private Target innermostLoop() {
        for (Target target : targets) {
            if (target.loop) return target;
        }
        return null;
    }

    private void label(String label) {
        depth--;
        line(label + ": ;", null);
        depth++;
    }

    private void line(String text, SourcePosition position) {
        out.append("\t".repeat(Math.max(depth, 0))).append(text);
        if (position != null && position.line() != lastLine) {
            out.append(" /* ").append(position.file()).append(':').append(position.line()).append(" */");
            lastLine = position.line();
        }
        out.append('\n');
    }

    private static String where(SourcePosition position) {
        return position == null ? "" : position.file() + ":" + position.line() + ": ";
    }
}
