package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.JumpOp;
import dev.ebpf4j.asm.Operand;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Expr.Constant;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.IrType;
import dev.ebpf4j.processor.ir.LogicalOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.UnaryOp;
import dev.ebpf4j.processor.ir.ValuePointer;
import dev.ebpf4j.processor.passes.ConstantFolder;
import dev.ebpf4j.processor.passes.RegisterNeed;
import java.util.List;

/**
 * Instruction selection for expressions: each value is computed into a given register with Java's
 * integer semantics (ALU32 for the int family, kept narrowed; ALU64 for long), and conditions are
 * compiled straight into conditional jumps.
 */
final class ExpressionEmitter {
    private final Emission emit;
    private final Locals locals;
    private final ProgramUnit unit;
    private final CodeBuilder code;
    /** Set once by {@link #connect}: they evaluate their own operands here, so they come after this. */
    private IntrinsicEmitter intrinsics;
    private MapEmitter maps;
    private ArrayEmitter arrays;
    private final GlobalEmitter globals;

    ExpressionEmitter(Emission emit, Locals locals, ProgramUnit unit) {
        this.emit = emit;
        this.locals = locals;
        this.unit = unit;
        this.code = emit.code;
        this.globals = new GlobalEmitter(emit, this);
    }

    MapEmitter maps() {
        return maps;
    }

    GlobalEmitter globals() {
        return globals;
    }

    /** The emitters expressions hand intrinsics, map operations and array elements to, which in turn evaluate their operands here. */
    void connect(IntrinsicEmitter intrinsics, MapEmitter maps, ArrayEmitter arrays) {
        this.intrinsics = intrinsics;
        this.maps = maps;
        this.arrays = arrays;
    }

    /** An operand ready for an ALU or jump instruction; {@code temp} registers are freed by {@link #release}. */
    record Val(Register reg, Integer imm, boolean temp) {
        Operand operand() {
            return reg != null ? Operand.of(reg) : Operand.of(imm);
        }
    }

    /** True if evaluating {@code e} calls a helper or a function (and so clobbers r0–r5). */
    static boolean calls(Expr e) {
        return IrScanner.any(e, part -> switch (part) {
            case Expr.Call c -> true;
            case Expr.MapCall m -> true;
            case Expr.IntrinsicCall(var i, var args) -> i == Intrinsic.NANO_TIME || i == Intrinsic.RANDOM || i == Intrinsic.CPU;
            default -> false;
        });
    }

    void release(Val v) {
        if (v.temp()) emit.temps.free(v.reg());
    }

    /** {@code e} as an operand: an immediate when it fits, a local's register, or a new temporary. */
    Val operand(Expr e, boolean wide) {
        e = ConstantFolder.fold(e);
        if (e instanceof Constant(var t, long v) && (wide ? v == (int) v : true)) return new Val(null, (int) v, false);
        return register(e);
    }

    /** {@code e} in a register: a local's home register as it is, or a new temporary. */
    Val register(Expr e) {
        e = ConstantFolder.fold(e);
        if (e instanceof Expr.Read(var l) && locals.homes.of(l).inRegister()) return new Val(locals.homes.of(l).register(), null, false);
        Register t = emit.temps.take();
        into(e, t);
        return new Val(t, null, true);
    }

    /** Evaluates {@code e} into {@code dst}, which holds nothing the evaluation reads. */
    void into(Expr e, Register dst) {
        select(ConstantFolder.fold(e), dst);
        emit.temps.filled(dst);
    }

