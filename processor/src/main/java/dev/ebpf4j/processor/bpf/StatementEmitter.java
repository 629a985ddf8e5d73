package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.AtomicOp;
import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.Operand;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.FieldUpdate;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.UnaryOp;
import dev.ebpf4j.processor.passes.ConstantFolder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Statements: structured control flow to jumps, with no code after a return, break or continue
 * (the verifier refuses unreachable instructions), constant conditions decided at compile time and
 * loops laid out with the test at the bottom of a do-while and the top of a while.
 */
final class StatementEmitter {
    /** The kernel's {@code bpf_spin_lock} and {@code bpf_spin_unlock} helpers (Linux 5.1). */
    private static final int SPIN_LOCK = 93;
    private static final int SPIN_UNLOCK = 94;

    /** Where break and continue of a loop or labelled block go; {@code continueTo} is null for a block. */
    private record Target(String label, String breakTo, String continueTo) {}

    private final Emission emit;
    private final Locals locals;
    private final Function function;
    private final ExpressionEmitter exprs;
    private final ViewEmitter views;
    private final ArrayEmitter arrays;
    private final CodeBuilder code;
    private final Deque<Target> targets = new ArrayDeque<>();

    StatementEmitter(Emission emit, Locals locals, Function function, ExpressionEmitter exprs, ViewEmitter views, ArrayEmitter arrays) {
        this.emit = emit;
        this.locals = locals;
        this.function = function;
        this.exprs = exprs;
        this.views = views;
        this.arrays = arrays;
        this.code = emit.code;
    }

    void body(Stmt.Block body) {
        if (block(body)) {
            // Only a void function may run off its end.
            code.mov64(Register.R0, 0);
            code.exit();
        }
    }

    /** Compiles {@code s}; true if control can reach its end. */
    private boolean stmt(Stmt s) {
        emit.mark(s.position());
        emit.statement = s;
        int mark = emit.frame.mark();
        try {
            return switch (s) {
                case Stmt.Declare(var local, var init, var p) when ArrayEmitter.isArray(local) -> {
                    arrays.assign(local, init);
                    yield true;
                }
                case Stmt.Assign(var local, var value, var p) when ArrayEmitter.isArray(local) -> {
                    arrays.assign(local, value);
                    yield true;
                }
                case Stmt.StoreElement(var array, var index, var value, var p) -> {
                    arrays.store(array, index, value);
                    yield true;
                }
                case Stmt.Declare(var local, var init, var p) -> {
                    if (init != null && !locals.homes.deadStore(s)) assign(local, init);
                    yield true;
                }
                case Stmt.Assign(var local, var value, var p) -> {
                    if (!locals.homes.deadStore(s)) assign(local, value);
                    yield true;
                }
                case Stmt.Eval(Expr.GlobalAdd(var global, var delta), var p) -> {
                    exprs.globals().add(global, delta, null);
                    yield true;
                }
                case Stmt.StoreGlobal(var global, var value, var p) -> {
                    exprs.globals().store(global, value);
                    yield true;
                }
                case Stmt.Eval(Expr.MapCall call, var p) -> {
                    exprs.maps().call(call, null);
                    yield true;
                }
                case Stmt.Eval(var e, var p) -> {
                    if (ExpressionEmitter.calls(e)) {
                        Register t = emit.temps.take();
                        exprs.into(e, t);
                        emit.temps.free(t);
                    }
                    yield true;
                }
                case Stmt.Return(var value, var p) -> {
                    if (value != null && function.returnType() != Prim.VOID) {
                        emit.temps.take(Register.R0);
                        exprs.into(value, Register.R0);
                        emit.temps.free(Register.R0);
                    } else {
                        code.mov64(Register.R0, 0);
                    }
                    code.exit();
                    yield false;
                }
                case Stmt.Break(var label, var p) -> {
                    code.ja(target(label, false).breakTo());
                    yield false;
                }
                case Stmt.Continue(var label, var p) -> {
                    code.ja(target(label, true).continueTo());
                    yield false;
                }
                case Stmt.Trace t -> {
                    new TraceEmitter(emit, exprs).lower(t);
                    yield true;
                }
                case Stmt.UpdateField u -> {
                    updateField(u);
                    yield true;
                }
                case Stmt.Locked l -> {
                    locked(l);
                    yield true;
                }
                case Stmt.If i -> ifStmt(i);
                case Stmt.Loop l -> loop(l);
                case Stmt.Block b -> labelledBlock(b);
            };
        } finally {
            emit.frame.release(mark);
        }
    }

