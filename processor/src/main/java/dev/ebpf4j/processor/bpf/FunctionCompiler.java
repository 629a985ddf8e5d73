package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.SourcePosition;
import dev.ebpf4j.processor.passes.InlineCleanup;
import java.util.ArrayList;
import java.util.List;

/**
 * The code of one function: owns the builder, the frame, the temporaries and the homes of locals
 * that the emitters share, and runs them over the body.
 */
final class FunctionCompiler {
    final ProgramUnit unit;
    final Function function;
    final CodeBuilder code = new CodeBuilder();
    final StackFrame frame;
    final Temps temps = new Temps(() -> this.position);
    final NetworkCache network;
    final PacketEnd packetEnd;
    /** True once the code emitted so far has filled {@link #packetEnd}'s local. */
    boolean packetEndHeld;
    final Homes homes;
    final Local context;
    final ExpressionEmitter exprs;
    final ViewEmitter views;
    final IntrinsicEmitter intrinsics;
    final MapEmitter maps;
    final ArrayEmitter arrays;
    private int labels;
    SourcePosition position;
    /** The statement being compiled (its first level: the lowering of a declaration's value sees the declaration). */
    dev.ebpf4j.processor.ir.Stmt statement;

    private FunctionCompiler(ProgramUnit unit, Function function) {
        this.unit = unit;
        this.function = function;
        this.position = function.position();
        this.frame = new StackFrame(function.name(), function.position());
        this.network = NetworkCache.of(function);
        this.homes = new Homes(function, frame, network);
        this.packetEnd = homes.packetEnd();
        // The context: an entry's parameter, or a subprogram's context parameter (packet views need data_end).
        this.context = function.parameters().stream().filter(p -> p.type() instanceof ContextType).findFirst().orElse(null);
        this.exprs = new ExpressionEmitter(this);
        this.views = new ViewEmitter(this);
        this.intrinsics = new IntrinsicEmitter(this);
        this.maps = new MapEmitter(this);
        this.arrays = new ArrayEmitter(this);
    }

    /** The instructions of {@code function}, with line marks. */
    static Code compile(ProgramUnit unit, Function function) {
        if (function.parameters().size() > 5) {
            throw new CompileException(function.position(), "function " + function.name() + " has "
                    + function.parameters().size() + " parameters; a bpf-to-bpf call passes at most 5");
        }
        FunctionCompiler fc = new FunctionCompiler(unit, InlineCleanup.apply(function));
        fc.prologue();
        new StatementEmitter(fc).body(fc.function.body());
        return CodeCleanup.clean(fc.code.build());
    }

    private void prologue() {
        if (function.position() != null) mark(function.position());
        List<Local> params = function.parameters();
        if (packetEnd.contextOnlyInR1()) return;
        for (int i = 0; i < params.size(); i++) {
            storeLocal(params.get(i), Register.of(i + 1));
        }
    }

    void mark(SourcePosition p) {
        position = p;
        if (p != null && p.line() > 0) {
            code.line(p.file() == null ? unit.sourceFile() : p.file(), p.line(), Math.max(0, p.column()),
                    p.lineText() == null ? "" : p.lineText());
        }
    }

    String label(String hint) {
        return hint + "_" + labels++;
    }

    CompileException error(String problem) {
        return new CompileException(position, problem);
    }

    /** {@code dst = local}. */
    void loadLocal(Local local, Register dst) {
        Homes.Home home = homes.of(local);
        if (home.inRegister()) {
            if (home.register() != dst) code.mov64(dst, home.register());
        } else {
            code.ldxdw(dst, Register.R10, home.offset());
        }
    }

    /** {@code local = src}. */
    void storeLocal(Local local, Register src) {
        Homes.Home home = homes.of(local);
        if (home.inRegister()) {
            if (home.register() != src) code.mov64(home.register(), src);
        } else {
            code.stxdw(Register.R10, home.offset(), src);
        }
    }

    /** The hook whose context this function has, or null. */
    Hook hook() {
        return context == null ? null : ((ContextType) context.type()).hook();
    }

    /** The context pointer in a register: its home, or {@code scratch} loaded from its slot. */
    Register contextIn(Register scratch) {
        if (context == null) throw error("packet views need the context: pass it to " + function.name() + " as a parameter");
        if (packetEnd.contextOnlyInR1()) {
            if (packetEndHeld) throw new IllegalStateException("the context of " + function.name() + " read after the Ethernet view");
            return Register.R1;
        }
        Homes.Home home = homes.of(context);
        if (home.inRegister()) return home.register();
        code.ldxdw(scratch, Register.R10, home.offset());
        return scratch;
    }

    /** Temporaries saved to the stack around a call. */
    record Saved(List<Register> registers, List<Integer> offsets) {}

    /** Saves every live temporary but {@code except} before a call clobbers them. */
    Saved saveAround(Register except) {
        List<Register> live = temps.live(except);
        List<Integer> offsets = new ArrayList<>();
        for (Register r : live) {
            int off = frame.allocate(8);
            code.stxdw(Register.R10, off, r);
            offsets.add(off);
            temps.free(r);
        }
        return new Saved(live, offsets);
    }

    void restore(Saved saved) {
        for (int i = 0; i < saved.registers().size(); i++) {
            Register r = saved.registers().get(i);
            temps.take(r);
            temps.filled(r);
            code.ldxdw(r, Register.R10, saved.offsets().get(i));
        }
    }

    /** {@code dst = r0} after a call whose result has {@code type}. */
    void result(Register dst, Prim type) {
        if (dst == Register.R0) return;
        if (type.wide()) code.mov64(dst, Register.R0);
        else code.mov32(dst, Register.R0);
    }
}
