package dev.ebpf4j.processor.bpf;

import static dev.ebpf4j.processor.fixture.Ir.i;
import static dev.ebpf4j.processor.fixture.Ir.l;
import static dev.ebpf4j.processor.fixture.Ir.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the back end refuses, with one line naming the Java position and the problem. */
class CompileErrorTest {
    @Test
    void aFrameBeyond512BytesIsRefusedWithItsFunction() {
        Ir ir = new Ir();
        Local ctx = ir.context(Hook.XDP);
        List<Stmt> body = new ArrayList<>();
        List<Local> locals = new ArrayList<>();
        for (int n = 0; n < 70; n++) {
            Local v = ir.local("v" + n, Prim.LONG);
            locals.add(v);
            body.add(ir.let(v, l(n)));
        }
        var sum = (dev.ebpf4j.processor.ir.Expr) l(0);
        for (Local v : locals) sum = Ir.bin(dev.ebpf4j.processor.ir.BinaryOp.ADD, Prim.LONG, sum, r(v));
        body.add(ir.ret(Ir.conv(Prim.INT, sum)));
        ProgramUnit unit = new ProgramUnit("t", "Big", Ir.FILE, "GPL", List.of(), List.of(), List.of(ir.entry("big", Hook.XDP, ctx, body)));
        CompileException e = assertThrows(CompileException.class, () -> BpfCompiler.write(unit));
        assertTrue(e.getMessage().startsWith(Ir.FILE + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("function big needs more than the 512 bytes of stack"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void moreThanFiveParametersAreRefused() {
        Ir ir = new Ir();
        List<Local> params = new ArrayList<>();
        for (int n = 0; n < 6; n++) params.add(ir.local("p" + n, Prim.INT));
        Local ctx = ir.context(Hook.XDP);
        ProgramUnit unit = new ProgramUnit("t", "Six", Ir.FILE, "GPL", List.of(), List.of(), List.of(
                ir.entry("main", Hook.XDP, ctx, List.of(ir.ret(i(2)))),
                ir.subprogram("six", params, Prim.INT, List.of(ir.ret(r(params.get(5)))))));
        CompileException e = assertThrows(CompileException.class, () -> BpfCompiler.write(unit));
        assertTrue(e.getMessage().contains("six has 6 parameters; a bpf-to-bpf call passes at most 5"), e.getMessage());
    }

    @Test
    void viewsOutsidePacketHooksAreRefused() {
        Ir ir = new Ir();
        Local ctx = ir.context(Hook.SOCKET_FILTER);
        Local eth = ir.local("eth", dev.ebpf4j.processor.ir.ViewKind.ETHERNET);
        ProgramUnit unit = new ProgramUnit("t", "Sock", Ir.FILE, "GPL", List.of(), List.of(), List.of(
                ir.entry("sock", Hook.SOCKET_FILTER, ctx, List.of(
                        ir.let(eth, Ir.intr(dev.ebpf4j.processor.ir.Intrinsic.TC_ETHERNET, r(ctx))), ir.ret(i(0))))));
        CompileException e = assertThrows(CompileException.class, () -> BpfCompiler.write(unit));
        assertTrue(e.getMessage().contains("packet views need an XDP or tc context"), e.getMessage());
    }
}