    private void select(Expr e, Register dst) {
        switch (e) {
            case Constant(var t, long v) -> constant(dst, t.wide(), v);
            case Expr.Read(var l) when ArrayEmitter.isArray(l) -> throw emit.error("array " + l.name() + " is not a register value");
            case Expr.Read(var l) -> locals.load(l, dst);
            case Expr.Unary(var op, var a) when op == UnaryOp.NOT
                    && (a instanceof Expr.Compare || a instanceof Expr.IsNull || a instanceof Expr.Logical) -> materialize(e, dst);
            case Expr.Unary(var op, var a) -> {
                into(a, dst);
                boolean wide = ((Prim) a.type()).wide();
                switch (op) {
                    case NEG -> alu(wide, AluOp.NEG, dst, 0);
                    case BIT_NOT -> alu(wide, AluOp.XOR, dst, -1);
                    case NOT -> code.xor32(dst, 1);
                }
            }
            case Expr.Binary b -> binary(b, dst);
            case Expr.Compare c -> materialize(c, dst);
            case Expr.Logical l -> materialize(l, dst);
            case Expr.IsNull n -> materialize(n, dst);
            case Expr.Conditional(var c, var a, var b) -> {
                String otherwise = emit.label("else");
                String end = emit.label("endif");
                branch(c, false, otherwise);
                into(a, dst);
                code.ja(end);
                code.label(otherwise);
                emit.temps.emptied(dst);
                into(b, dst);
                code.label(end);
            }
            case Expr.Convert(var to, Expr.Conditional(var c, Constant x, Constant y)) ->
                    // Each constant converted where it is set, rather than the choice afterwards.
                    select(new Expr.Conditional(c, ConstantFolder.convert(to, x), ConstantFolder.convert(to, y)), dst);
            case Expr.Convert(var to, var a) -> {
                into(a, dst);
                convert(dst, (Prim) a.type(), to);
            }
            case Expr.Call call -> call(call, dst);
            case Expr.IntrinsicCall call -> intrinsics.intrinsic(call, dst);
            case Expr.MapCall call -> maps.call(call, dst);
            case Expr.LoadValue(var p) -> load(p, 0, (Prim) ((ValuePointer) p.type()).map().value(), dst);
            case Expr.LoadField(var p, StructField f) when f.type() instanceof Prim type -> load(p, f.offset(), type, dst);
            case Expr.LoadField(var p, StructField f) -> throw emit.error("array field " + f.name() + " is not a register value");
            case Expr.ArrayElement element -> arrays.load(element, dst);
            case Expr.NewArray n -> throw emit.error("a new array is not a register value");
            case Expr.LoadGlobal(var g) -> globals.load(g, dst);
            case Expr.GlobalAdd(var g, var delta) -> globals.add(g, delta, dst);
            case Expr.StructValue s -> throw emit.error("a record value can only be a map key, value or event here");
        }
    }

    void constant(Register dst, boolean wide, long v) {
        if (!wide) code.mov32(dst, (int) v);
        else if (v == (int) v) code.mov64(dst, (int) v);
        else code.ldImm64(dst, v);
    }

    private void load(Expr pointer, int offset, Prim type, Register dst) {
        Val p = register(pointer);
        loadMemory(type, dst, p.reg(), offset);
        release(p);
    }

    /** {@code dst = *(type *)(base + offset)}, narrowed as the register convention wants. */
    void loadMemory(Prim type, Register dst, Register base, int offset) {
        switch (type) {
            case BOOLEAN -> code.ldxb(dst, base, offset);
            case BYTE -> {
                code.ldxb(dst, base, offset);
                convert(dst, Prim.INT, Prim.BYTE);
            }
            case SHORT -> {
                code.ldxh(dst, base, offset);
                convert(dst, Prim.INT, Prim.SHORT);
            }
            case CHAR -> code.ldxh(dst, base, offset);
            case INT -> code.ldxw(dst, base, offset);
            case LONG -> code.ldxdw(dst, base, offset);
            case VOID -> throw new IllegalStateException("void load");
        }
    }

    /** Java's primitive conversion of the value in {@code r} from {@code from} to {@code to}. */
    void convert(Register r, Prim from, Prim to) {
        if (from == to) return;
        switch (to) {
            case LONG -> {
                code.lsh64(r, 32);
                code.arsh64(r, 32);
            }
            case INT -> {
                if (from == Prim.LONG) code.mov32(r, r);
            }
            case SHORT -> {
                if (from != Prim.BYTE) {
                    code.lsh32(r, 16);
                    code.arsh32(r, 16);
                }
            }
            case BYTE -> {
                code.lsh32(r, 24);
                code.arsh32(r, 24);
            }
            case CHAR -> code.and32(r, 0xffff);
            case BOOLEAN, VOID -> throw emit.error("no conversion from " + from.javaName() + " to " + to.javaName());
        }
    }