    /**
     * {@code lock *(u64 *)(pointer + offset) += operand} (or |=, &=, ^=; u32 for an int field): the
     * one instruction C's {@code __sync_fetch_and_add} with an unused result becomes. A per-CPU
     * value is loaded, changed and stored, as no other CPU writes it.
     */
    private void updateField(Stmt.UpdateField u) {
        Prim type = (Prim) u.field().type();
        Size size = type.wide() ? Size.DW : Size.W;
        ExpressionEmitter.Val pointer = exprs.register(u.pointer());
        ExpressionEmitter.Val operand = exprs.register(u.operand());
        int offset = u.field().offset();
        if (u.op() == FieldUpdate.SET) {
            code.store(size, pointer.reg(), offset, operand.reg());
        } else if (u.atomic()) {
            AtomicOp op = switch (u.op()) {
                case ADD -> AtomicOp.ADD;
                case OR -> AtomicOp.OR;
                case AND -> AtomicOp.AND;
                case XOR -> AtomicOp.XOR;
                case SET -> throw new IllegalStateException("a store is no atomic operation");
            };
            code.atomic(size, op, false, pointer.reg(), offset, operand.reg());
        } else {
            Register value = emit.temps.take();
            code.load(size, value, pointer.reg(), offset);
            AluOp op = switch (u.op()) {
                case ADD -> AluOp.ADD;
                case OR -> AluOp.OR;
                case AND -> AluOp.AND;
                case XOR -> AluOp.XOR;
                case SET -> throw new IllegalStateException("a store is no arithmetic");
            };
            code.emit(new Instruction.Alu(type.wide(), op, value, Operand.of(operand.reg())));
            code.store(size, pointer.reg(), offset, value);
            emit.temps.free(value);
        }
        exprs.release(operand);
        exprs.release(pointer);
    }

    /**
     * {@code bpf_spin_lock(&pointer->lock)}, each change as a load, an add and a store (or a
     * store), {@code bpf_spin_unlock(&pointer->lock)}: as clang compiles the same C. The operands
     * only load and compute (the front end saw to it), so nothing but the two helpers is called
     * while the lock is held; a local kept on the stack is loaded again after the first call.
     */
    private void locked(Stmt.Locked l) {
        spinLockCall(l, SPIN_LOCK);
        for (Stmt.Change c : l.changes()) {
            Prim type = (Prim) c.field().type();
            Size size = type.wide() ? Size.DW : Size.W;
            ExpressionEmitter.Val pointer = exprs.register(l.pointer());
            int offset = c.field().offset();
            // adding a negated local subtracts it (r0 -= r7), and a constant added is an immediate (r0 += 1), as clang writes them
            Expr added = ConstantFolder.fold(c.operand());
            boolean subtract = c.op() == FieldUpdate.ADD && added instanceof Expr.Unary(var neg, Expr.Read read) && neg == UnaryOp.NEG;
            if (subtract) added = ((Expr.Unary) added).operand();
            ExpressionEmitter.Val operand = c.op() == FieldUpdate.ADD ? exprs.operand(added, type.wide()) : exprs.register(added);
            if (c.op() == FieldUpdate.SET) {
                code.store(size, pointer.reg(), offset, operand.reg());
            } else if (c.op() == FieldUpdate.ADD) {
                Register value = emit.temps.take();
                code.load(size, value, pointer.reg(), offset);
                code.emit(new Instruction.Alu(type.wide(), subtract ? AluOp.SUB : AluOp.ADD, value, operand.operand()));
                code.store(size, pointer.reg(), offset, value);
                emit.temps.free(value);
            } else {
                throw new IllegalStateException("a change under a lock is an add or a store, not " + c.op());
            }
            exprs.release(operand);
            exprs.release(pointer);
        }
        spinLockCall(l, SPIN_UNLOCK);
    }

    /** {@code helper(&pointer->lock)} for the lock or unlock helper. */
    private void spinLockCall(Stmt.Locked l, int helper) {
        ExpressionEmitter.Val pointer = exprs.register(l.pointer());
        if (pointer.reg() != Register.R1) code.mov64(Register.R1, pointer.reg());
        exprs.release(pointer);
        if (l.lock().offset() != 0) code.add64(Register.R1, l.lock().offset());
        Emission.Saved saved = emit.saveAround(null);
        code.call(helper);
        emit.restore(saved);
    }

