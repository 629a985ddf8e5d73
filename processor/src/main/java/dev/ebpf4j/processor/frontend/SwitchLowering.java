package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CaseLabelTree;
import com.sun.source.tree.ConstantCaseLabelTree;
import com.sun.source.tree.DefaultCaseLabelTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.YieldTree;
import dev.ebpf4j.processor.frontend.Scopes.Kind;
import dev.ebpf4j.processor.frontend.Scopes.Target;
import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.IrType;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.LogicalOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;

import dev.ebpf4j.processor.passes.ConstantFolder;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers switch statements and switch expressions on integers and verdicts to if-chains inside a
 * labelled block (the target of {@code break} and {@code yield}). Without fall-through each case
 * is one branch of the chain; with fall-through the chain computes the index of the first case to
 * run, and each case body runs if that index is at most its own, so control flows from one body
 * into the next as in Java.
 */
final class SwitchLowering {
    private final FunctionLowering f;
    private final SourceTrees source;
    private final IrOutput output;
    private final Flow flow;
    private final Scopes scopes;

    SwitchLowering(FunctionLowering f, SourceTrees source, IrOutput output, Flow flow, Scopes scopes) {
        this.f = f;
        this.source = source;
        this.output = output;
        this.flow = flow;
        this.scopes = scopes;
    }

    void statement(SwitchTree tree, String javaLabel) {
        lower(tree.getExpression(), tree.getCases(), javaLabel, Kind.SWITCH, null);
    }

    Expr expression(SwitchExpressionTree tree, IrType type) {
        Local result = flow.declare("switch", type, null);
        lower(tree.getExpression(), tree.getCases(), null, Kind.SWITCH_EXPRESSION, result);
        return new Expr.Read(result);
    }

    void yield(YieldTree tree) {
        Target target = null;
        for (Target t : scopes.frame().targets) {
            if (t.kind == Kind.SWITCH_EXPRESSION) {
                target = t;
                break;
            }
        }
        if (target == null) throw f.reporter.reject(tree, "ebpf4j internal error in front end: yield outside a switch expression");
        produce(target, tree.getValue());
    }

    private void produce(Target target, ExpressionTree value) {
        Local result = target.result;
        flow.assign(result, result.type() instanceof Prim p ? f.expressions.prim(value, p) : f.expressions.scalar(value));
        target.breakStates.add(flow.state);
        output.emit(new Stmt.Break(target.label, output.here));
        flow.state = FlowState.unreachable();
    }

    private void lower(ExpressionTree selectorTree, List<? extends CaseTree> cases, String javaLabel, Kind kind, Local result) {
        JavaTypes.Category category = JavaTypes.category(source.typeOf(selectorTree));
        Prim selectorType = JavaTypes.primOf(source.typeOf(selectorTree));
        if (category != JavaTypes.Category.VERDICT && (selectorType == null || selectorType == Prim.BOOLEAN || selectorType == Prim.LONG)) {
            throw f.reporter.reject(selectorTree, "switch on " + source.typeOf(selectorTree) + " is not supported: a program"
                    + " switches on int, short, char, byte or a verdict; compare other values with if/else");
        }
        Expr selector = f.expressions.prim(selectorTree, Prim.INT);
        if (!(selector instanceof Expr.Constant) && !(selector instanceof Expr.Read)) {
            selector = new Expr.Read(flow.declare("selector", Prim.INT, selector));
        }
        Target target = new Target(javaLabel, output.newLabel("switch"), kind, result);
        FlowState entry = flow.state;
        List<Expr> conditions = new ArrayList<>();
        List<List<Stmt>> bodies = new ArrayList<>();
        int defaultIndex = -1;
        boolean fallsThrough = false;
        FlowState carry = FlowState.unreachable();
        scopes.frame().targets.push(target);
        try {
            for (int i = 0; i < cases.size(); i++) {
                CaseTree c = cases.get(i);
                if (c.getGuard() != null) throw f.reporter.reject(c.getGuard(), "guarded case labels are not supported; test with if inside the case");
                Expr condition = null;
                for (CaseLabelTree label : c.getLabels()) {
                    switch (label) {
                        case DefaultCaseLabelTree d -> defaultIndex = i;
                        case ConstantCaseLabelTree constant -> {
                            Expr value = f.expressions.prim(constant.getConstantExpression(), Prim.INT);
                            Expr test = ConstantFolder.compare(CompareOp.EQ, Prim.INT, selector, value);
                            condition = condition == null ? test : ConstantFolder.logical(LogicalOp.OR, condition, test);
                        }
                        default -> throw f.reporter.reject(label, Messages.INSTANCEOF);
                    }
                }
                conditions.add(defaultIndex == i ? null : condition);
                flow.state = entry.join(carry);
                boolean rule = c.getCaseKind() == CaseTree.CaseKind.RULE;
                bodies.add(output.collect(() -> {
                    if (rule) rule(c.getBody(), target);
                    else for (StatementTree statement : c.getStatements()) f.statements.lower(statement);
                }));
                carry = flow.state;
                if (carry.reachable() && i < cases.size() - 1) fallsThrough = true;
            }
        } finally {
            scopes.frame().targets.pop();
        }
        List<FlowState> exits = new ArrayList<>(target.breakStates);
        exits.add(carry);
        if (defaultIndex < 0) exits.add(entry);
        flow.state = FlowState.joinAll(exits);
        List<Stmt> chain = fallsThrough ? fallThrough(conditions, bodies, defaultIndex) : chain(conditions, bodies, defaultIndex);
        output.emit(new Stmt.Block(target.label, chain, output.here));
    }

