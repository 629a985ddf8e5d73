package dev.ebpf4j.processor.bpf;

import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verifier's limits on chains of bpf-to-bpf calls are compile errors at the Java method: eight
 * frames at most, and one 512-byte stack for all frames of a chain, each rounded up to 32 bytes.
 */
class CallChainsTest {
    private final Ir ir = new Ir();

    /** A function {@code name} with a zeroed array of {@code longs} elements on its stack, calling {@code callee} if not null. */
    private Function withArray(String name, int longs, String callee) {
        Local array = ir.local(name + "_array", new ArrayType(Prim.LONG, longs));
        List<Stmt> body = new ArrayList<>();
        body.add(ir.let(array, new Expr.NewArray(new ArrayType(Prim.LONG, longs))));
        Expr value = new Expr.ArrayElement(r(array), i(longs - 1));
        if (callee != null) value = Ir.add(value, new Expr.Call(callee, Prim.LONG, List.of()));
        body.add(ir.ret(value));
        return ir.subprogram(name, List.of(), Prim.LONG, body);
    }

    private Function entryCalling(String callee) {
        Local ctx = ir.context(Hook.XDP);
        return ir.entry("run", Hook.XDP, ctx, List.of(ir.ret(new Expr.Convert(Prim.INT, new Expr.Call(callee, Prim.LONG, List.of())))));
    }

    @Test
    void framesAreCountedAsTheVerifierCountsThem() {
        assertEquals(32, CallChains.frameSize(0));
        assertEquals(32, CallChains.frameSize(8));
        assertEquals(64, CallChains.frameSize(33));
        assertEquals(512, CallChains.frameSize(512));
    }

    @Test
    void twoFramesOfTwoHundredBytesFitAndThreeDoNot() {
        BpfCompiler.compile(ir.unit("Fits", List.of(), List.of(), entryCalling("a"), withArray("a", 25, "b"), withArray("b", 25, null)));
        CompileException error = assertThrows(CompileException.class, () -> BpfCompiler.compile(ir.unit("TooDeep", List.of(), List.of(),
                entryCalling("a"), withArray("a", 25, "b"), withArray("b", 25, "c"), withArray("c", 25, null))));
        assertTrue(error.getMessage().contains("the call chain run -> a -> b -> c needs") && error.getMessage().contains("share the kernel's 512"),
                error.getMessage());
    }

    @Test
    void nineNestedFramesAreRefused() {
        List<Function> functions = new ArrayList<>();
        functions.add(entryCalling("f1"));
        for (int n = 1; n <= 8; n++) {
            List<Stmt> body = List.of(ir.ret(n < 8 ? new Expr.Call("f" + (n + 1), Prim.LONG, List.of()) : Ir.l(n)));
            functions.add(ir.subprogram("f" + n, List.of(), Prim.LONG, body));
        }
        CompileException error = assertThrows(CompileException.class,
                () -> BpfCompiler.compile(ir.unit("Nested", List.of(), List.of(), functions.toArray(Function[]::new))));
        assertTrue(error.getMessage().contains("calls nest 9 deep here (run -> f1 -> f2 -> f3 -> f4 -> f5 -> f6 -> f7 -> f8)"),
                error.getMessage());
        functions.removeLast();
        functions.set(functions.size() - 1, ir.subprogram("f7", List.of(), Prim.LONG, List.of(ir.ret(Ir.l(7)))));
        BpfCompiler.compile(ir.unit("Eight", List.of(), List.of(), functions.toArray(Function[]::new)));
    }
}