    private void binary(Expr.Binary b, Register dst) {
        boolean wide = b.type().wide();
        BinaryOp op = b.op();
        if (RegisterNeed.of(b.right()) > RegisterNeed.of(b.left()) && !ConstantFolder.hasEffect(b.left()) && !ConstantFolder.hasEffect(b.right())) {
            // Sethi–Ullman: the operand that needs more registers goes first, so deep right-hand
            // sides fit in the six scratch registers. Without effects the order is not visible.
            switch (op) {
                case ADD, MUL, AND, OR, XOR -> {
                    binary(new Expr.Binary(op, b.type(), b.right(), b.left()), dst);
                    return;
                }
                case SUB -> {
                    into(b.right(), dst);
                    Register t = emit.temps.take();
                    into(b.left(), t);
                    alu(wide, AluOp.SUB, t, dst);
                    if (wide) code.mov64(dst, t);
                    else code.mov32(dst, t);
                    emit.temps.free(t);
                    return;
                }
                default -> { }
            }
        }
        into(b.left(), dst);
        if (op == BinaryOp.SHL || op == BinaryOp.SHR || op == BinaryOp.USHR) {
            shift(op, wide, dst, b.right());
            return;
        }
        Val v = operand(b.right(), wide);
        if (op == BinaryOp.UDIV || op == BinaryOp.UREM) {
            if (v.reg() == null && v.imm() <= 0 && wide) {
                release(v);
                Register t = emit.temps.take();
                constant(t, true, ((Constant) ConstantFolder.fold(b.right())).value());
                v = new Val(t, null, true);
            }
        }
        AluOp alu = switch (op) {
            case ADD -> AluOp.ADD;
            case SUB -> AluOp.SUB;
            case MUL -> AluOp.MUL;
            case AND -> AluOp.AND;
            case OR -> AluOp.OR;
            case XOR -> AluOp.XOR;
            case UDIV -> AluOp.DIV;
            case UREM -> AluOp.MOD;
            default -> throw new IllegalStateException();
        };
        emit(wide, alu, dst, v);
        release(v);
    }

    private void shift(BinaryOp op, boolean wide, Register dst, Expr distance) {
        AluOp alu = switch (op) {
            case SHL -> AluOp.LSH;
            case SHR -> AluOp.ARSH;
            default -> AluOp.RSH;
        };
        int mask = wide ? 63 : 31;
        Expr d = ConstantFolder.fold(distance);
        if (d instanceof Constant(var t, long v)) {
            int n = (int) (v & mask);
            if (n != 0) alu(wide, alu, dst, n);
            return;
        }
        Register t = emit.temps.take();
        into(d, t);
        code.and32(t, mask);
        alu(wide, alu, dst, t);
        emit.temps.free(t);
    }

    private void emit(boolean wide, AluOp op, Register dst, Val v) {
        if (v.reg() != null) alu(wide, op, dst, v.reg());
        else alu(wide, op, dst, v.imm());
    }

    private void materialize(Expr condition, Register dst) {
        // dst = 1 first, then one jump over dst = 0: three instructions, not two moves and two jumps.
        // The condition never reads dst (it holds nothing the evaluation reads).
        String end = emit.label("bool");
        code.mov32(dst, 1);
        branch(condition, true, end);
        code.mov32(dst, 0);
        code.label(end);
    }

    /** Jumps to {@code label} when {@code condition} is {@code when}; falls through otherwise. */
    void branch(Expr condition, boolean when, String label) {
        Expr c = ConstantFolder.fold(condition);
        switch (c) {
            case Constant(var t, long v) -> {
                if ((v != 0) == when) code.ja(label);
            }
            case Expr.Unary(var op, var a) when op == UnaryOp.NOT -> branch(a, !when, label);
            case Expr.Logical(var op, var a, var b) -> {
                boolean and = op == LogicalOp.AND;
                if (and != when) {
                    // (a && b) false, or (a || b) true: either operand decides alone.
                    branch(a, when, label);
                    branch(b, when, label);
                } else {
                    String skip = emit.label("skip");
                    branch(a, !when, skip);
                    branch(b, when, label);
                    code.label(skip);
                }
            }
            case Expr.Compare(var op, var type, var a, var b) -> compare(when ? op : op.negate(), type.wide(), a, b, label);
            case Expr.IsNull(var p) -> {
                Val v = register(p);
                if (when) code.jeq(v.reg(), 0, label);
                else code.jne(v.reg(), 0, label);
                release(v);
            }
            case Expr.MapCall m when maps.branch(m, when, label) -> {
            }
            default -> {
                if (intrinsics.branch(c, when, label)) return;
                Val v = register(c);
                code.jump(false, when ? JumpOp.JNE : JumpOp.JEQ, v.reg(), Operand.of(0), label);
                release(v);
            }
        }
    }

