package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import dev.ebpf4j.processor.frontend.Scopes.Frame;
import dev.ebpf4j.processor.frontend.Scopes.Kind;
import dev.ebpf4j.processor.frontend.Scopes.Target;
import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.SourcePosition;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.UnaryOp;

import dev.ebpf4j.processor.passes.ConstantFolder;
import javax.lang.model.element.Element;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers Java statements to structured IR statements, carrying the null state through branches,
 * loops and jumps: locals, if/else, loops (for-each over arrays too), labelled blocks, break/continue, return.
 */
final class StatementLowering {
    private final FunctionLowering f;
    private final SourceTrees source;
    private final IrOutput output;
    private final Flow flow;
    private final Scopes scopes;

    StatementLowering(FunctionLowering f, SourceTrees source, IrOutput output, Flow flow, Scopes scopes) {
        this.f = f;
        this.source = source;
        this.output = output;
        this.flow = flow;
        this.scopes = scopes;
    }

    void lowerBody(BlockTree body) {
        for (StatementTree statement : body.getStatements()) lower(statement);
    }

    void lower(StatementTree tree) {
        SourcePosition saved = output.here;
        output.here = f.positions.of(tree);
        try {
            lowerChecked(tree);
        } catch (Rejected rejected) {
            // reported; go on with the next statement to find more errors, and stay silent on the uses of a refused variable
            if (tree instanceof VariableTree variable) scopes.refuse(source.trees.getElement(source.path(variable)));
        } finally {
            output.here = saved;
        }
    }

    private void lowerChecked(StatementTree tree) {
        switch (tree) {
            case BlockTree block -> lowerBody(block);
            case VariableTree variable -> f.expressions.declareVariable(variable);
            case ExpressionStatementTree statement -> f.expressions.effect(statement.getExpression());
            case IfTree branch -> lowerIf(branch);
            case WhileLoopTree loop -> lowerWhile(null, loop);
            case DoWhileLoopTree loop -> lowerDoWhile(null, loop);
            case ForLoopTree loop -> lowerFor(null, loop);
            case LabeledStatementTree labelled -> lowerLabelled(labelled);
            case BreakTree jump -> lowerBreak(jump);
            case ContinueTree jump -> lowerContinue(jump);
            case ReturnTree ret -> lowerReturn(ret);
            case SwitchTree sw -> new SwitchLowering(f, source, output, flow, scopes).statement(sw, null);
            case com.sun.source.tree.YieldTree yield -> new SwitchLowering(f, source, output, flow, scopes).yield(yield);
            case com.sun.source.tree.EmptyStatementTree empty -> {
            }
            case com.sun.source.tree.ThrowTree t -> throw f.reporter.reject(t, Messages.exceptions(scopes.verdict(false)));
            case com.sun.source.tree.TryTree t -> throw f.reporter.reject(t, Messages.exceptions(scopes.verdict(false)));
            case EnhancedForLoopTree loop -> lowerForEach(null, loop);
            case com.sun.source.tree.AssertTree t -> throw f.reporter.reject(t, "assert is not supported: the kernel cannot"
                    + " throw an AssertionError; check the condition with if and return a verdict");
            case com.sun.source.tree.SynchronizedTree t -> throw f.reporter.reject(t, "synchronized is not supported: a program"
                    + " has no monitors; use the maps' atomic increment for shared counters");
            case com.sun.source.tree.ClassTree t -> throw f.reporter.reject(t, "local classes are not supported: a program"
                    + " has no objects; declare records at class level and use them as map keys or values");
            default -> throw f.reporter.reject(tree, "this statement is not supported in an eBPF program; use if, switch,"
                    + " bounded loops, locals and calls of static methods");
        }
    }

    /** Lowers {@code statement} into its own list, as the body of a branch or loop. */
    List<Stmt> block(StatementTree statement) {
        return output.collect(() -> lower(statement));
    }

    private void lowerIf(IfTree tree) {
        Expr condition = f.expressions.condition(tree.getCondition());
        FlowFacts facts = flow.facts(condition);
        FlowState before = flow.state;
        flow.state = before.with(facts.whenTrue());
        List<Stmt> then = block(tree.getThenStatement());
        FlowState afterThen = flow.state;
        flow.state = before.with(facts.whenFalse());
        List<Stmt> otherwise = tree.getElseStatement() == null ? List.of() : block(tree.getElseStatement());
        FlowState afterElse = flow.state;
        flow.state = afterThen.join(afterElse);
        if (condition instanceof Expr.Constant c) {
            // a constant condition keeps only its branch (javac allows `if (DEBUG)`)
            for (Stmt s : c.value() != 0 ? then : otherwise) output.emit(s);
            flow.state = c.value() != 0 ? afterThen : afterElse;
            return;
        }
        output.emit(new Stmt.If(condition, new Stmt.Block(null, then, output.here), new Stmt.Block(null, otherwise, output.here), output.here));
    }

