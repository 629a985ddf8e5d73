package dev.ebpf4j.processor.bpf;

import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.r;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.StructType;
import java.util.ArrayList;
import java.util.List;

/**
 * One XDP program over two long inputs {@code a} and {@code b} (read from the array {@code in})
 * that stores results into the array {@code out}: the frame for kernel tests of statements.
 */
final class Harness {
    static final MapDecl IN = Ir.mapDecl("in", MapKind.ARRAY, Prim.INT, Prim.LONG, 2);
    static final MapDecl OUT = Ir.mapDecl("out", MapKind.ARRAY, Prim.INT, Prim.LONG, 64);

    final Ir ir = new Ir();
    final Local ctx = ir.context(Hook.XDP);
    final Local a = ir.local("a", Prim.LONG);
    final Local b = ir.local("b", Prim.LONG);
    final List<Stmt> body = new ArrayList<>();
    final List<MapDecl> maps = new ArrayList<>(List.of(IN, OUT));
    final List<StructType> structs = new ArrayList<>();
    final List<Function> subprograms = new ArrayList<>();

    Harness() {
        Local p = ir.local("p", Ir.pointer(IN));
        Local q = ir.local("q", Ir.pointer(IN));
        body.addAll(ir.lookupOrReturn(p, IN, i(0), 1));
        body.addAll(ir.lookupOrReturn(q, IN, i(1), 1));
        body.add(ir.let(a, Ir.load(r(p))));
        body.add(ir.let(b, Ir.load(r(q))));
    }

    Stmt out(int slot, Expr value) {
        return ir.eval(Ir.putLong(OUT, slot, value));
    }

    ProgramUnit unit(int verdict) {
        List<Stmt> all = new ArrayList<>(body);
        all.add(ir.ret(i(verdict)));
        List<Function> functions = new ArrayList<>();
        functions.add(ir.entry("prog", Hook.XDP, ctx, all));
        functions.addAll(subprograms);
        return new ProgramUnit("t", "Harness", Ir.FILE, "GPL", maps, structs, functions);
    }

    /** Loads, runs once with {@code a} and {@code b}, and returns the object for reading {@code out}. */
    static LoadedObject run(ProgramUnit unit, long a, long b, int verdict) {
        LoadedObject o = Kernel.load(unit);
        Kernel.putLong(o.map("in"), 0, a);
        Kernel.putLong(o.map("in"), 1, b);
        int retval = o.program("prog").testRun(new byte[64], 1).retval();
        if (retval != verdict) {
            o.close();
            throw new AssertionError("the program returned " + retval + ", not " + verdict);
        }
        return o;
    }

    static long out(LoadedObject o, int slot) {
        return Kernel.getLong(o.map("out"), slot).orElseThrow();
    }
}
