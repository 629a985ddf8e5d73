package dev.ebpf4j.processor.c;

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
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.SourcePosition;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.ir.UnaryOp;
import dev.ebpf4j.processor.ir.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A small builder for program units in tests, standing in for the front end: expressions as
 * static methods, statements through {@link Body}, each statement on the next line of a pretend
 * Java file.
 *
 * <pre>{@code
 * Ir ir = new Ir("Counter.java");
 * Local ctx = ir.local("ctx", new ContextType(Hook.XDP));
 * Function f = ir.entry("count", Hook.XDP, ctx, b -> b.ret(i(2)));
 * ProgramUnit unit = ir.unit("Counter", List.of(), List.of(), f);
 * }</pre>
 */
final class Ir {
    private final String file;
    private int line = 10;
    private int ids;

    Ir(String file) {
        this.file = file;
    }

    Local local(String name, IrType type) {
        return new Local(ids++, name, type);
    }

    SourcePosition next(String text) {
        line++;
        return new SourcePosition(file, line, 9, text);
    }

    Function entry(String name, Hook hook, Local context, Consumer<Body> body) {
        SourcePosition position = next("static XdpAction " + name + "(" + context.name() + ")");
        return new Function(name, hook, List.of(context), Prim.INT, block(body), position);
    }

    Function function(String name, Prim returnType, List<Local> parameters, Consumer<Body> body) {
        SourcePosition position = next("static " + returnType.javaName() + " " + name + "(...)");
        return new Function(name, null, parameters, returnType, block(body), position);
    }

    ProgramUnit unit(String className, List<MapDecl> maps, List<StructType> structs, Function... functions) {
        return new ProgramUnit("dev.example", className, file, "GPL", maps, structs, Arrays.asList(functions));
    }

    Stmt.Block block(Consumer<Body> content) {
        return block(null, content);
    }

    Stmt.Block block(String label, Consumer<Body> content) {
        Body body = new Body();
        content.accept(body);
        return new Stmt.Block(label, body.statements, null);
    }

    /** Statements in order, each at the next line. */
    final class Body {
        final List<Stmt> statements = new ArrayList<>();

        Body declare(Local local, Expr init) {
            statements.add(new Stmt.Declare(local, init, next("declare " + local.name())));
            return this;
        }

        Body assign(Local local, Expr value) {
            statements.add(new Stmt.Assign(local, value, next(local.name() + " = ...")));
            return this;
        }

        Body ret(Expr value) {
            statements.add(new Stmt.Return(value, next("return")));
            return this;
        }

        Body ret() {
            return ret(null);
        }

        Body eval(Expr expression) {
            statements.add(new Stmt.Eval(expression, next("eval")));
            return this;
        }

        Body ifThen(Expr condition, Consumer<Body> then) {
            return ifElse(condition, then, b -> { });
        }

        Body ifElse(Expr condition, Consumer<Body> then, Consumer<Body> otherwise) {
            SourcePosition position = next("if");
            statements.add(new Stmt.If(condition, block(then), block(otherwise), position));
            return this;
        }

        Body loop(String label, Expr condition, boolean testFirst, Consumer<Body> body, Consumer<Body> update) {
            SourcePosition position = next("loop");
            statements.add(new Stmt.Loop(label, condition, testFirst, block(body), block(update), position));
            return this;
        }

        Body brk(String label) {
            statements.add(new Stmt.Break(label, next("break")));
            return this;
        }

        Body cont(String label) {
            statements.add(new Stmt.Continue(label, next("continue")));
            return this;
        }

        Body labelled(String label, Consumer<Body> content) {
            SourcePosition position = next(label + ": {");
            Stmt.Block inner = block(label, content);
            statements.add(new Stmt.Block(label, inner.statements(), position));
            return this;
        }
    }

    // expressions

    static Expr.Constant i(int value) {
        return Expr.Constant.ofInt(value);
    }

    static Expr.Constant l(long value) {
        return Expr.Constant.ofLong(value);
    }

    static Expr.Constant bool(boolean value) {
        return Expr.Constant.ofBoolean(value);
    }

    static Expr.Read r(Local local) {
        return new Expr.Read(local);
    }

    static Prim prim(Expr e) {
        return (Prim) e.type();
    }

    static Expr.Binary bin(BinaryOp op, Expr left, Expr right) {
        return new Expr.Binary(op, prim(left), left, right);
    }

    static Expr.Binary add(Expr left, Expr right) {
        return bin(BinaryOp.ADD, left, right);
    }

    static Expr.Binary sub(Expr left, Expr right) {
        return bin(BinaryOp.SUB, left, right);
    }

    static Expr.Binary mul(Expr left, Expr right) {
        return bin(BinaryOp.MUL, left, right);
    }

    static Expr.Binary and(Expr left, Expr right) {
        return bin(BinaryOp.AND, left, right);
    }

    static Expr.Compare cmp(CompareOp op, Expr left, Expr right) {
        return new Expr.Compare(op, prim(left), left, right);
    }

    static Expr.Compare eq(Expr left, Expr right) {
        return cmp(CompareOp.EQ, left, right);
    }

    static Expr.Compare ne(Expr left, Expr right) {
        return cmp(CompareOp.NE, left, right);
    }

    static Expr.Compare lt(Expr left, Expr right) {
        return cmp(CompareOp.LT, left, right);
    }

    static Expr.Logical andAlso(Expr left, Expr right) {
        return new Expr.Logical(LogicalOp.AND, left, right);
    }

    static Expr.Logical orElse(Expr left, Expr right) {
        return new Expr.Logical(LogicalOp.OR, left, right);
    }

    static Expr.Unary unary(UnaryOp op, Expr operand) {
        return new Expr.Unary(op, operand);
    }

    static Expr.Unary not(Expr operand) {
        return unary(UnaryOp.NOT, operand);
    }

    static Expr.Conditional cond(Expr condition, Expr whenTrue, Expr whenFalse) {
        return new Expr.Conditional(condition, whenTrue, whenFalse);
    }

    static Expr.Convert conv(Prim to, Expr operand) {
        return new Expr.Convert(to, operand);
    }

    static Expr.IntrinsicCall intr(Intrinsic intrinsic, Expr... arguments) {
        return new Expr.IntrinsicCall(intrinsic, List.of(arguments));
    }

    static Expr.IsNull isNull(Expr pointer) {
        return new Expr.IsNull(pointer);
    }

    static Expr.Unary notNull(Expr pointer) {
        return not(isNull(pointer));
    }

    static Expr.Call call(String function, Prim type, Expr... arguments) {
        return new Expr.Call(function, type, List.of(arguments));
    }

    static Expr.MapCall map(MapDecl map, MapOp op, Expr key, Expr value) {
        return new Expr.MapCall(map, op, key, value);
    }

    static MapDecl mapDecl(String name, MapKind kind, ValueType key, ValueType value, int maxEntries) {
        return new MapDecl(name, kind, key, value, maxEntries, 0, false);
    }

    static ContextType xdp() {
        return new ContextType(Hook.XDP);
    }
}