    private void rule(Tree body, Target target) {
        switch (body) {
            case StatementTree statement -> {
                // a rule never falls through: leave the switch where its body completes normally
                f.statements.lower(statement);
                if (flow.state.reachable() && target.kind == Kind.SWITCH) {
                    target.breakStates.add(flow.state);
                    output.emit(new Stmt.Break(target.label, output.here));
                    flow.state = FlowState.unreachable();
                }
            }
            case ExpressionTree expression -> {
                if (target.kind == Kind.SWITCH_EXPRESSION) {
                    produce(target, expression);
                } else {
                    f.expressions.effect(expression);
                    target.breakStates.add(flow.state);
                    output.emit(new Stmt.Break(target.label, output.here));
                    flow.state = FlowState.unreachable();
                }
            }
            default -> throw f.reporter.reject(body, "this case body is not supported");
        }
    }

    private List<Stmt> chain(List<Expr> conditions, List<List<Stmt>> bodies, int defaultIndex) {
        List<Stmt> otherwise = defaultIndex < 0 ? List.of() : bodies.get(defaultIndex);
        for (int i = conditions.size() - 1; i >= 0; i--) {
            if (i == defaultIndex || conditions.get(i) == null) continue;
            Expr condition = conditions.get(i);
            if (condition instanceof Expr.Constant c) {
                if (c.value() != 0) otherwise = bodies.get(i);
                continue;
            }
            otherwise = List.of(new Stmt.If(condition, new Stmt.Block(null, bodies.get(i), output.here),
                    new Stmt.Block(null, otherwise, output.here), output.here));
        }
        return otherwise;
    }

    private List<Stmt> fallThrough(List<Expr> conditions, List<List<Stmt>> bodies, int defaultIndex) {
        int none = defaultIndex < 0 ? bodies.size() : defaultIndex;
        Local first = output.newLocal("first_case", Prim.INT);
        List<Stmt> pick = List.of(new Stmt.Assign(first, Expr.Constant.ofInt(none), output.here));
        for (int i = conditions.size() - 1; i >= 0; i--) {
            if (conditions.get(i) == null) continue;
            pick = List.of(new Stmt.If(conditions.get(i),
                    new Stmt.Block(null, List.of(new Stmt.Assign(first, Expr.Constant.ofInt(i), output.here)), output.here),
                    new Stmt.Block(null, pick, output.here), output.here));
        }
        List<Stmt> statements = new ArrayList<>();
        statements.add(new Stmt.Declare(first, null, output.here));
        statements.addAll(pick);
        for (int i = 0; i < bodies.size(); i++) {
            statements.add(new Stmt.If(new Expr.Compare(CompareOp.LE, Prim.INT, new Expr.Read(first), Expr.Constant.ofInt(i)),
                    new Stmt.Block(null, bodies.get(i), output.here), new Stmt.Block(null, List.of(), output.here), output.here));
        }
        return statements;
    }
}