    private void lowerLabelled(LabeledStatementTree tree) {
        String javaLabel = tree.getLabel().toString();
        switch (tree.getStatement()) {
            case WhileLoopTree loop -> lowerWhile(javaLabel, loop);
            case DoWhileLoopTree loop -> lowerDoWhile(javaLabel, loop);
            case ForLoopTree loop -> lowerFor(javaLabel, loop);
            case EnhancedForLoopTree loop -> lowerForEach(javaLabel, loop);
            case SwitchTree sw -> new SwitchLowering(f, source, output, flow, scopes).statement(sw, javaLabel);
            default -> {
                Target target = new Target(javaLabel, output.newLabel(javaLabel), Kind.BLOCK);
                scopes.frame().targets.push(target);
                List<Stmt> body;
                try {
                    body = block(tree.getStatement());
                } finally {
                    scopes.frame().targets.pop();
                }
                target.breakStates.add(flow.state);
                flow.state = FlowState.joinAll(target.breakStates);
                output.emit(new Stmt.Block(target.label, body, output.here));
            }
        }
    }

    private void lowerWhile(String javaLabel, WhileLoopTree tree) {
        loop(javaLabel, tree.getCondition(), true, tree.getStatement(), List.of(), tree);
    }

    private void lowerDoWhile(String javaLabel, DoWhileLoopTree tree) {
        loop(javaLabel, tree.getCondition(), false, tree.getStatement(), List.of(), tree);
    }

    private void lowerFor(String javaLabel, ForLoopTree tree) {
        for (StatementTree init : tree.getInitializer()) lower(init);
        loop(javaLabel, tree.getCondition(), true, tree.getStatement(), tree.getUpdate(), tree);
    }

    /**
     * {@code for (T x : array)}: a loop counting a hidden index over the array's constant length,
     * {@code x} set to the element at the start of each iteration, as Java's for-each over an array is.
     */
    private void lowerForEach(String javaLabel, EnhancedForLoopTree tree) {
        Local array = f.arrays.iterated(tree.getExpression(), tree.getStatement());
        VariableTree variableTree = tree.getVariable();
        Element element = source.trees.getElement(source.path(variableTree));
        Prim type = JavaTypes.primitive(element.asType().getKind());
        if (type == null) throw f.reporter.reject(variableTree, Messages.forEachVariable(element.asType()));
        int length = ((ArrayType) array.type()).length();
        Local index = flow.declare(variableTree.getName() + "_index", Prim.INT, Expr.Constant.ofInt(0));
        Target target = new Target(javaLabel, output.newLabel(javaLabel == null ? "loop" : javaLabel), Kind.LOOP);
        FlowState entry = flow.state.without(LoopBounds.assignedLocals(source, scopes, tree)).without(index);
        List<Stmt> body;
        scopes.frame().targets.push(target);
        try {
            flow.state = entry;
            body = output.collect(() -> {
                Expr value = new Expr.ArrayElement(new Expr.Read(array), new Expr.Read(index));
                Local variable = flow.declare(variableTree.getName().toString(), type, ConstantFolder.convert(type, value));
                scopes.frame().bindings.put(element, new Binding.Scalar(variable));
                lower(tree.getStatement());
            });
        } finally {
            scopes.frame().targets.pop();
        }
        List<FlowState> exits = new ArrayList<>(target.breakStates);
        exits.add(entry);
        flow.state = FlowState.joinAll(exits);
        Expr next = new Expr.Binary(BinaryOp.ADD, Prim.INT, new Expr.Read(index), Expr.Constant.ofInt(1));
        output.emit(new Stmt.Loop(target.label, new Expr.Compare(CompareOp.LT, Prim.INT, new Expr.Read(index), Expr.Constant.ofInt(length)),
                true, new Stmt.Block(null, body, output.here), new Stmt.Block(null, List.of(new Stmt.Assign(index, next, output.here)), output.here), output.here));
    }

