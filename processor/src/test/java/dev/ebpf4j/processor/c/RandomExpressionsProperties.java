package dev.ebpf4j.processor.c;

import static dev.ebpf4j.processor.fixture.Ir.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.fixture.JavaSemantics;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.ValuePointer;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.RequiresBpf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;

/**
 * Random expressions over every primitive type and operator, rendered as C, compiled by clang and
 * run in the kernel on random and extreme inputs: each must have the value Java gives it. Each
 * try compiles and loads one program of {@value #EXPRESSIONS} expressions, so the property has
 * its own, small number of tries.
 */
@RequiresBpf
@Tag("slow") // clang on each try: minutes under the VMs' emulation
class RandomExpressionsProperties {
    static final int EXPRESSIONS = 48;

    @Property(tries = 25)
    void renderedExpressionsComputeWhatJavaComputes(@ForAll long seed) {
        Random random = new Random(seed);
        Ir ir = new Ir("Expressions.java");
        MapDecl inputs = mapDecl("inputs", MapKind.ARRAY, Prim.INT, Prim.LONG, 5);
        MapDecl results = ConstructPrograms.results();
        Local ctx = ir.local("ctx", xdp());
        List<Local> locals = List.of(ir.local("x", Prim.INT), ir.local("y", Prim.LONG), ir.local("s", Prim.SHORT),
                ir.local("c", Prim.CHAR), ir.local("b", Prim.BYTE));
        RandomExpressions generator = new RandomExpressions(random, locals);
        List<Expr> expressions = new ArrayList<>();
        for (int k = 0; k < EXPRESSIONS; k++) {
            expressions.add(generator.of(List.of(Prim.INT, Prim.LONG, Prim.BOOLEAN).get(k % 3), 1 + random.nextInt(4)));
        }
        Function run = ir.entry("run", Hook.XDP, ctx, body -> {
            for (int k = 0; k < locals.size(); k++) {
                Local pointer = ir.local("input" + k, new ValuePointer(inputs));
                body.declare(pointer, map(inputs, MapOp.LOOKUP, i(k), null));
                body.ifThen(isNull(r(pointer)), t -> t.ret(i(0)));
                Local local = locals.get(k);
                Expr loaded = new Expr.LoadValue(r(pointer));
                body.declare(local, local.type() == Prim.LONG ? loaded : conv((Prim) local.type(), loaded));
            }
            for (int k = 0; k < expressions.size(); k++) body.eval(ConstructPrograms.put(results, k, expressions.get(k)));
            body.ret(i(2));
        });
        ProgramUnit unit = ir.unit("Expressions", List.of(inputs, results), List.of(), run);

        // Random code compares values with themselves, which Java allows and clang warns about.
        try (LoadedObject loaded = Kernel.load(Clang.object(unit, "-Wno-tautological-compare"))) {
            Program program = loaded.program("run");
            MapHandle in = loaded.map("inputs");
            MapHandle out = loaded.map("results");
            for (int round = 0; round < 6; round++) {
                long[] values = new long[locals.size()];
                Map<Local, Long> env = new HashMap<>();
                for (int k = 0; k < locals.size(); k++) {
                    long raw = round == 0 ? Long.MIN_VALUE : round == 1 ? -1 : round == 2 ? 0x7fff_ffffL : random.nextLong();
                    values[k] = raw;
                    Prim type = (Prim) locals.get(k).type();
                    env.put(locals.get(k), JavaSemantics.narrow(type, raw));
                    Kernel.putLong(in, k, raw);
                }
                assertEquals(2, program.testRun(new byte[64], 1).retval());
                long[] kernel = Kernel.readAll(out, EXPRESSIONS);
                for (int k = 0; k < expressions.size(); k++) {
                    Expr e = expressions.get(k);
                    long expected = JavaSemantics.eval(e, env);
                    if (kernel[k] != expected) {
                        String call = "results_put(" + k + ",";
                        String c = CRenderer.render(unit).lines().filter(line -> line.contains(call)).findFirst().orElse("?");
                        throw new AssertionError("inputs " + env.values() + ": expression " + k + " is " + kernel[k]
                                + " in the kernel, " + expected + " in Java\n  C: " + c.strip() + "\n  IR: " + e);
                    }
                }
            }
        }
    }
}