    private void compare(CompareOp op, boolean wide, Expr a, Expr b, String label) {
        Expr left = ConstantFolder.fold(a);
        Expr right = ConstantFolder.fold(b);
        if (left instanceof Constant && !(right instanceof Constant)) {
            compare(op.mirror(), wide, right, left, label);
            return;
        }
        if ((op == CompareOp.EQ || op == CompareOp.NE) && right instanceof Constant(var t, long zero) && zero == 0
                && left instanceof Expr.Binary(var bop, var bt, var x, var m) && bop == BinaryOp.AND
                && ConstantFolder.fold(m) instanceof Constant(var mt, long mask) && (wide ? mask == (int) mask && mask >= 0 : true)) {
            // (x & mask) != 0 is jset; == 0 jumps over a jump on jset. No temporary for the and.
            Val v = register(x);
            if (op == CompareOp.NE) {
                code.jump(wide, JumpOp.JSET, v.reg(), Operand.of((int) mask), label);
            } else {
                String set = emit.label("set");
                code.jump(wide, JumpOp.JSET, v.reg(), Operand.of((int) mask), set);
                code.ja(label);
                code.label(set);
            }
            release(v);
            return;
        }
        Val l = register(left);
        Val r = operand(right, wide);
        code.jump(wide, jump(op), l.reg(), r.operand(), label);
        release(r);
        release(l);
    }

    static JumpOp jump(CompareOp op) {
        return switch (op) {
            case EQ -> JumpOp.JEQ;
            case NE -> JumpOp.JNE;
            case LT -> JumpOp.JSLT;
            case LE -> JumpOp.JSLE;
            case GT -> JumpOp.JSGT;
            case GE -> JumpOp.JSGE;
            case ULT -> JumpOp.JLT;
            case ULE -> JumpOp.JLE;
            case UGT -> JumpOp.JGT;
            case UGE -> JumpOp.JGE;
        };
    }

    /** A bpf-to-bpf call: arguments in r1–r5, the result in r0. */
    private void call(Expr.Call call, Register dst) {
        Function callee = unit.function(call.function());
        List<Expr> args = call.arguments();
        Emission.Saved saved = emit.saveAround(dst);
        boolean dstBusy = emit.temps.isBusy(dst);
        if (dstBusy) emit.temps.free(dst);
        if (args.stream().anyMatch(ExpressionEmitter::calls)) {
            int[] slots = new int[args.size()];
            for (int i = 0; i < args.size(); i++) {
                Register t = emit.temps.take();
                into(args.get(i), t);
                slots[i] = emit.frame.allocate(8);
                code.stxdw(Register.R10, slots[i], t);
                emit.temps.free(t);
            }
            for (int i = 0; i < args.size(); i++) code.ldxdw(Register.of(i + 1), Register.R10, slots[i]);
        } else {
            for (int i = 0; i < args.size(); i++) {
                Register r = Register.of(i + 1);
                emit.temps.take(r);
                into(args.get(i), r);
            }
            for (int i = 0; i < args.size(); i++) emit.temps.free(Register.of(i + 1));
        }
        code.callFunction(callee.name());
        if (dstBusy) emit.temps.take(dst);
        if (call.type() != Prim.VOID) emit.result(dst, call.type());
        emit.restore(saved);
    }

    void alu(boolean wide, AluOp op, Register dst, int imm) {
        code.emit(new Instruction.Alu(wide, op, dst, Operand.of(imm)));
    }

    void alu(boolean wide, AluOp op, Register dst, Register src) {
        code.emit(new Instruction.Alu(wide, op, dst, Operand.of(src)));
    }

    static boolean wide(IrType type) {
        return !(type instanceof Prim p) || p.wide();
    }
}