    private void loop(String javaLabel, ExpressionTree conditionTree, boolean testFirst, StatementTree bodyTree,
                      List<? extends ExpressionStatementTree> updateTrees, StatementTree loopTree) {
        Target target = new Target(javaLabel, output.newLabel(javaLabel == null ? "loop" : javaLabel), Kind.LOOP);
        FlowState before = flow.state;
        FlowState entry = flow.state.without(LoopBounds.assignedLocals(source, scopes, loopTree));
        flow.state = entry;
        Expr[] holder = new Expr[1];
        List<Stmt> conditionStatements = conditionTree == null ? List.of()
                : output.collect(() -> holder[0] = f.expressions.condition(conditionTree));
        Expr condition = conditionTree == null ? Expr.Constant.ofBoolean(true) : holder[0];
        FlowFacts facts = flow.facts(condition);
        LoopBounds.Bound bound = new LoopBounds(f.reporter, source, output, flow, scopes, f.expressions)
                .check(javaLabel, conditionTree, condition, facts, testFirst, bodyTree, updateTrees,
                loopTree, before);
        scopes.frame().targets.push(target);
        List<Stmt> body;
        List<Stmt> update;
        try {
            flow.state = testFirst ? entry.with(facts.whenTrue()) : entry;
            body = block(bodyTree);
            flow.state = entry;
            update = output.collect(() -> {
                for (ExpressionStatementTree u : updateTrees) lower(u);
            });
        } finally {
            scopes.frame().targets.pop();
        }
        LoopLengths.check(f.reporter, bound, body, bodyTree);
        boolean forever = condition instanceof Expr.Constant c && c.value() != 0;
        List<FlowState> exits = new ArrayList<>(target.breakStates);
        if (!forever) exits.add(entry.with(facts.whenFalse()));
        flow.state = FlowState.joinAll(exits);
        Expr loopCondition = forever ? null : condition;
        if (!conditionStatements.isEmpty() && !forever) {
            // the condition needs statements (a map call, an inlined call): test it inside the loop
            List<Stmt> test = new ArrayList<>(conditionStatements);
            test.add(new Stmt.If(ConstantFolder.unary(UnaryOp.NOT, condition),
                    new Stmt.Block(null, List.of(new Stmt.Break(target.label, output.here)), output.here),
                    new Stmt.Block(null, List.of(), output.here), output.here));
            loopCondition = null;
            if (testFirst) {
                List<Stmt> all = new ArrayList<>(test);
                all.addAll(body);
                body = all;
            } else {
                List<Stmt> all = new ArrayList<>(update);
                all.addAll(test);
                update = all;
            }
            testFirst = true;
        } else if (forever) {
            List<Stmt> all = new ArrayList<>(conditionStatements);
            all.addAll(body);
            body = all;
        }
        if (condition instanceof Expr.Constant c && c.value() == 0 && testFirst) return; // while (false): never runs
        output.emit(new Stmt.Loop(target.label, loopCondition, testFirst, new Stmt.Block(null, body, output.here),
                new Stmt.Block(null, update, output.here), output.here));
    }

    private Target target(String javaLabel, boolean continuing, com.sun.source.tree.Tree at) {
        for (Target target : scopes.frame().targets) {
            boolean matches = javaLabel != null ? javaLabel.equals(target.javaLabel)
                    : target.kind == Kind.LOOP || (!continuing && target.kind == Kind.SWITCH);
            if (matches) return target;
        }
        throw f.reporter.reject(at, "ebpf4j internal error in front end: no target for this jump");
    }

    private void lowerBreak(BreakTree tree) {
        Target target = target(tree.getLabel() == null ? null : tree.getLabel().toString(), false, tree);
        target.breakStates.add(flow.state);
        output.emit(new Stmt.Break(target.label, output.here));
        flow.state = FlowState.unreachable();
    }

    private void lowerContinue(ContinueTree tree) {
        Target target = target(tree.getLabel() == null ? null : tree.getLabel().toString(), true, tree);
        output.emit(new Stmt.Continue(target.label, output.here));
        flow.state = FlowState.unreachable();
    }

    private void lowerReturn(ReturnTree tree) {
        Frame frame = scopes.frame();
        if (frame.returnLabel == null) {
            if (frame.returnType == Prim.VOID) {
                if (tree.getExpression() != null) f.expressions.effect(tree.getExpression());
                output.emit(new Stmt.Return(null, output.here));
            } else {
                output.emit(new Stmt.Return(f.expressions.prim(tree.getExpression(), frame.returnType), output.here));
            }
        } else {
            if (frame.aggregateResult != null) {
                Binding.Aggregate result = frame.aggregateResult;
                AggregateLowering.Aggregate value = f.aggregates.aggregate(tree.getExpression(), result.type(), "returned");
                output.emit(new Stmt.Assign(result.present(), value.present(), output.here));
                flow.state = f.aggregates.isTrue(value.present()) ? flow.state.with(result.present()) : flow.state.without(result.present());
                for (int i = 0; i < result.parts().size(); i++) flow.assign(result.parts().get(i), value.parts().get(i));
            } else if (frame.result != null) {
                Expr value = frame.result.type() instanceof Prim p ? f.expressions.prim(tree.getExpression(), p)
                        : f.expressions.scalar(tree.getExpression());
                flow.assign(frame.result, value);
            } else if (tree.getExpression() != null) {
                f.expressions.effect(tree.getExpression());
            }
            frame.returnStates.add(flow.state);
            output.emit(new Stmt.Break(frame.returnLabel, output.here));
        }
        flow.state = FlowState.unreachable();
    }
}