    private boolean block(Stmt.Block b) {
        List<Stmt> statements = b.statements();
        for (int i = 0; i < statements.size(); i++) {
            Stmt s = statements.get(i);
            if (i + 1 < statements.size() && statements.get(i + 1) instanceof Stmt.If test
                    && NullTest.of(s, test, statements.subList(i + 2, statements.size()), locals.homes) instanceof NullTest t) {
                i++;
                if (!nullTest(t)) return false;
                continue;
            }
            if (!stmt(s)) return false;   // the rest is dead code
        }
        return true;
    }

    /**
     * A view declared and null-tested right away: the view's own checks jump straight to the two
     * branches, with no null pointer made and tested again. The null branch comes first.
     */
    private boolean nullTest(NullTest t) {
        int mark = emit.frame.mark();
        try {
            emit.mark(t.declare().position());
            emit.statement = t.declare();
            Register home = locals.homes.of(t.declare().local()).register();
            Expr.IntrinsicCall view = (Expr.IntrinsicCall) t.declare().init();
            String end = emit.label("endif");
            if (t.whenNull().statements().isEmpty()) {
                views.view(view, home, new ViewEmitter.Exit(end, false));
                emit.mark(t.test().position());
                block(t.whenPresent());
                code.label(end);
                return true;
            }
            String present = t.whenPresent().statements().isEmpty() ? end : emit.label("present");
            views.view(view, home, new ViewEmitter.Exit(present, true));
            emit.mark(t.test().position());
            boolean nullFalls = block(t.whenNull());
            if (present.equals(end)) {
                code.label(end);
                return true;
            }
            if (nullFalls) code.ja(end);
            code.label(present);
            boolean presentFalls = block(t.whenPresent());
            if (nullFalls || presentFalls) code.label(end);
            return nullFalls || presentFalls;
        } finally {
            emit.frame.release(mark);
        }
    }

    private boolean labelledBlock(Stmt.Block b) {
        if (b.label() == null) return block(b);
        String end = emit.label("block_end");
        targets.push(new Target(b.label(), end, null));
        boolean falls = block(b);
        targets.pop();
        // An unlabelled break inside leaves a loop, never the block: only breaks naming it count.
        boolean broken = breaks(b, b.label(), false, true);
        if (falls || broken) code.label(end);
        return falls || broken;
    }

    private void assign(Local local, Expr value) {
        Homes.Home home = locals.homes.of(local);
        if (value instanceof Expr.Read(var source) && source.type().equals(local.type())
                && !ArrayEmitter.isArray(source) && locals.homes.of(source).equals(home)) {
            return;   // a copy between two locals that share a home (see Homes): nothing moves
        }
        if (!home.inRegister() && value instanceof Expr.Read(var source) && !ArrayEmitter.isArray(source)
                && locals.homes.of(source).inRegister()) {
            locals.store(local, locals.homes.of(source).register());   // straight from the source's register
            return;
        }
        if (home.inRegister() && (!IrScanner.reads(value, local) || updatesInPlace(local, value))) {
            exprs.into(value, home.register());
            return;
        }
        Register t = emit.temps.take();
        exprs.into(value, t);
        locals.store(local, t);
        emit.temps.free(t);
    }

    /**
     * True for {@code x = x op c} or {@code x = x op y} (y another local or a constant): evaluated
     * into x's register, the left operand is x itself and the right one is read before the one
     * instruction that changes x ({@code w6 += 4}), so no temporary and no copy back are needed.
     */
    private static boolean updatesInPlace(Local local, Expr value) {
        return ConstantFolder.fold(value) instanceof Expr.Binary(var op, var type, Expr.Read(var left), var right)
                && left.id() == local.id() && type.equals(local.type())
                && (right instanceof Expr.Constant || right instanceof Expr.Read(var other) && other.id() != local.id());
    }

    private boolean ifStmt(Stmt.If i) {
        Expr condition = ConstantFolder.fold(i.condition());
        if (condition instanceof Expr.Constant(var t, long v)) {
            return block(v != 0 ? i.then() : i.otherwise());
        }
        boolean hasElse = !i.otherwise().statements().isEmpty();
        if (!hasElse && i.then().statements().size() == 1) {
            // `if (c) break L;` is one conditional jump to L's end, not a jump over a jump
            String to = switch (i.then().statements().getFirst()) {
                case Stmt.Break(var label, var p) -> target(label, false).breakTo();
                case Stmt.Continue(var label, var p) -> target(label, true).continueTo();
                default -> null;
            };
            if (to != null) {
                exprs.branch(condition, true, to);
                return true;
            }
        }
        if (!hasElse && resultBeforeTest(i, condition)) return true;
        String otherwise = emit.label("else");
        String end = emit.label("endif");
        exprs.branch(condition, false, hasElse ? otherwise : end);
        boolean thenFalls = block(i.then());
        if (!hasElse) {
            code.label(end);
            return true;
        }
        if (thenFalls) code.ja(end);
        code.label(otherwise);
        emit.mark(i.otherwise().position() != null ? i.otherwise().position() : i.position());
        boolean elseFalls = block(i.otherwise());
        if (thenFalls || elseFalls) code.label(end);
        return thenFalls || elseFalls;
    }

