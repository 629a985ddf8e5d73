package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.IrType;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.LogicalOp;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.SourcePosition;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.UnaryOp;
import dev.ebpf4j.processor.ir.ValuePointer;
import dev.ebpf4j.processor.ir.ValueType;
import java.util.ArrayList;
import java.util.List;

/** A small DSL for building IR by hand in tests, one function at a time; positions count up line by line. */
final class Ir {
    static final String FILE = "Test.java";
    private int nextId;
    private int line = 10;

    SourcePosition pos() {
        line++;
        return new SourcePosition(FILE, line, 9, "statement on line " + line + ";");
    }

    Local local(String name, IrType type) {
        return new Local(nextId++, name, type);
    }

    static Expr.Constant i(int v) {
        return Expr.Constant.ofInt(v);
    }

    static Expr.Constant l(long v) {
        return Expr.Constant.ofLong(v);
    }

    static Expr.Constant bool(boolean v) {
        return Expr.Constant.ofBoolean(v);
    }

    static Expr r(Local l) {
        return new Expr.Read(l);
    }

    static Expr bin(BinaryOp op, Prim t, Expr a, Expr b) {
        return new Expr.Binary(op, t, a, b);
    }

    static Expr cmp(CompareOp op, Prim t, Expr a, Expr b) {
        return new Expr.Compare(op, t, a, b);
    }

    static Expr and(Expr a, Expr b) {
        return new Expr.Logical(LogicalOp.AND, a, b);
    }

    static Expr or(Expr a, Expr b) {
        return new Expr.Logical(LogicalOp.OR, a, b);
    }

    static Expr not(Expr a) {
        return new Expr.Unary(UnaryOp.NOT, a);
    }

    static Expr un(UnaryOp op, Expr a) {
        return new Expr.Unary(op, a);
    }

    static Expr cvt(Prim to, Expr a) {
        return new Expr.Convert(to, a);
    }

    static Expr cond(Expr c, Expr a, Expr b) {
        return new Expr.Conditional(c, a, b);
    }

    static Expr isNull(Expr p) {
        return new Expr.IsNull(p);
    }

    static Expr call(Intrinsic i, Expr... args) {
        return new Expr.IntrinsicCall(i, List.of(args));
    }

    static Expr map(MapDecl m, MapOp op, Expr key, Expr value) {
        return new Expr.MapCall(m, op, key, value);
    }

    static Expr load(Expr pointer) {
        return new Expr.LoadValue(pointer);
    }

    static MapDecl mapDecl(String name, MapKind kind, ValueType key, ValueType value, int max) {
        return new MapDecl(name, kind, key, value, max, 0, false);
    }

    Stmt let(Local l, Expr init) {
        return new Stmt.Declare(l, init, pos());
    }

    Stmt set(Local l, Expr v) {
        return new Stmt.Assign(l, v, pos());
    }

    Stmt eval(Expr e) {
        return new Stmt.Eval(e, pos());
    }

    Stmt ret(Expr e) {
        return new Stmt.Return(e, pos());
    }

    Stmt brk(String label) {
        return new Stmt.Break(label, pos());
    }

    Stmt cont(String label) {
        return new Stmt.Continue(label, pos());
    }

    Stmt.Block block(Stmt... statements) {
        return new Stmt.Block(null, List.of(statements), pos());
    }

    Stmt.Block block(List<Stmt> statements) {
        return new Stmt.Block(null, statements, pos());
    }

    Stmt iff(Expr c, Stmt.Block then, Stmt.Block otherwise) {
        return new Stmt.If(c, then, otherwise, pos());
    }

    Stmt iff(Expr c, Stmt.Block then) {
        return new Stmt.If(c, then, block(), pos());
    }

    Stmt loop(String label, Expr c, boolean testFirst, Stmt.Block body, Stmt.Block update) {
        return new Stmt.Loop(label, c, testFirst, body, update, pos());
    }

    /** An entry function of {@code hook} with its context local. */
    Function entry(String name, Hook hook, Local ctx, List<Stmt> body) {
        return new Function(name, hook, List.of(ctx), Prim.INT, new Stmt.Block(null, body, pos()), pos());
    }

    Local context(Hook hook) {
        return local("ctx", new ContextType(hook));
    }

    Function subprogram(String name, List<Local> params, Prim returns, List<Stmt> body) {
        return new Function(name, null, params, returns, new Stmt.Block(null, body, pos()), pos());
    }

    /** {@code p = map.get(key); if (p == null) return fallback;} as two statements, then the caller reads {@code *p}. */
    List<Stmt> lookupOrReturn(Local p, MapDecl m, Expr key, int fallback) {
        List<Stmt> out = new ArrayList<>();
        out.add(let(p, map(m, MapOp.LOOKUP, key, null)));
        out.add(iff(isNull(r(p)), block(ret(i(fallback)))));
        return out;
    }

    static ValuePointer pointer(MapDecl m) {
        return new ValuePointer(m);
    }
}