    /**
     * {@code if (c) { x = k; break L; }}, x in a register and dead where the test fails (an inlined
     * method's {@code return k;}): {@code x = k; if (c) goto L}, two instructions where a jump to
     * an out-of-line {@code x = k; goto L} takes three. The liveness keeps x's register apart from
     * what the test reads and what is live after the if ({@link Interference#resultBeforeTest}).
     */
    private boolean resultBeforeTest(Stmt.If i, Expr condition) {
        Stmt.Assign set = Interference.resultBeforeTest(i);
        if (set == null || locals.homes.liveAfter(i).contains(set.local().id())) return false;
        Homes.Home home = locals.homes.of(set.local());
        if (!home.inRegister()) return false;
        // Nor the context's or data_end's register, though the liveness would allow it where the
        // test reads neither: kept as it was (taking them saves no instruction in the suite).
        if (home.equals(locals.homes.find(locals.context)) || home.equals(locals.homes.find(locals.packetEnd.local()))) return false;
        emit.mark(set.position() != null ? set.position() : i.position());
        exprs.into(set.value(), home.register());
        String label = ((Stmt.Break) i.then().statements().get(1)).label();
        exprs.branch(condition, true, target(label, false).breakTo());
        return true;
    }

    private boolean loop(Stmt.Loop l) {
        Expr condition = l.condition() == null ? null : ConstantFolder.fold(l.condition());
        if (condition instanceof Expr.Constant(var t, long v)) {
            if (v == 0 && l.testFirst()) return true;
            if (v != 0) condition = null;
        }
        String top = emit.label("loop");
        String next = emit.label("continue");
        String end = emit.label("loop_end");
        targets.push(new Target(l.label(), end, next));
        code.label(top);
        if (condition != null && l.testFirst()) exprs.branch(condition, false, end);
        boolean bodyFalls = block(l.body());
        boolean continued = breaks(l.body(), l.label(), true);
        boolean updateFalls = true;
        if (bodyFalls || continued) {
            code.label(next);
            updateFalls = block(l.update());
            if (updateFalls) {
                emit.mark(l.position());
                if (condition != null && !l.testFirst()) exprs.branch(condition, true, top);
                else code.ja(top);
            }
        }
        targets.pop();
        boolean exits = condition != null && (l.testFirst() || (bodyFalls || continued) && updateFalls);
        boolean falls = exits || breaks(l.body(), l.label(), false) || breaks(l.update(), l.label(), false);
        if (falls) code.label(end);
        return falls;
    }

    private Target target(String label, boolean loop) {
        for (Target t : targets) {
            if (loop && t.continueTo() == null) continue;
            if (label == null ? t.continueTo() != null || !loop && t.label() == null : label.equals(t.label())) return t;
        }
        throw emit.error((loop ? "continue" : "break") + (label == null ? "" : " " + label) + " outside its loop");
    }

    /**
     * True if {@code s} holds a break ({@code continueToo}: a continue) that leaves the construct
     * labelled {@code label}: a labelled one, or an unlabelled one not inside a nested loop.
     */
    private static boolean breaks(Stmt s, String label, boolean continues) {
        return breaks(s, label, continues, false);
    }

    private static boolean breaks(Stmt s, String label, boolean continues, boolean nested) {
        return switch (s) {
            case Stmt.Break(var l, var p) -> !continues && (l == null ? !nested : Objects.equals(l, label));
            case Stmt.Continue(var l, var p) -> continues && (l == null ? !nested : Objects.equals(l, label));
            case Stmt.If(var c, var a, var b, var p) -> breaks(a, label, continues, nested) || breaks(b, label, continues, nested);
            case Stmt.Loop(var l, var c, var f, var body, var update, var p) ->
                    breaks(body, label, continues, true) || breaks(update, label, continues, true);
            case Stmt.Block(var l, var statements, var p) -> statements.stream().anyMatch(t -> breaks(t, label, continues, nested));
            default -> false;
        };
    }
}
